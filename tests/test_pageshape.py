"""Page-shape checks (newscrawler.extraction.pageshape): two articles in one page, told
from the markup or the JSON-LD; the JSON-LD parsed for it only where it can hold two."""

from __future__ import annotations

import json

import pytest
from scrapy.http import HtmlResponse

from newscrawler.extraction.pageshape import article_headlines, soft_404
from newscrawler.extraction.structured import StructuredData


def page(*blocks: str, body: str = "<p>x</p>") -> HtmlResponse:
    scripts = "".join(f'<script type="application/ld+json">{block}</script>' for block in blocks)
    html = f"<html><head>{scripts}</head><body>{body}</body></html>"
    return HtmlResponse("https://example.com/a", body=html.encode(), encoding="utf-8")


def article(headline: str) -> str:
    return json.dumps({"@type": "NewsArticle", "headline": headline})


# The key spelt with escapes, which a text search for "headline" does not find.
ESCAPED = '{"@type": "NewsArticle", "h\\u0065adline": "Escaped"}'


@pytest.mark.parametrize(
    ("blocks", "twice"),
    [
        ((), False),
        ((article("One"),), False),
        ((article("One"), article("Two")), True),
        (('{"@graph": [' + article("One") + "," + article("Two") + "]}",), True),
        ((article("One"), ESCAPED), True),
        (('{"@type": "Organization", "name": "headline"}',), False),
    ],
)
def test_the_json_ld_names_a_key_twice_as_its_text_says(blocks, twice):
    assert StructuredData(page(*blocks)).names_key_twice("headline") is twice


@pytest.mark.parametrize(
    ("blocks", "headlines"),
    [
        ((article("One"), article("Two")), ["One", "Two"]),
        ((article("One"), ESCAPED), ["One", "Escaped"]),
        ((article("One"), article("one")), []),  # the same headline twice
        ((article("One"),), []),
        (("not json", article("One")), []),
    ],
)
def test_two_articles_in_the_json_ld_are_found_however_their_keys_are_spelt(blocks, headlines):
    response = page(*blocks)
    assert article_headlines(response, StructuredData(response)) == headlines


def test_two_articles_in_the_markup_are_found_before_the_json_ld():
    response = page(
        article("One"),
        body="<article><h1>First</h1></article><article><div><h1>Second</h1></div></article>",
    )
    assert article_headlines(response, StructuredData(response)) == ["First", "Second"]


@pytest.mark.parametrize(
    ("headline", "says"),
    [
        ("PAGE NOT FOUND", "PAGE NOT FOUND"),
        ("Error 404 - Page", "Error 404 - Page"),
        ("This story is No Longer Available", "This story is No Longer Available"),
        ("Sorry, the article doesn't exist", "Sorry, the article doesn't exist"),
        ("SAYFA BULUNAMADI", "SAYFA BULUNAMADI"),
        ("Sayfa bulunamadı", "Sayfa bulunamadı"),
        ("페이지를 찾을 수 없습니다", "페이지를 찾을 수 없습니다"),
        # Not ASCII: searched whatever words it holds (İ is i to the case-blind search).
        ("PAGE DOES NOT EXİST", "PAGE DOES NOT EXİST"),
        ("Found: the lost city", None),  # a word of the patterns, in no pattern
        ("Fed raises rates by a quarter point", None),
        ("Kurban kesim bedelleri belirlendi", None),
    ],
)
def test_a_not_found_title_is_told_in_any_case(headline, says):
    assert soft_404(page(), headline) == says
