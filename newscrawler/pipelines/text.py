"""Text stage: entities, tags and whitespace normalized and Unicode NFC in every text field."""

from __future__ import annotations

from typing import Any

from newscrawler.extraction.text import clean_paragraph, clean_text
from newscrawler.items import ArticleItem, RelatedLink
from newscrawler.pipelines import Stage


class TextPipeline(Stage):
    def process_item(self, item: Any) -> Any:
        if not isinstance(item, ArticleItem):
            return item
        item.headline = _clean_optional(item.headline)
        item.section = _clean_optional(item.section)
        item.editor_note = _clean_optional(item.editor_note)
        item.authors = _clean_list(item.authors)
        item.keywords = _clean_list(item.keywords)
        item.body = [p for p in map(clean_paragraph, item.body) if p]
        item.related = [
            RelatedLink(headline=clean_text(link["headline"]), url=link["url"].strip())
            for link in item.related
        ]
        return item


def _clean_optional(value: str | None) -> str | None:
    return (clean_text(value) or None) if value is not None else None


def _clean_list(values: list[str]) -> list[str]:
    """Cleaned, empty ones dropped, each once in first-seen order."""
    return list(dict.fromkeys(v for v in map(clean_text, values) if v))
