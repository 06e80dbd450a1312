"""Text helpers: the text of a parsed tree, the text of a string that may hold HTML
(structured data), and the one normalization every text field of a record gets.

Markup is taken out on a tree, never on decoded text: ``<RELI.NS>`` or "under <2.00" in
the copy is text, and stays. Entities are decoded once, by the parser that reads them.
"""

from __future__ import annotations

import html
import re
import unicodedata
from collections.abc import Iterable
from functools import lru_cache
from typing import Any

import lxml.html
import regex
from lxml import etree
from lxml.html import HtmlElement
from lxml.html.defs import tags as HTML_TAGS

# Characters a reader never sees: C0/C1 controls, format characters (bidirectional
# embeddings, overrides and isolates, zero-width spaces and joiners, BOM, soft hyphen),
# lone surrogates and private-use code points.
_INVISIBLE = regex.compile(r"[\p{Cc}\p{Cf}\p{Cs}\p{Co}]+")
_SKIPPED_TAGS = frozenset({"script", "style", "noscript", "template", "figure", "figcaption"})
_SKIPPED_IN_PARAGRAPH = _SKIPPED_TAGS | {"p"}
# Elements whose end is a line break in the text of a fragment (a JSON-LD articleBody).
_BLOCK_TAGS = frozenset(
    {"p", "div", "li", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "tr", "pre"}
)
# Elements that are lines of their own wherever they sit: a quote's paragraphs, the items
# of a list nested in an item.
_LINE_TAGS = _BLOCK_TAGS | {"ul", "ol", "dl", "dt", "dd", "table", "section", "aside", "hr"}
# Where one line ends and the next begins in collected text (lxml text never holds NUL).
_LINE_END = "\0"
# Markup in a value may be as deep as a page's (libxml2 reads 2048 levels with huge_tree).
_FRAGMENT_PARSER = lxml.html.HTMLParser(huge_tree=True)
# A "<" that opens no HTML element (nor closes one, nor starts a comment) is text.
_NOT_A_TAG = re.compile(
    r"<(?!/?(?:{})(?=[\s/>])|!--)".format("|".join(sorted(HTML_TAGS, key=len, reverse=True))),
    re.IGNORECASE,
)


def clean_text(value: str) -> str:
    """The one normalization of every text field: invisible characters out, Unicode
    spaces and line breaks collapsed to one space, NFC. Idempotent. The value is text
    already (from a tree, or through markup_text): nothing in it is markup or an entity."""
    # Most text has nothing to take out and is NFC already: its spaces collapsed, it is done
    # (printable: no control, format, private-use or unassigned character, no line break).
    collapsed = " ".join(value.split())
    if collapsed.isprintable() and (
        collapsed.isascii() or unicodedata.is_normalized("NFC", collapsed)
    ):
        return collapsed
    # The invisible characters are among the few unprintable ones the text holds: they go
    # by a table of those, not by a search of the whole text for them (the slower part).
    invisible = {
        ord(character): None
        for character in set(collapsed)
        if not character.isprintable() and _INVISIBLE.match(character)
    }
    value = unicodedata.normalize("NFC", collapsed.translate(invisible))
    return " ".join(value.split())


def clean_paragraph(value: str) -> str:
    """clean_text line by line: a paragraph keeps its line breaks, loses its empty lines."""
    lines = (clean_text(line) for line in value.split("\n"))
    return "\n".join(line for line in lines if line)


def markup_text(value: str) -> str:
    """The text of a string that may hold HTML (a JSON-LD or page-data value): entities
    decoded once, elements taken out on a parsed tree, a paragraph's end or a ``<br>`` a
    line break. A "<" that opens no HTML element (``<RELI.NS>``, ``<2.00``) is text."""
    if "<" not in value:
        return html.unescape(value) if "&" in value else value
    escaped = _NOT_A_TAG.sub("&lt;", value)
    if "<" not in escaped:
        return html.unescape(escaped)
    try:
        fragment = lxml.html.fragment_fromstring(
            escaped, create_parent="div", parser=_FRAGMENT_PARSER
        )
    except (etree.ParserError, ValueError):
        return html.unescape(escaped)
    parts: list[str] = []
    _collect_text(fragment, parts, _SKIPPED_TAGS, _BLOCK_TAGS)
    return "".join(parts)


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


def block_lines(element: HtmlElement) -> list[str]:
    """element_text split into the lines a reader sees: where a block inside begins or ends
    (a quote's paragraphs, an embedded post's text and its signature, the items of a nested
    list), not where an inline element does; blank lines out, text not cleaned."""
    parts: list[str] = []
    _collect_text(element, parts, _SKIPPED_TAGS, _LINE_TAGS, _LINE_END)
    return [line for line in "".join(parts).split(_LINE_END) if line.strip()]


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


def _collect_text(
    element: HtmlElement,
    parts: list[str],
    skipped: frozenset[str],
    blocks: frozenset[str] = frozenset(),
    line_end: str | None = None,
) -> None:
    """Document-order text of the element's subtree, iteratively: markup nested deeper
    than Python's recursion limit is still read. The end of a block is a line break; with
    line_end, its start and end are that mark."""
    if element.text:
        parts.append(element.text)
    # A stack of (child, entering): entering, its text and children come; leaving, its tail.
    stack: list[tuple[Any, bool]] = [(child, True) for child in reversed(element)]
    while stack:
        node, entering = stack.pop()
        tag = node.tag if isinstance(node.tag, str) else ""
        if not entering:
            if tag in blocks:
                parts.append(line_end or "\n")
            if node.tail:
                parts.append(node.tail)
            continue
        if tag == "br":
            parts.append("\n")
        elif tag and tag not in skipped:
            if line_end and tag in blocks:
                parts.append(line_end)
            if node.text:
                parts.append(node.text)
            stack.append((node, False))
            stack.extend((child, True) for child in reversed(node))
            continue
        if node.tail:
            parts.append(node.tail)
