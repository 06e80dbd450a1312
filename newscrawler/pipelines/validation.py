"""Validation stage: a record without url, headline, publication time or body text is no
article, nor is one with a field larger than any article's (the bounds of the package's
JSON Schema). It is dropped with the reason, which the rejects feed and the stats keep."""

from __future__ import annotations

from typing import Any

from newscrawler.items import REQUIRED_FIELDS, ArticleItem
from newscrawler.pipelines import RejectedItem, Stage
from newscrawler.schema import article_schema

_SCHEMA = article_schema()["properties"]
# Characters of a one-line field (headline, labels, authors, section, keywords, editor's
# note, dateline, a related headline), of a URL, and of the body (a paragraph, and all).
LINE_CHARS: int = article_schema()["$defs"]["line"]["maxLength"]
URL_CHARS: int = _SCHEMA["url"]["maxLength"]
BODY_CHARS: int = _SCHEMA["body"]["items"]["maxLength"]
MAX_ITEMS: dict[str, int] = {
    name: _SCHEMA[name]["maxItems"] for name in ("labels", "authors", "keywords", "related", "body")
}


class ValidationPipeline(Stage):
    def process_item(self, item: Any) -> Any:
        if not isinstance(item, ArticleItem):
            return item
        for name in REQUIRED_FIELDS:
            if not getattr(item, name):
                raise RejectedItem(
                    f"missing_{name}",
                    f"the page gives no {name} that this spider can find: it is not an article "
                    f"page, or the site's markup has changed under the spider's selectors",
                )
        if (oversized := oversized_field(item)) is not None:
            raise RejectedItem(
                "field_too_large",
                f"{oversized} (article.schema.json): larger than any article's. The page is "
                f"hostile, or broken markup (an unclosed tag) made the spider read more than "
                f"the field; it is tried again on the next run",
            )
        return item


def oversized_field(item: ArticleItem) -> str | None:
    """The first field over the record's bounds, its size and its bound; None when every
    field is within them: a loader given the record (a database's text index, a queue's
    message size) meets nothing larger than the schema says. A record costs a pass over
    its strings' lengths (5 us)."""
    for name, most in MAX_ITEMS.items():
        if (count := len(getattr(item, name))) > most:
            return f"{name}: {count:,} items, over the bound of {most:,}"
    if (chars := sum(map(len, item.body))) > BODY_CHARS:
        return f"body: {chars:,} characters, over the bound of {BODY_CHARS:,}"
    urls = [item.url or "", *(link["url"] for link in item.related)]
    if (longest := max(map(len, urls))) > URL_CHARS:
        name = "url" if len(urls[0]) > URL_CHARS else "related"
        return f"{name}: a URL of {longest:,} characters, over the bound of {URL_CHARS:,}"
    dateline = item.dateline
    lines = {
        "headline": [item.headline or ""],
        "section": [item.section or ""],
        "editor_note": [item.editor_note or ""],
        "dateline": [dateline["text"] if dateline else ""],
        "labels": item.labels,
        "authors": item.authors,
        "keywords": item.keywords,
        "related": [link["headline"] for link in item.related],
    }
    for name, texts in lines.items():
        if texts and (longest := max(map(len, texts))) > LINE_CHARS:
            return f"{name}: {longest:,} characters, over the bound of {LINE_CHARS:,}"
    return None
