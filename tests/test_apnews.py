"""The apnews spider over real pages (../shared/corpus/apnews) and the project's own
fixtures: a real crawl through the Scrapy engine, whole records compared with golden
records checked by reading the pages."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path

import pytest
from scrapy import Request
from scrapy.crawler import Crawler
from scrapy.http import HtmlResponse
from scrapy.utils.test import get_crawler

from newscrawler.extraction.structured import StructuredData
from newscrawler.spiders.apnews import (
    BRIGHTSPOT_SINCE_2023_07,
    REACT_APP_UNTIL_2023_07,
    APNewsSpider,
    APTemplate,
)
from tests.crawling import CrawlResult, crawl
from tests.golden import by_url
from tests.paths import CORPUS, FIXTURES, GOLDEN, needs_shared

AP = "https://apnews.com/"
STORE = FIXTURES / "apnews"
FERRY_STRIKE = AP + "article/harbor-ferry-strike-portland-3c9e1f0a7b2d4e6f8a1b3c5d7e9f0a2b"
UNION_TALKS = AP + "article/ferry-operators-union-talks-9a8b7c6d5e4f30211f2e3d4c5b6a7980"
LOBSTER_BOATS = AP + "article/lobster-boats-fuel-prices-maine-5e6f7a8b9c0d1e2f3a4b5c6d7e8f9a0b"
HUB_PAGE = AP + "hub/labor"


@pytest.fixture
def fixtures_crawl(site_crawl: Callable[..., CrawlResult]) -> CrawlResult:
    return site_crawl("apnews", "fixtures")


def page(path: Path, url: str) -> HtmlResponse:
    return HtmlResponse(url, body=path.read_bytes(), encoding="utf-8", request=Request(url))


@pytest.fixture
def ap_crawler() -> Crawler:
    """A crawler of the apnews spider, as a running crawl has it."""
    crawler = get_crawler(APNewsSpider)
    crawler.spider = crawler._create_spider(url=FERRY_STRIKE)
    return crawler


def test_a_hub_page_is_rejected_not_exported(fixtures_crawl: CrawlResult):
    """A topic hub lists stories but is none: no publication time, no copy."""
    assert fixtures_crawl.returncode == 0, fixtures_crawl.log
    assert HUB_PAGE not in by_url(fixtures_crawl)
    assert [(row["url"], row["reason"]) for row in fixtures_crawl.rejects] == [
        (HUB_PAGE, "missing_published")
    ]
    assert fixtures_crawl.stats["newscrawler/rejected/missing_published"] == 1


def test_related_coverage_is_followed_and_rails_are_not(tmp_path: Path):
    """From the strike story one hop out: the story's related coverage is fetched (the
    talks story from the store, the lobster story missing from it), never the trending
    rail, the hub peek or the inline links."""
    result = crawl("apnews", tmp_path, store=STORE, urls=[FERRY_STRIKE], hops=1)
    assert result.returncode == 0, result.log
    assert sorted(by_url(result)) == sorted([FERRY_STRIKE, UNION_TALKS])
    assert [(row["url"], row["reason"]) for row in result.rejects] == [(LOBSTER_BOATS, "http_404")]
    assert result.stats["downloader/response_count"] == 4  # and robots.txt


@pytest.mark.parametrize(
    ("name", "template"),
    [
        pytest.param("2023-03-28-mexico-fire", REACT_APP_UNTIL_2023_07, marks=needs_shared),
        pytest.param(
            "2023-07-11-microsoft-activision", BRIGHTSPOT_SINCE_2023_07, marks=needs_shared
        ),
        pytest.param(
            "2024-09-03-presidential-campaigns", BRIGHTSPOT_SINCE_2023_07, marks=needs_shared
        ),
    ],
)
def test_each_corpus_page_is_read_with_its_generations_selectors(name: str, template: APTemplate):
    path = CORPUS / "apnews" / f"{name}.html"
    assert APNewsSpider.template_for(page(path, AP)) is template


def test_each_fixture_page_is_read_with_its_generations_selectors():
    react_app = page(
        STORE / "article" / "hurricane-shelter-san-juan-0f1e2d3c4b5a69788796a5b4c3d2e1f0.html", AP
    )
    brightspot = page(
        STORE / "article" / "harbor-ferry-strike-portland-3c9e1f0a7b2d4e6f8a1b3c5d7e9f0a2b.html", AP
    )
    assert APNewsSpider.template_for(react_app) is REACT_APP_UNTIL_2023_07
    assert APNewsSpider.template_for(brightspot) is BRIGHTSPOT_SINCE_2023_07


@needs_shared
def test_structured_data_stands_in_when_the_template_moves(ap_crawler: Crawler):
    """A page whose headline, breadcrumbs, byline, tags and JSON-LD publication time moved
    away still gives those fields, from og:title, the article:* meta tags and the
    NewsArticle JSON-LD, and the stats say which fields fell back."""
    url = json.loads(
        (GOLDEN / "corpus" / "apnews" / "2024-09-03-presidential-campaigns.json").read_text("utf-8")
    )["url"]
    html = (CORPUS / "apnews" / "2024-09-03-presidential-campaigns.html").read_text("utf-8")
    html = re.sub(r"<h1 class=\"Page-headline\">.*?</h1>", "", html, flags=re.S)
    html = re.sub(r"<div class=\"Page-breadcrumbs\">.*?</div>", "", html, flags=re.S)
    html = re.sub(r"<div class=\"Page-authors\">.*?</div>", "", html, flags=re.S)
    html = re.sub(r"<meta property=\"article:tag\"[^>]*>", "", html)
    html = re.sub(r"\"datePublished\":\"[^\"]*\",", "", html)
    response = HtmlResponse(url, body=html.encode(), encoding="utf-8", request=Request(url))
    item = ap_crawler.spider.extract_article(response, StructuredData(response))
    assert item.headline == "The presidential campaigns brace for an intense sprint to Election Day"
    # article:published_time is UTC printed without an offset.
    assert item.published == "2024-09-03T04:03:19+00:00"
    assert item.section == "Politics"
    assert item.authors == ["STEVE PEOPLES", "THOMAS BEAUMONT", "AMELIA THOMSON-DEVEAUX"]
    # The JSON-LD keywords without their noise: single letters ("p", "n") and the URL's
    # slug ("trump harris presidential election 2024 labor day").
    assert item.keywords == [
        "Kamala Harris", "Donald Trump", "Pennsylvania", "Georgia", "General news",
        "Domestic News", "NE State Wire", "MN State Wire", "ME State Wire", "GA State Wire",
        "MI State Wire", "AZ State Wire", "Election 2024", "NC State Wire", "SC State Wire",
        "PA State Wire", "AP Top News", "VA State Wire", "NJ State Wire", "WI State Wire",
        "NV State Wire", "David Plouffe", "Minnesota", "Washington news",
        "U.S. Democratic Party", "Politics", "Lindsey Graham", "Brian P. Kemp",
        "2024 United States presidential election", "Elections", "Joe Biden", "U.S. news",
        "U.S. News", "Washington News",
    ]  # fmt: skip
    stats = ap_crawler.stats.get_stats()
    assert {key: stats[key] for key in stats if key.startswith("newscrawler/fallback/")} == {
        "newscrawler/fallback/headline": 1,
        "newscrawler/fallback/published": 1,
        "newscrawler/fallback/section": 1,
        "newscrawler/fallback/authors": 1,
        "newscrawler/fallback/keywords": 1,
    }


@needs_shared
def test_each_corpus_page_is_read_without_fallbacks(site_crawl: Callable[..., CrawlResult]):
    """Every field came from where each generation keeps it: nothing fell back."""
    stats = site_crawl("apnews", "corpus").stats
    assert not [key for key in stats if key.startswith("newscrawler/fallback/")]
