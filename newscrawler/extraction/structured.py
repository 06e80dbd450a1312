"""A page's structured data: its meta tags (OpenGraph, ``article:*``, ``name=``) and its
schema.org NewsArticle JSON-LD, read from the response's one parsed tree."""

from __future__ import annotations

import json
import re
from collections import deque
from collections.abc import Iterable, Iterator
from functools import cached_property
from typing import Any

from scrapy.http import TextResponse

from newscrawler.extraction.selection import elements_named
from newscrawler.extraction.text import markup_text

ARTICLE_TYPES = frozenset(
    {"NewsArticle", "Article", "ReportageNewsArticle", "AnalysisNewsArticle", "BlogPosting",
     "WebPageElement", "LiveBlogPosting", "OpinionNewsArticle", "BackgroundNewsArticle"}
)  # fmt: skip
# The values of an article that are text a reader sees, possibly HTML-escaped or marked up.
TEXT_KEYS = frozenset(
    {"headline", "alternativeHeadline", "description", "articleBody", "articleSection",
     "keywords", "name", "text", "abstract"}
)  # fmt: skip
# A JSON-LD block is a few kilobytes; these bound what a hostile one costs.
MAX_JSON_LD_CHARS = 4 * 1024 * 1024
MAX_JSON_LD_NODES = 10_000
# Control characters in strings allowed (sites put raw newlines in theirs); made once, as
# json.loads(strict=False) makes one per call.
_JSON = json.JSONDecoder(strict=False)


class StructuredData:
    def __init__(self, response: TextResponse) -> None:
        self._response = response

    @cached_property
    def _elements(self) -> dict[str, list[Any]]:
        """The page's <meta>, <link> and <script> elements by tag, in page order: collected
        once, as the elements the site templates' selectors start at are, on the lxml tree
        itself (a parsel Selector per element, or an XPath per kind, costs more)."""
        return elements_named(self._response, "meta", "link", "script")

    @cached_property
    def meta(self) -> dict[str, list[str]]:
        """Every ``<meta>`` value by its property/name/itemprop key (lower-cased), in page order."""
        values: dict[str, list[str]] = {}
        for element in self._elements["meta"]:
            get = element.get  # no attribute mapping made per element
            if not (key := get("property") or get("name") or get("itemprop")):
                continue  # <meta charset>, http-equiv
            # Some templates (Reuters 2016) carry the value in value= instead of content=.
            content = get("content")
            if content is None:
                content = get("value")
            if content is not None:
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

    def meta_object(self, key: str) -> dict[str, Any]:
        """A meta tag whose value is a JSON object (Parse.ly's ``parsely-page``, whose
        ``pub_date`` is the publication time); {} where it is absent or no object."""
        try:
            value = _JSON.decode(self.meta_value(key) or "{}")
        except ValueError:
            return {}
        return value if isinstance(value, dict) else {}

    @cached_property
    def link_canonical(self) -> str | None:
        for element in self._elements["link"]:
            if element.get("rel") == "canonical" and (href := element.get("href")) is not None:
                return href
        return None

    @cached_property
    def article(self) -> dict[str, Any]:
        """The page's NewsArticle (or Article) JSON-LD object, wherever the block puts it
        (top level, a list, ``@graph``, nested in a WebPage); {} when it has none. Its text
        values (headline, articleBody, ...) come as text: entities decoded once, markup out.

        Blocks that are not valid JSON (some sites put ``//`` comments in theirs), larger
        than MAX_JSON_LD_CHARS or nested deeper than the JSON parser goes are skipped.
        """
        return {key: self.article_value(key) for key in self._article}

    @cached_property
    def _article(self) -> dict[str, Any]:
        """The article object as the JSON-LD gives it (text values not read yet)."""
        for data in self._json_ld:
            if (node := find_article(data)) is not None:
                return node
        return {}

    @cached_property
    def _article_texts(self) -> dict[str, Any]:
        return {}

    def article_headlines(self) -> list[str]:
        """The headline of every article object in the page's JSON-LD (one on an article
        page), as text."""
        found = (
            first_string(node.get("headline"))
            for data in self._json_ld
            for node in find_articles(data)
        )
        return [markup_text(headline) for headline in found if headline]

    @cached_property
    def _json_ld_texts(self) -> list[str]:
        """The text of the page's JSON-LD blocks, in page order."""
        return [
            block
            for script in self._elements["script"]
            if script.get("type") == "application/ld+json"
            and (block := script.text)
            and len(block) <= MAX_JSON_LD_CHARS
        ]

    @cached_property
    def _json_ld(self) -> list[Any]:
        """The page's JSON-LD blocks, parsed once, in page order."""
        blocks = []
        for block in self._json_ld_texts:
            try:
                blocks.append(_JSON.decode(block))
            except (ValueError, RecursionError):
                continue
        return blocks

    def names_key_twice(self, key: str) -> bool:
        """Whether the page's JSON-LD may name a key (an ASCII name) more than once, told
        from its text without parsing it: a key is a JSON string, spelt as it is unless
        with \\u escapes, so fewer than two quoted spellings and no escape mean fewer
        than two keys."""
        if "_json_ld" in self.__dict__:
            return True  # parsed already: the question costs nothing more
        texts = self._json_ld_texts
        quoted = f'"{key}"'
        return sum(text.count(quoted) for text in texts) > 1 or any("\\u" in t for t in texts)

    @cached_property
    def types(self) -> frozenset[str]:
        """Every schema.org ``@type`` the page's JSON-LD names (WebPage, CollectionPage,
        NewsArticle, ...), visiting at most MAX_JSON_LD_NODES values."""
        found: set[str] = set()
        for _, types in _typed_objects(self._json_ld):
            found.update(types)
        return frozenset(found)

    def article_value(self, key: str) -> Any:
        """A value of the article object, its text read (see article) when first asked
        for: a record reads a few of its values, and an articleBody's markup is a parse."""
        texts = self._article_texts
        if key not in texts:
            texts[key] = _as_text(key, self._article.get(key))
        return texts[key]

    def article_text(self, key: str) -> str | None:
        """A JSON-LD value that should be one string, whatever shape the page gives it:
        the string, the first string of a list, the ``name`` or ``@value`` of an object."""
        return first_string(self.article_value(key))

    def paywalled_part_missing(self) -> str | None:
        """The CSS selector of the part of the article the page says is for subscribers
        (schema.org's paywalled-content markup), when the page does not hold that part:
        the page is a teaser, not the article. None otherwise."""
        # Most pages say nothing of a paywall: their JSON-LD need not be parsed for it.
        if b"isAccessibleForFree" not in self._response.body:
            return None
        free = self.article_value("isAccessibleForFree")
        if str("" if free is None else free).lower() != "false":
            return None
        parts = self.article_value("hasPart") or []
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


def find_article(data: Any) -> dict[str, Any] | None:
    """The first object of an article type in a JSON-LD block; None when it has none."""
    return next(find_articles(data), None)


def find_articles(data: Any) -> Iterator[dict[str, Any]]:
    """The objects of an article type, breadth first (a top-level article before one
    nested in it), among at most MAX_JSON_LD_NODES values: no recursion."""
    for value, types in _typed_objects([data], stop_at_articles=True):
        if ARTICLE_TYPES.intersection(types):
            yield value


def _typed_objects(
    roots: Iterable[Any], stop_at_articles: bool = False
) -> Iterator[tuple[dict[str, Any], list[str]]]:
    """Every object under the roots with its string ``@type`` names, breadth first, among
    at most MAX_JSON_LD_NODES values: no recursion. stop_at_articles: the objects inside an
    article are not visited."""
    queue = deque(roots)
    for _ in range(MAX_JSON_LD_NODES):
        if not queue:
            return
        value = queue.popleft()
        if isinstance(value, list):
            queue.extend(value)
        elif isinstance(value, dict):
            types = value.get("@type")
            types = types if isinstance(types, list) else [types]
            names = [t for t in types if isinstance(t, str)]
            yield value, names
            if not (stop_at_articles and ARTICLE_TYPES.intersection(names)):
                queue.extend(v for v in value.values() if isinstance(v, dict | list))


def _as_text(key: str, value: Any) -> Any:
    """A text value of the article with its HTML read (see markup_text); others as given."""
    if key not in TEXT_KEYS:
        return value
    if isinstance(value, str):
        return markup_text(value)
    if isinstance(value, list):
        return [markup_text(v) if isinstance(v, str) else v for v in value]
    return value


def first_string(value: Any) -> str | None:
    """One string from a value of any JSON shape: itself, the first string in a list, an
    object's ``name``, ``@value`` or ``text``. None when there is none."""
    stack = [value]
    for _ in range(MAX_JSON_LD_NODES):
        if not stack:
            return None
        value = stack.pop()
        if isinstance(value, str):
            if value.strip():
                return value
        elif isinstance(value, list):
            stack.extend(reversed(value))
        elif isinstance(value, dict):
            stack.extend(value.get(key) for key in ("text", "@value", "name"))
    return None


def as_list(value: Any) -> list[str]:
    """A JSON-LD list value (``keywords``: a list, or one comma-separated string); entries
    that are objects give their name, other shapes nothing."""
    if isinstance(value, str):
        return [part.strip() for part in value.split(",") if part.strip()]
    if isinstance(value, list):
        found = (first_string(part) for part in value)
        return [part.strip() for part in found if part and part.strip()]
    return []


def as_paragraphs(value: Any) -> list[str]:
    """A JSON-LD ``articleBody`` as paragraphs, one per non-empty line (a list of strings
    is taken as paragraphs)."""
    if isinstance(value, list):
        value = "\n".join(part for part in value if isinstance(part, str))
    return [part for part in value.split("\n") if part.strip()] if isinstance(value, str) else []


def names(value: Any) -> list[str]:
    """The names of a JSON-LD ``author`` (or ``publisher``): one or a list of Persons,
    Organizations or plain strings."""
    entries = value if isinstance(value, list) else [value]
    found = (first_string(entry) for entry in entries)
    return [name.strip() for name in found if name]


def language_code(value: str | None) -> str | None:
    """ISO 639-1 from a language tag or locale: "en-GB", "tr_TR", "en" -> "en"."""
    code = re.split(r"[-_]", value.strip(), maxsplit=1)[0].lower() if value else ""
    return code if len(code) == 2 and code.isalpha() else None
