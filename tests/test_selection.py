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

from newscrawler.extraction.selection import (
    Anchor,
    compiled,
    elements_within,
    found,
    found_first,
    select,
)
from newscrawler.spiders import anadolu, apnews, reuters, yonhap
from tests.paths import CORPUS, FIXTURES

SITES = ("apnews", "reuters", "anadolu", "yonhap")
SITE_PAGES = sorted(
    [
        *(path for site in SITES for path in (FIXTURES / site).rglob("*.htm*")),
        *(CORPUS.rglob("*.html") if CORPUS.is_dir() else ()),
    ]
)


def template_queries() -> list[str]:
    """Every CSS selector of the site templates (Yonhap's story paragraphs are an XPath)."""
    queries = {
        value
        for module in (apnews, reuters, anadolu)
        for template in module.TEMPLATES
        for value in (getattr(template, f.name) for f in fields(template))
        if isinstance(value, str)
    }
    t = yonhap.TEMPLATE_2023
    queries.update([t.marker, t.headline, t.display_time, t.related, t.keywords, t.content_id])
    queries.update([t.story, t.copy_paragraphs])
    return sorted(queries)


def results(selected: Any) -> list[Any]:
    return [(s.root, s.get()) for s in selected]


def page(html: str | bytes) -> HtmlResponse:
    body = html.encode() if isinstance(html, str) else html
    return HtmlResponse("https://example.com/a", body=body, encoding="utf-8")


@pytest.mark.parametrize("path", SITE_PAGES, ids=lambda path: f"{path.parent.name}/{path.name}")
def test_every_template_selector_selects_what_css_selects(path: Path) -> None:
    response = page(path.read_bytes())
    for query in template_queries():
        expected = response.css(query)
        assert results(select(response, query)) == results(expected), query
        assert found(response, query) == [s.root for s in expected], query
        assert found_first(response, query) == (expected[0].root if expected else None), query


@pytest.mark.parametrize(
    ("query", "tag", "anchor"),
    [
        (
            ".RichTextStoryBody > p, .RichTextStoryBody > h2",
            None,
            Anchor("class", "RichTextStoryBody", "word"),
        ),
        ("[class*='ArticleHeader_date']::text", None, Anchor("class", "ArticleHeader_date")),
        ("#main.story p", None, Anchor("id", "main", "whole")),  # an id names fewer elements
        ("[data-testid='ArticleBody'] h2.x", None, Anchor("data-testid", "ArticleBody", "whole")),
        # A named element is found among the elements of its name.
        ("div.prose[dir] > :is(p, h2)", "div", Anchor("class", "prose", "word")),
        ("h1.Page-headline", "h1", Anchor("class", "Page-headline", "word")),
        (
            "meta[name='brightspot.contentId']",
            "meta",
            Anchor("name", "brightspot.contentId", "whole"),
        ),
        ("h1 + span", "h1", None),
    ],
)
def test_a_query_starts_at_the_elements_its_first_compound_names(
    query: str, tag: str | None, anchor: Anchor | None
) -> None:
    compiled_query = compiled(query)
    assert (compiled_query.tag, compiled_query.anchor) == (tag, anchor)
    assert compiled_query.from_first is not None


@pytest.mark.parametrize(
    "query",
    [
        "[data-reactroot] [data-key='article']",  # no value to look for
        "a[href*='tag=1']",  # hundreds of links, and no id, class or data-* to narrow them
        # What :has() and :not() name is no attribute of the element itself.
        "span:has(+ div.prose[dir])",
        ":not(.tarih)",
        ".a > p, .b > p",  # two different starts
    ],
)
def test_a_query_with_no_narrow_start_runs_on_the_whole_tree(query: str) -> None:
    assert compiled(query).from_first is None


NESTED = """<html><body><div class="x"><p>1</p><div class="x"><p>2</p></div><p>3</p></div>
<div class="x-y"><p>4</p></div></body></html>"""


@pytest.mark.parametrize(
    "query", [".x > p", ".x p", ".x > p::text", "[class*='x'] > p", "div.x > p", "div.x", "p"]
)
def test_nested_anchors_give_page_order(query: str) -> None:
    response = page(NESTED)
    assert results(select(response, query)) == results(response.css(query))


@pytest.mark.parametrize("path", SITE_PAGES, ids=lambda path: f"{path.parent.name}/{path.name}")
def test_elements_within_are_those_of_the_xpath(path: Path) -> None:
    response = page(path.read_bytes())
    expected = [selected.root for selected in response.xpath("//article//h1")]
    assert elements_within(response, "h1", "article") == expected


def test_elements_within_nested_ancestors_and_a_cut_out_element() -> None:
    response = page(
        "<html><body><article><h1>1</h1><article><h1>2</h1></article></article><h1>3</h1>"
        "<section><article><div><h1>4</h1></div></article></section></body></html>"
    )
    assert [h1.text for h1 in elements_within(response, "h1", "article")] == ["1", "2", "4"]
    response.xpath("//h1")[1].root.drop_tree()
    assert [h1.text for h1 in elements_within(response, "h1", "article")] == ["1", "4"]


def test_an_anchor_cut_out_of_the_tree_selects_nothing() -> None:
    response = page('<html><body><div class="gone"><p>a</p></div><p>b</p></body></html>')
    assert select(response, ".gone p").getall() == ["<p>a</p>"]
    response.css(".gone")[0].root.drop_tree()
    assert select(response, ".gone p").getall() == response.css(".gone p").getall() == []


def test_a_query_first_compiled_after_the_pages_pass_is_found() -> None:
    response = page('<html><body><p class="first">1</p><p class="later-only">2</p></body></html>')
    assert select(response, ".first::text").getall() == ["1"]
    assert select(response, ".later-only::text").getall() == ["2"]


WORDS = (
    '<html><body><p class="x\ty">1</p><p class="x\xa0y">2</p><p class="xy x">3</p></body></html>'
)


@pytest.mark.parametrize("query", [".x::text", ".y::text", "[class~='x']::text", "[class='xy x']"])
def test_class_words_are_those_of_xml_whitespace(query: str) -> None:
    response = page(WORDS)
    assert results(select(response, query)) == results(response.css(query))
