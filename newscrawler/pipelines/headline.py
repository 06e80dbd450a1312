"""Headline stage: the wire labels in front of a headline ("(LEAD)", "(2nd LD)",
"(Yonhap Feature)") go to ``labels``, and the story version follows from them."""

from __future__ import annotations

from typing import Any

from newscrawler.extraction.wire import split_labels, version_from_labels
from newscrawler.items import ArticleItem
from newscrawler.pipelines import Stage


class HeadlinePipeline(Stage):
    def process_item(self, item: Any) -> Any:
        if not isinstance(item, ArticleItem) or not item.headline:
            return item
        labels, item.headline = split_labels(item.headline)
        item.labels = [*item.labels, *labels]
        item.version = version_from_labels(item.labels)
        return item
