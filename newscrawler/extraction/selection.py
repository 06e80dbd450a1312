"""CSS selectors of the site templates, read without a search of the whole tree each.

A CSS query becomes an XPath that tests every element of the page (``.Page-byline x``
tests the class of each of AP's 3,000 elements first: 1-2 ms, about a quarter of the
page's parse). Most of a template's queries start at an element that an attribute of its
own names: a class (``.RichTextStoryBody > p``), an id, a ``data-*`` hook. Those
elements are found here for every such query at once, in one pass over the values of
that attribute on the page (``//@class``), and each query is evaluated from them (its
XPath with ``self::`` in place of ``descendant-or-self::``), which reads only their
subtrees. The results are those of ``response.css(query)``, in the same order: where
more than one such element gives results (their subtrees could interleave), the query
is run on the whole tree instead.

The pass keeps every element whose attribute value holds any needle a query compiled so
far in this process asked for (a class name, an id, a value), so a template's queries
share it; a query whose needle it did not look for (the first page a query runs on)
gets a pass of its own.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any
from weakref import WeakKeyDictionary

from cssselect import parser as css
from lxml import etree
from parsel.csstranslator import HTMLTranslator
from scrapy.http import TextResponse
from scrapy.selector import Selector, SelectorList

_TRANSLATOR = HTMLTranslator()
# Elements a page has hundreds of. A compound naming a rarer element (h1, header, input)
# is left to the XPath, which tests that name before any attribute and so reads little.
_COMMON_TAGS = frozenset({"div", "span", "a", "li", "p"})
# Operators whose value, when the attribute matches, is part of the attribute's value.
_HOLDING_OPERATORS = frozenset({"=", "~=", "|=", "^=", "$=", "*="})


@dataclass(frozen=True)
class Anchor:
    """The attribute a query's first element carries, and a string its value holds."""

    attribute: str
    needle: str


@dataclass
class _Needles:
    """Every needle asked for so far, per attribute, and the pattern finding them."""

    found: dict[str, set[str]] = field(default_factory=dict)
    patterns: dict[str, re.Pattern[str]] = field(default_factory=dict)

    def add(self, anchor: Anchor) -> None:
        needles = self.found.setdefault(anchor.attribute, set())
        if anchor.needle not in needles:
            needles.add(anchor.needle)
            alternatives = "|".join(re.escape(n) for n in sorted(needles, key=len, reverse=True))
            self.patterns[anchor.attribute] = re.compile(alternatives)


_NEEDLES = _Needles()


@dataclass(frozen=True)
class Query:
    """A CSS query compiled once: its anchor and its XPath from an anchor element, or
    None where its first element has no attribute to find it by."""

    css: str
    anchor: Anchor | None
    from_anchor: etree.XPath | None
    xpath: str  # the query from the page's root, as parsel runs it


@lru_cache(maxsize=1024)
def compiled(query: str) -> Query:
    xpath = _TRANSLATOR.css_to_xpath(query)
    anchors = {_anchor(selector.parsed_tree) for selector in css.parse(query)}
    anchor = anchors.pop() if len(anchors) == 1 else None
    if anchor is None:
        return Query(query, None, None, xpath)
    _NEEDLES.add(anchor)
    from_anchor = etree.XPath(_TRANSLATOR.css_to_xpath(query, prefix="self::"), smart_strings=False)
    return Query(query, anchor, from_anchor, xpath)


def _anchor(tree: Any) -> Anchor | None:
    """The anchor of a selector's first compound (``div.a[b]`` in ``div.a[b] > p``): an
    attribute test of the element itself, not of what :has() or :not() name."""
    while isinstance(tree, css.CombinedSelector):
        tree = tree.selector
    tests: list[Anchor] = []
    while not isinstance(tree, css.Element):
        if isinstance(tree, css.Hash):
            tests.append(Anchor("id", tree.id))
        elif isinstance(tree, css.Class):
            tests.append(Anchor("class", tree.class_name))
        elif (
            isinstance(tree, css.Attrib)
            and tree.namespace is None
            and tree.flag is None
            and tree.operator in _HOLDING_OPERATORS
            and tree.value is not None
            and tree.value.value
        ):
            tests.append(Anchor(tree.attrib.lower(), tree.value.value))
        tree = tree.selector
    if tree.element is not None and tree.element.lower() not in _COMMON_TAGS:
        return None
    ranked = [test for test in tests if _rank(test.attribute) is not None]
    return min(ranked, key=lambda test: _rank(test.attribute) or 0) if ranked else None


def _rank(attribute: str) -> int | None:
    """Attributes that name few elements of a page, by how few (a page has far more
    classes than ids); None for others (href, style), on too many elements for a pass
    over them to pay."""
    if attribute == "id":
        return 0
    if attribute.startswith("data-"):
        return 1
    return 2 if attribute == "class" else None


class _PageAnchors:
    """The elements of one page found by the passes over its attributes so far."""

    def __init__(self, root: Any) -> None:
        self.root = root
        self._found: dict[str, list[tuple[str, Any]]] = {}
        self._looked_for: dict[str, frozenset[str]] = {}

    def elements(self, anchor: Anchor) -> list[Any]:
        attribute = anchor.attribute
        if anchor.needle not in self._looked_for.get(attribute, ()):
            self._pass(attribute)
        needle = anchor.needle
        return [element for value, element in self._found[attribute] if needle in value]

    def _pass(self, attribute: str) -> None:
        search = _NEEDLES.patterns[attribute].search
        self._looked_for[attribute] = frozenset(_NEEDLES.found[attribute])
        self._found[attribute] = [
            (value, value.getparent()) for value in _values(attribute)(self.root) if search(value)
        ]


@lru_cache(maxsize=64)
def _values(attribute: str) -> etree.XPath:
    # Smart strings: each value knows its element.
    return etree.XPath(f"//@{attribute}")


_PAGES: WeakKeyDictionary[TextResponse, _PageAnchors] = WeakKeyDictionary()


def select(response: TextResponse, query: str) -> SelectorList[Selector]:
    """``response.css(query)``, found from the query's anchor elements where it has an
    anchor (see the module's docstring)."""
    compiled_query = compiled(query)
    if compiled_query.anchor is None:
        return response.xpath(compiled_query.xpath)
    root = response.selector.root
    page = _PAGES.get(response)
    if page is None or page.root is not root:
        page = _PAGES[response] = _PageAnchors(root)
    assert compiled_query.from_anchor is not None
    found: list[Any] = []
    for element in page.elements(compiled_query.anchor):
        if not _attached(element, root):
            continue
        results = compiled_query.from_anchor(element)
        if results:
            if found:
                return response.xpath(compiled_query.xpath)  # subtrees may interleave
            found = results
    # As parsel wraps an XPath's results: every one an html Selector, strings too.
    return SelectorList(Selector(root=x, _expr=compiled_query.xpath, type="html") for x in found)


def _attached(element: Any, root: Any) -> bool:
    """Whether an element is still in the page's tree (a spider may have cut some out)."""
    ancestors = list(element.iterancestors())
    return (ancestors[-1] if ancestors else element) is root
