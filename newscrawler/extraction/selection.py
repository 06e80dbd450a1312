"""CSS selectors of the site templates, read without a walk of the whole tree each.

A CSS query becomes an XPath that visits every element of the page (``.Page-byline x``
tests the class of each of AP's 3,000 elements: 1-2 ms, a quarter of the page's parse),
and a walk of a tree that large costs its reads of memory even where it tests nothing
but names. Here the elements a query starts at (those its first compound selector
matches) are found for all of a page's queries together:

- by their name, where the compound names one (``div.prose``, ``h1``, ``meta[name=x]``):
  the page's elements of each name the queries (and the structured data's meta, link and
  script tags) start at are collected once, each name's filtered by the compound's own
  attribute test where it has one;
- by one attribute, where it names none (``.RichTextStoryBody > p``, ``#main``,
  ``[data-testid='ArticleBody'] h1``): one pass over that attribute's values on the page
  (``//@class``) keeps the elements whose value holds what any query looks for.

Each query is then evaluated from those elements (its XPath with ``self::`` in place of
``descendant-or-self::``), which reads only their subtrees. The results are those of
``response.css(query)``, in the same order: where more than one start element gives
results that could interleave (nested subtrees, siblings), the query runs on the whole
tree instead. A query that starts at a name found on hundreds of elements (div, span, a)
with no id, class or data-* test to narrow it, or at any element with no such test, is
left to its XPath, right to left where a descendant or sibling step would start from
each element a compound matches (``[data-reactroot] [data-key='article']``: see
_RightToLeft).

A page's pass over an attribute's values looks for the values of every query compiled
so far in this process, so a template's queries share one pass; a value first asked for
after it (on the first page a query runs on, or one a template reads only now and then)
gets a pass of its own.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any
from weakref import WeakKeyDictionary

from cssselect import parser as css
from cssselect.xpath import XPathExpr
from lxml import etree
from parsel.csstranslator import HTMLTranslator
from scrapy.http import TextResponse
from scrapy.selector import Selector, SelectorList

_TRANSLATOR = HTMLTranslator()


class _RightToLeft(HTMLTranslator):
    """A query as browsers match it, right to left: the elements of its last compound,
    each kept for the ancestors or siblings the combinators ask of it. libxml2 evaluates
    a descendant or sibling step from each element the step before it found, and merges
    each one's results into the others' with a test against every node merged so far:
    time that grows with the square of a long list (``li a``: 32,000 links, 3 s). Here
    the tree is walked once, and each element's test reads its own ancestors or
    siblings. The elements are those of the query's XPath, in the same order."""

    def xpath_descendant_combinator(self, left: XPathExpr, right: XPathExpr) -> XPathExpr:
        return right.add_condition(f"ancestor::{left}")

    def xpath_child_combinator(self, left: XPathExpr, right: XPathExpr) -> XPathExpr:
        return right.add_condition(f"parent::{left}")

    def xpath_direct_adjacent_combinator(self, left: XPathExpr, right: XPathExpr) -> XPathExpr:
        return right.add_condition(f"preceding-sibling::*[1]/self::{left}")

    def xpath_indirect_adjacent_combinator(self, left: XPathExpr, right: XPathExpr) -> XPathExpr:
        return right.add_condition(f"preceding-sibling::{left}")


_RIGHT_TO_LEFT = _RightToLeft()
# Right to left costs an ancestor test for each element of the last compound: 3-4x
# libxml2's XPath on a real page, which the XPath costs in time that grows with the square
# of a long list only; below an element of fewer than this many descendants it is the
# cheaper (its worst case: a few ms). The test stops at that many (libxml2 counts to a
# position without collecting): 2-4 us.
LONG_SUBTREE_ELEMENTS = 2_000
_LONG_SUBTREE = etree.XPath(f"boolean(descendant::*[{LONG_SUBTREE_ELEMENTS}])")
# The same from the page's root, for a query whose first elements' results interleave: the
# largest real article pages hold a few thousand elements.
_LONG_PAGE = etree.XPath(f"boolean(descendant::*[{10 * LONG_SUBTREE_ELEMENTS}])")
# Elements a page has hundreds of: collected by name only for a query that narrows them
# by an id, a class or a data-* value.
_COMMON_TAGS = frozenset({"div", "span", "a", "li", "p"})
# Operators whose value, when the attribute matches, is part of the attribute's value.
_HOLDING_OPERATORS = frozenset({"=", "~=", "|=", "^=", "$=", "*="})
_XML_SPACES = str.maketrans("\t\n\r", "   ")


@dataclass(frozen=True)
class Anchor:
    """An attribute a query's first element carries and a string its value holds: as a
    whole (an id), as one of its space-separated words (a class name), or anywhere; any
    value where the needle is None."""

    attribute: str
    needle: str | None
    held: str = "anywhere"  # or "whole", "word"

    def holds(self, value: str) -> bool:
        if self.needle is None:
            return True
        if self.held == "whole":
            return value == self.needle
        if self.held == "word":  # XML's whitespace, as the query's normalize-space()
            return self.needle in value.translate(_XML_SPACES).split(" ")
        return self.needle in value

    @property
    def rank(self) -> int | None:
        """How few elements of a page carry the attribute (a page has far more classes
        than ids); None for others (href, style, name), on too many elements for a pass
        over them to pay."""
        if self.attribute == "id":
            return 0
        if self.attribute.startswith("data-"):
            return 1
        return 2 if self.attribute == "class" else None


@dataclass(frozen=True)
class Query:
    """A CSS query compiled once: where its first elements are found (by name, by an
    attribute, or both) and its XPath from them; from_first None where it has no
    shortcut."""

    css: str
    xpath: str  # the query from the page's root, as parsel runs it
    whole: etree.XPath  # that XPath compiled, as parsel compiles it
    # The query right to left from the page's root, where a descendant or sibling step of
    # its XPath starts from every element a compound matches (see _RightToLeft): for a
    # query with no shortcut, and for a page of many elements whose first elements'
    # results interleave. An ancestor test for each element of its last compound: about
    # the XPath's cost on a page of a few thousand elements (0.8-1.7x), and far less than
    # its square on a long list.
    right_to_left: etree.XPath | None = None
    tag: str | None = None
    anchor: Anchor | None = None
    from_first: etree.XPath | None = None
    # From a first element of more than LONG_SUBTREE elements below it, the query right to
    # left, where a descendant or sibling step comes after the first compound: the first
    # elements are few, the elements of a later step may not be.
    from_long_first: etree.XPath | None = None
    # Its results are its first elements themselves (or their text, attributes): never
    # interleaved, whatever elements give them.
    self_only: bool = False


@dataclass
class _Wanted:
    """Every attribute value the queries compiled so far look for."""

    needles: dict[str, set[str]] = field(default_factory=dict)
    patterns: dict[str, re.Pattern[str]] = field(default_factory=dict)

    def add_needle(self, anchor: Anchor) -> None:
        assert anchor.needle is not None
        needles = self.needles.setdefault(anchor.attribute, set())
        if anchor.needle not in needles:
            needles.add(anchor.needle)
            alternatives = "|".join(re.escape(n) for n in sorted(needles, key=len, reverse=True))
            self.patterns[anchor.attribute] = re.compile(alternatives)


_WANTED = _Wanted()


@lru_cache(maxsize=1024)
def compiled(query: str) -> Query:
    """The query's way to its first elements, worked out once per process."""
    xpath = _TRANSLATOR.css_to_xpath(query)
    selectors = css.parse(query)
    combinators = [_combinators(selector.parsed_tree) for selector in selectors]
    whole = etree.XPath(xpath, smart_strings=False)
    # Not where the last compound is any element at all (``div ::text`` reads the text of
    # the div itself too, which no element under it holds).
    reversible = "descendant-or-self::*/" not in xpath
    right_to_left = None
    if reversible and any(c != ">" for steps in combinators for c in steps):
        right_to_left = etree.XPath(_RIGHT_TO_LEFT.css_to_xpath(query), smart_strings=False)
    starts = {_first_compound(selector.parsed_tree) for selector in selectors}
    if len(starts) != 1:
        return Query(query, xpath, whole, right_to_left)
    tag, anchor = starts.pop()
    if tag is not None and tag in _COMMON_TAGS and (anchor is None or anchor.rank is None):
        return Query(query, xpath, whole, right_to_left)
    if tag is None and (anchor is None or anchor.rank is None or anchor.needle is None):
        return Query(query, xpath, whole, right_to_left)
    if tag is None and anchor is not None:
        _WANTED.add_needle(anchor)
    from_first = etree.XPath(_TRANSLATOR.css_to_xpath(query, prefix="self::"), smart_strings=False)
    from_long_first = None
    if reversible and len(selectors) == 1 and any(c != ">" for c in combinators[0][1:]):
        compound = _TRANSLATOR.xpath(_first_compound_tree(selectors[0].parsed_tree))
        last = _RIGHT_TO_LEFT.css_to_xpath(query, prefix="")
        from_long_first = etree.XPath(f"self::{compound}/descendant::{last}", smart_strings=False)
    self_only = len(selectors) == 1 and not isinstance(
        selectors[0].parsed_tree, css.CombinedSelector
    )
    return Query(
        query, xpath, whole, right_to_left, tag, anchor, from_first, from_long_first, self_only
    )


def _combinators(tree: Any) -> list[str]:
    """A selector's combinators, from its first compound to its last."""
    found: list[str] = []
    while isinstance(tree, css.CombinedSelector):
        found.append(tree.combinator)
        tree = tree.selector
    return found[::-1]


def _first_compound_tree(tree: Any) -> Any:
    """A selector's first compound (``div.a[b]`` in ``div.a[b] > p``)."""
    while isinstance(tree, css.CombinedSelector):
        tree = tree.selector
    return tree


def _first_compound(tree: Any) -> tuple[str | None, Anchor | None]:
    """The name a selector's first compound (``div.a[b]`` in ``div.a[b] > p``) gives its
    element, and the attribute test of the element itself (not of what :has() or :not()
    name) that names fewest elements."""
    tree = _first_compound_tree(tree)
    tests: list[Anchor] = []
    while not isinstance(tree, css.Element):
        if isinstance(tree, css.Hash):
            tests.append(Anchor("id", tree.id, "whole"))
        elif isinstance(tree, css.Class):
            tests.append(Anchor("class", tree.class_name, "word"))
        elif isinstance(tree, css.Attrib) and tree.namespace is None and tree.flag is None:
            if tree.operator == "exists":
                tests.append(Anchor(tree.attrib.lower(), None))
            elif (
                tree.operator in _HOLDING_OPERATORS and tree.value is not None and tree.value.value
            ):
                held = {"=": "whole", "~=": "word"}.get(tree.operator, "anywhere")
                tests.append(Anchor(tree.attrib.lower(), tree.value.value, held))
        tree = tree.selector
    if tree.namespace is not None:
        return None, None
    tag = tree.element.lower() if tree.element is not None else None
    # With a value before without; by rank, then others (name=, href=).
    tests.sort(key=lambda test: (test.needle is None, 3 if test.rank is None else test.rank))
    return tag, tests[0] if tests else None


class _Page:
    """The elements of one page found so far: by name, and by attribute value."""

    def __init__(self, root: Any) -> None:
        self.root = root
        self._named: dict[str, list[Any]] = {}
        self._attributes: dict[tuple[str, str], list[tuple[str, Any]]] = {}
        self._holding: dict[str, list[tuple[str, Any]]] = {}
        self._held: dict[tuple[str | None, Anchor], list[Any]] = {}
        self._looked_for: dict[str, frozenset[str]] = {}

    def named(self, tags: Iterable[str]) -> dict[str, list[Any]]:
        """The page's elements by name, each name's found once, by a walk of its own: lxml
        walks the tree in C (10-15 us on a page of a thousand elements) and makes an
        element object for the name's elements only, where one walk for several names
        reads each element's name in Python to sort it (2% of a Reuters record)."""
        named = self._named
        for tag in tags:
            if tag not in named:
                named[tag] = list(self.root.iter(tag))
        return named

    def first_elements(self, query: Query) -> list[Any]:
        """The elements the query's first compound may match, in page order: a superset
        (its XPath from each of them tests the whole compound)."""
        anchor = query.anchor
        if query.tag is not None:
            if anchor is None:
                return self.named([query.tag])[query.tag]
            key = (query.tag, anchor.attribute)
            if key not in self._attributes:
                named = self.named([query.tag])[query.tag]
                self._attributes[key] = [
                    (value, element)
                    for element in named
                    if (value := element.get(anchor.attribute)) is not None
                ]
            candidates = self._attributes[key]
        else:
            assert anchor is not None and anchor.needle is not None
            if anchor.needle not in self._looked_for.get(anchor.attribute, ()):
                self._pass(anchor.attribute)
            candidates = self._holding[anchor.attribute]
        # Templates ask for one start more than once (the marker, then the copy in it).
        held = (query.tag, anchor)
        if held not in self._held:
            needle = anchor.needle or ""
            self._held[held] = [
                element for value, element in candidates if needle in value and anchor.holds(value)
            ]
        return self._held[held]

    def _pass(self, attribute: str) -> None:
        search = _WANTED.patterns[attribute].search
        self._looked_for[attribute] = frozenset(_WANTED.needles[attribute])
        self._holding[attribute] = [
            (value, value.getparent()) for value in _values(attribute)(self.root) if search(value)
        ]


@lru_cache(maxsize=64)
def _values(attribute: str) -> etree.XPath:
    # Smart strings: each value knows its element.
    return etree.XPath(f"//@{attribute}")


_PAGES: WeakKeyDictionary[TextResponse, _Page] = WeakKeyDictionary()


def _page(response: TextResponse) -> _Page:
    root = response.selector.root
    page = _PAGES.get(response)
    if page is None or page.root is not root:
        page = _PAGES[response] = _Page(root)
    return page


def elements_named(response: TextResponse, *tags: str) -> dict[str, list[Any]]:
    """The page's elements of each of these names, in page order, collected once for
    all of the page's queries."""
    named = _page(response).named(tags)
    return {tag: named[tag] for tag in tags}


def elements_within(response: TextResponse, tag: str, ancestor: str) -> list[Any]:
    """What ``//ancestor//tag`` selects (the elements of a name inside an element of
    another name, in page order), from the page's elements of those names, collected
    once for all of its queries: the XPath visits every element of the page."""
    root = response.selector.root
    return [
        element
        for element in elements_named(response, tag)[tag]
        if _attached(element, root) and any(a.tag == ancestor for a in element.iterancestors())
    ]


def found(response: TextResponse, query: str) -> list[Any]:
    """What ``response.css(query)`` selects, as lxml gives it: elements, and strings for
    ``::text`` and ``::attr()`` (no parsel Selector made for each); found from the query's
    first elements where it has a way to them (see the module's docstring)."""
    compiled_query = compiled(query)
    root = response.selector.root
    from_first = compiled_query.from_first
    if from_first is None:  # linear where it has a right-to-left form
        return (compiled_query.right_to_left or compiled_query.whole)(root)
    from_long_first = compiled_query.from_long_first
    results: list[Any] = []
    for element in _page(response).first_elements(compiled_query):
        if from_long_first is not None and _LONG_SUBTREE(element):
            here = from_long_first(element)
        else:
            here = from_first(element)
        if not here or not _attached(element, root):
            continue
        if results and not compiled_query.self_only:  # subtrees may interleave
            if compiled_query.right_to_left is not None and _LONG_PAGE(root):
                return compiled_query.right_to_left(root)
            return compiled_query.whole(root)
        results.extend(here)
    return results


def found_first(response: TextResponse, query: str) -> Any | None:
    """The first of found(response, query), None when it selects nothing: what
    ``response.css(query).get()`` gives a ``::text`` or ``::attr()`` query."""
    results = found(response, query)
    return results[0] if results else None


def select(response: TextResponse, query: str) -> SelectorList[Selector]:
    """``response.css(query)``: found(response, query), each result a Selector as parsel
    wraps an XPath's results (an html Selector, strings too)."""
    xpath = compiled(query).xpath
    return SelectorList(Selector(root=x, _expr=xpath, type="html") for x in found(response, query))


def _attached(element: Any, root: Any) -> bool:
    """Whether an element is still in the page's tree (a spider may have cut some out)."""
    ancestors = list(element.iterancestors())
    return (ancestors[-1] if ancestors else element) is root
