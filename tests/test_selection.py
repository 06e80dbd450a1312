"""CSS selectors read from their anchor elements (newscrawler.extraction.selection): the
same results as Scrapy's response.css, in the same order, on every real and fixture page
for every selector of the site templates, and on the shapes where a shortcut could go
wrong (nested anchors, an anchor cut out of the tree, a query first seen after the pass)."""

from __future__ import annotations

from dataclasses import fields
from pathlib import Path
from typing import Any

import pytest
from scrapy.http import HtmlResponse

from newscrawler.extraction.selection import Anchor, compiled, select
from newscrawler.spiders import anadolu, apnews, reuters
from tests.paths import CORPUS, FIXTURES

SITES = ("apnews", "reuters", "anadolu")
SITE_PAGES = sorted(
    [
        *(path for site in SITES for path in (FIXTURES / site).rglob("*.htm*")),
        *(CORPUS.rglob("*.html") if CORPUS.is_dir() else ()),
    ]
)


def template_queries() -> list[str]:
    """Every CSS selector of the templates of the spiders that read theirs by select()."""
    queries = {
        value
        for module in (apnews, reuters, anadolu)
        for template in module.TEMPLATES
        for value in (getattr(template, f.name) for f in fields(template))
        if isinstance(value, str)
    }
    return sorted(queries)


def found(selected: Any) -> list[Any]:
    return [(s.root, s.get()) for s in selected]


def page(html: str | bytes) -> HtmlResponse:
    body = html.encode() if isinstance(html, str) else html
    return HtmlResponse("https://example.com/a", body=body, encoding="utf-8")


@pytest.mark.parametrize("path", SITE_PAGES, ids=lambda path: f"{path.parent.name}/{path.name}")
def test_every_template_selector_selects_what_css_selects(path: Path) -> None:
    response = page(path.read_bytes())
    for query in template_queries():
        assert found(select(response, query)) == found(response.css(query)), query


@pytest.mark.parametrize(
    ("query", "anchor"),
    [
        (".RichTextStoryBody > p, .RichTextStoryBody > h2", Anchor("class", "RichTextStoryBody")),
        ("[class*='ArticleHeader_date']::text", Anchor("class", "ArticleHeader_date")),
        ("div#main.story p", Anchor("id", "main")),  # an id names fewer elements
        ("[data-testid='ArticleBody'] h2.x", Anchor("data-testid", "ArticleBody")),
        ("div.prose[dir] > :is(p, h2)", Anchor("class", "prose")),
        # A rare element is found by its name; so is one whose compound tests no value.
        ("h1.Page-headline", None),
        ("header.title-article01 h1", None),
        ("[data-reactroot] [data-key='article']", None),
        # What :has() and :not() name is no attribute of the element itself.
        ("span:has(+ div.prose[dir])", None),
        ("div:not(.tarih)", None),
        # Two anchors for one group: no shortcut.
        (".a > p, .b > p", None),
    ],
)
def test_the_anchor_is_an_attribute_of_the_first_element(query: str, anchor: Anchor | None) -> None:
    assert compiled(query).anchor == anchor


NESTED = """<html><body><div class="x"><p>1</p><div class="x"><p>2</p></div><p>3</p></div>
<div class="x-y"><p>4</p></div></body></html>"""


@pytest.mark.parametrize("query", [".x > p", ".x p", ".x > p::text", "[class*='x'] > p"])
def test_nested_anchors_give_page_order(query: str) -> None:
    response = page(NESTED)
    assert found(select(response, query)) == found(response.css(query))


def test_an_anchor_cut_out_of_the_tree_selects_nothing() -> None:
    response = page('<html><body><div class="gone"><p>a</p></div><p>b</p></body></html>')
    assert select(response, ".gone p").getall() == ["<p>a</p>"]
    response.css(".gone")[0].root.drop_tree()
    assert select(response, ".gone p").getall() == response.css(".gone p").getall() == []


def test_a_query_first_compiled_after_the_pages_pass_is_found() -> None:
    response = page('<html><body><p class="first">1</p><p class="later-only">2</p></body></html>')
    assert select(response, ".first::text").getall() == ["1"]
    assert select(response, ".later-only::text").getall() == ["2"]
