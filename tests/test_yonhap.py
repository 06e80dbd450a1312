"""The yonhap spider over real pages (../shared/corpus/yonhap) and the project's own
fixtures: a real crawl through the Scrapy engine, whole records compared with golden
records checked by reading the pages."""

from __future__ import annotations

import json
import re

import pytest
from scrapy import Request
from scrapy.http import HtmlResponse

from newscrawler.extraction.structured import StructuredData
from newscrawler.extraction.text import compiled, paragraph_text
from newscrawler.network.encoding import parsed_in_full
from newscrawler.spiders.yonhap import TEMPLATE_2023, _paragraphs
from tests.crawling import crawl
from tests.golden import by_url
from tests.paths import CORPUS, FIXTURES, GOLDEN, needs_shared

YONHAP = "https://en.yna.co.kr/"
FIXTURE_GOLDEN = sorted((GOLDEN / "fixtures" / "yonhap").glob("AEN*.json"))


@needs_shared
def test_structured_data_stands_in_when_the_template_moves(crawler):
    """A page whose headline, keywords and publication meta moved away from the selectors
    still gives those fields, from og:title and the NewsArticle JSON-LD, and the stats say
    which fields fell back."""
    url = "https://en.yna.co.kr/view/AEN20190820002300325"
    html = (CORPUS / "yonhap" / "AEN20190820002300325.html").read_text("utf-8")
    html = re.sub(r"<h1 class=\"tit\".*?</h1>", "", html, flags=re.S)
    html = re.sub(r"<div class=\"keyword-zone01\">.*?</div>\s*</div>", "", html, flags=re.S)
    html = re.sub(r"<meta property=\"article:published_time\"[^>]*>", "", html)
    response = HtmlResponse(url, body=html.encode(), encoding="utf-8", request=Request(url))
    spider = crawler.spider
    item = spider.extract_article(response, StructuredData(response))
    assert (
        item.headline == "N. Korea slams S. Korea for joint military drill, warns of consequences"
    )
    assert item.published == "2019-08-20T09:31:01+09:00"
    assert item.keywords == ["NK", "Rodong Sinmun", "joint military excerise"]
    stats = crawler.stats.get_stats()
    assert {key: stats[key] for key in stats if key.startswith("newscrawler/fallback/")} == {
        "newscrawler/fallback/headline": 1,
        "newscrawler/fallback/published": 1,
        "newscrawler/fallback/keywords": 1,
    }


@pytest.mark.parametrize("start", ["rss", "latest", "sitemap"])
def test_discovery_from_the_sites_feed_listing_and_sitemap(tmp_path, start):
    """The fixture store holds Yonhap's RSS feed, an "All News" listing page and a news
    sitemap (named in robots.txt) in the site's formats; each finds the five articles."""
    store = FIXTURES / "yonhap"
    result = crawl("yonhap", tmp_path, store=store, spider_args={"start": start})
    assert result.returncode == 0, result.log
    golden = {json.loads(p.read_text("utf-8"))["url"]: json.loads(p.read_text("utf-8"))
              for p in FIXTURE_GOLDEN}  # fmt: skip
    assert by_url(result) == golden
    assert result.rejects == []
    assert result.stats.get("replay/miss", 0) == 0


# The story's <article> with a caption, a related block and a nested story; a paragraph
# broken markup moved out of the article into the copy's own <div>; paragraphs elsewhere.
PARAGRAPH_PLACES = """<html><body><p>Site notice</p>
<article class="story-news article"><div class="view-body"><p>SEOUL, April 19 (Yonhap) --
One.</p><figure><p>A caption</p></figure><p>Two, <a href="/x">unclosed <p>Three.</p></a></p>
<div class="box related-group"><p>Related</p></div>
<article class="story-news"><p>Nested story.</p></article></div></article>
<div class="view-body"><p>Moved out.</p><div><p>Deeper</p></div></div>
<article class="story-newsletter"><p>Not the story</p></article></body></html>"""


# What the one XPath over every <p> of the page, tested where it stands, selected.
EVERY_P = compiled(
    "//p[(ancestor::article[contains(concat(' ', normalize-space(@class), ' '),"
    " ' story-news ')] and not(ancestor::figure)"
    " and not(ancestor::*[contains(@class, 'related-group')]))"
    " or parent::div[contains(concat(' ', normalize-space(@class), ' '), ' view-body ')]]"
)


def paragraphs_of(page: str) -> tuple[list[str], bool]:
    """The paragraphs' texts, and whether they are what the one XPath selects."""
    response = parsed_in_full(
        HtmlResponse(YONHAP + "view/AEN1", body=page.encode(), encoding="utf-8")
    )
    paragraphs = _paragraphs(response, TEMPLATE_2023)
    texts = [" ".join(paragraph_text(p).split()) for p in paragraphs]
    return texts, paragraphs == EVERY_P(response.selector.root)


def test_the_paragraphs_are_the_storys_and_the_copys_in_page_order():
    assert paragraphs_of(PARAGRAPH_PLACES) == (
        ["SEOUL, April 19 (Yonhap) -- One.", "Two, unclosed", "Three.", "Nested story.",
         "Moved out."],
        True,
    )  # fmt: skip


@pytest.mark.parametrize(
    ("page", "texts"),
    [
        # The copy's <div> in the story, with a caption: the story's paragraphs.
        (
            '<html><body><p>x</p><article class="story-news"><div class="view-body"><p>One.'
            "</p><figure><p>Caption</p></figure><p>Two.</p></div></article></body></html>",
            ["One.", "Two."],
        ),
        # No story element: the copy's <div>'s.
        (
            '<html><body><p>x</p><div class="view-body"><p>One.</p><div><p>Deeper</p></div>'
            "<p>Two.</p></div></body></html>",
            ["One.", "Two."],
        ),
        # A story without the copy's <div>.
        ('<html><body><article class="story-news"><p>One.</p></article></body></html>', ["One."]),
        ("<html><body><p>Neither</p></body></html>", []),
    ],
)
def test_the_paragraphs_where_one_place_holds_them_all(page: str, texts: list[str]) -> None:
    assert paragraphs_of(page) == (texts, True)
