"""A page's structured data: its meta tags (OpenGraph, ``article:*``, ``name=``) and its
schema.org NewsArticle JSON-LD, read from the response's one parsed tree."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from functools import cached_property
from typing import Any

from scrapy.http import TextResponse

ARTICLE_TYPES = frozenset(
    {"NewsArticle", "Article", "ReportageNewsArticle", "AnalysisNewsArticle", "BlogPosting",
     "WebPageElement", "LiveBlogPosting", "OpinionNewsArticle", "BackgroundNewsArticle"}
)  # fmt: skip


class StructuredData:
    def __init__(self, response: TextResponse) -> None:
        self._response = response

    @cached_property
    def meta(self) -> dict[str, list[str]]:
        """Every ``<meta>`` value by its property/name/itemprop key (lower-cased), in page order."""
        values: dict[str, list[str]] = {}
        # Straight on the lxml tree: a parsel Selector per meta tag costs more than the scan.
        for element in self._response.selector.root.iter("meta"):
            attrib = element.attrib
            # Some templates (Reuters 2016) carry the value in value= instead of content=.
            content = attrib.get("content", attrib.get("value"))
            key = attrib.get("property") or attrib.get("name") or attrib.get("itemprop")
            if key and content is not None:
                values.setdefault(key.lower(), []).append(content)
        return values

    def meta_value(self, *keys: str) -> str | None:
        """The first non-empty value among the keys, tried in order."""
        for key in keys:
            for value in self.meta.get(key, ()):
                if value.strip():
                    return value
        return None

    def meta_values(self, key: str) -> list[str]:
        return [value for value in self.meta.get(key, ()) if value.strip()]

    @cached_property
    def link_canonical(self) -> str | None:
        hrefs = self._response.selector.root.xpath("//link[@rel='canonical']/@href")
        return str(hrefs[0]) if hrefs else None

    @cached_property
    def article(self) -> dict[str, Any]:
        """The page's NewsArticle (or Article) JSON-LD object; {} when it has none.

        Blocks that are not valid JSON (some sites put ``//`` comments in theirs) are skipped:
        they are never the article's block on the pages seen so far.
        """
        root = self._response.selector.root
        for block in root.xpath("//script[@type='application/ld+json']/text()"):
            try:
                data = json.loads(block, strict=False)
            except ValueError:
                continue
            for node in _nodes(data):
                types = node.get("@type")
                types = types if isinstance(types, list) else [types]
                if ARTICLE_TYPES.intersection(t for t in types if isinstance(t, str)):
                    return node
        return {}

    def article_value(self, key: str) -> Any:
        return self.article.get(key)

    def paywalled_part_missing(self) -> str | None:
        """The CSS selector of the part of the article the page says is for subscribers
        (schema.org's paywalled-content markup), when the page does not hold that part:
        the page is a teaser, not the article. None otherwise."""
        # Most pages say nothing of a paywall: their JSON-LD need not be parsed for it.
        if b"isAccessibleForFree" not in self._response.body:
            return None
        if str(self.article.get("isAccessibleForFree", "")).lower() != "false":
            return None
        parts = self.article.get("hasPart") or []
        for part in parts if isinstance(parts, list) else [parts]:
            if (
                not isinstance(part, dict)
                or str(part.get("isAccessibleForFree")).lower() != "false"
            ):
                continue
            selector = part.get("cssSelector")
            if (
                isinstance(selector, str)
                and not "".join(self._response.css(selector).xpath(".//text()").getall()).strip()
            ):
                return selector
        return None


def _nodes(data: Any) -> Iterator[dict[str, Any]]:
    if isinstance(data, list):
        for entry in data:
            yield from _nodes(entry)
    elif isinstance(data, dict):
        yield data
        if "@graph" in data:
            yield from _nodes(data["@graph"])


def as_list(value: Any) -> list[str]:
    """A JSON-LD list value (``keywords``: a list, or one comma-separated string)."""
    if isinstance(value, str):
        return [part.strip() for part in value.split(",") if part.strip()]
    if isinstance(value, list):
        return [str(part).strip() for part in value if str(part).strip()]
    return []


def as_paragraphs(value: Any) -> list[str]:
    """A JSON-LD ``articleBody`` as paragraphs, one per non-empty line."""
    return [part for part in value.split("\n") if part.strip()] if isinstance(value, str) else []


def names(value: Any) -> list[str]:
    """The names of a JSON-LD ``author`` (or ``publisher``): one or a list of Persons,
    Organizations or plain strings."""
    entries = value if isinstance(value, list) else [value]
    found = (entry.get("name") if isinstance(entry, dict) else entry for entry in entries)
    return [name.strip() for name in found if isinstance(name, str) and name.strip()]


def language_code(value: str | None) -> str | None:
    """ISO 639-1 from a language tag or locale: "en-GB", "tr_TR", "en" -> "en"."""
    code = re.split(r"[-_]", value.strip(), maxsplit=1)[0].lower() if value else ""
    return code if len(code) == 2 and code.isalpha() else None
