"""Text helpers: markup to plain text, and the normalization every record's text gets."""

from __future__ import annotations

import html
import re
import unicodedata
from collections.abc import Iterable
from functools import lru_cache
from typing import Any

from lxml import etree
from lxml.html import HtmlElement
from w3lib.html import remove_tags, remove_tags_with_content

# Characters that render as nothing; removed before whitespace is collapsed.
_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"))
_WHITESPACE = re.compile(r"\s+")
_SKIPPED_TAGS = frozenset({"script", "style", "noscript", "template", "figure", "figcaption"})
_SKIPPED_IN_PARAGRAPH = _SKIPPED_TAGS | {"p"}


def clean_text(value: str) -> str:
    """Tags (and what scripts and styles hold) and entities out, NFC, whitespace
    (non-breaking spaces too) collapsed."""
    if "<" in value:
        value = remove_tags(remove_tags_with_content(value, which_ones=("script", "style")))
    if "&" in value:
        value = html.unescape(value)  # HTML5's entities: &apos; too, which w3lib lacks
    value = unicodedata.normalize("NFC", value.translate(_INVISIBLE))
    return _WHITESPACE.sub(" ", value).strip()


def clean_paragraph(value: str) -> str:
    """clean_text line by line: a paragraph keeps its line breaks, loses its empty lines."""
    lines = (clean_text(line) for line in value.split("\n"))
    return "\n".join(line for line in lines if line)


def first_text(elements: Iterable[Any]) -> str | None:
    """The text of the first of the elements (lxml elements or parsel Selectors) that has
    any, as a reader sees it, whitespace collapsed; None when none has."""
    for element in elements:
        text = clean_text(element_text(getattr(element, "root", element)))
        if text:
            return text
    return None


def element_text(element: HtmlElement) -> str:
    """The text of an element as a reader sees it, a ``<br>`` as a line break.

    Scripts, styles and embedded figures inside a paragraph are not its text.
    """
    parts: list[str] = []
    _collect_text(element, parts, _SKIPPED_TAGS)
    return "".join(parts)


@lru_cache(maxsize=256)
def compiled(xpath: str) -> etree.XPath:
    """An XPath compiled once, run straight on the lxml tree (no Selector per match)."""
    return etree.XPath(xpath)


def paragraph_text(element: HtmlElement) -> str:
    """element_text of a paragraph, without the paragraphs that broken markup (an unclosed
    link around unclosed ``<p>``s) nested in it: those are paragraphs of their own."""
    parts: list[str] = []
    _collect_text(element, parts, _SKIPPED_IN_PARAGRAPH)
    return "".join(parts)


def _collect_text(element: HtmlElement, parts: list[str], skipped: frozenset[str]) -> None:
    if element.text:
        parts.append(element.text)
    for child in element:
        tag = child.tag if isinstance(child.tag, str) else ""
        if tag == "br":
            parts.append("\n")
        elif tag and tag not in skipped:
            _collect_text(child, parts, skipped)
        if child.tail:
            parts.append(child.tail)
