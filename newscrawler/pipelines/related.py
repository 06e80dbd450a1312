"""Related stage: related headlines get absolute canonical URLs, each URL once, never the
article's own."""

from __future__ import annotations

from typing import Any

from newscrawler.extraction.urls import is_http_url
from newscrawler.items import ArticleItem, RelatedLink
from newscrawler.pipelines import Stage


class RelatedPipeline(Stage):
    def process_item(self, item: Any) -> Any:
        if not isinstance(item, ArticleItem):
            return item
        canonical = self.crawler.spider.canonical_url
        seen = {canonical(item.url)} if item.url else set()
        related: list[RelatedLink] = []
        for link in item.related:
            if not link["headline"] or not is_http_url(link["url"]):
                continue
            url = canonical(link["url"])
            if url not in seen:
                seen.add(url)
                related.append(RelatedLink(headline=link["headline"], url=url))
        item.related = related
        return item
