"""The yonhap spider over real pages (../shared/corpus/yonhap) and the project's own
fixtures: a real crawl through the Scrapy engine, whole records compared with golden
records checked by reading the pages."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from scrapy import Request
from scrapy.http import HtmlResponse

from newscrawler.items import field_names
from newscrawler.structured import StructuredData
from tests.crawling import CrawlResult, crawl
from tests.paths import CORPUS, FIXTURES, GOLDEN, needs_shared, store_urls

YONHAP = "https://en.yna.co.kr/"
CORPUS_GOLDEN = sorted((GOLDEN / "corpus" / "yonhap").glob("*.json"))
FIXTURE_GOLDEN = sorted((GOLDEN / "fixtures" / "yonhap").glob("AEN*.json"))


def by_url(result: CrawlResult) -> dict[str, dict]:
    return {record["url"]: record for record in result.records}


@pytest.fixture(scope="module")
def corpus_crawl(tmp_path_factory: pytest.TempPathFactory) -> CrawlResult:
    urls = store_urls(CORPUS, YONHAP)
    return crawl("yonhap", tmp_path_factory.mktemp("corpus"), store=CORPUS, urls=urls)


@pytest.fixture(scope="module")
def fixtures_crawl(tmp_path_factory: pytest.TempPathFactory) -> CrawlResult:
    store = FIXTURES / "yonhap"
    urls = store_urls(store, YONHAP)
    return crawl("yonhap", tmp_path_factory.mktemp("fixtures"), store=store, urls=urls)


@needs_shared
def test_every_corpus_page_becomes_a_record(corpus_crawl: CrawlResult):
    assert corpus_crawl.returncode == 0, corpus_crawl.log
    assert sorted(by_url(corpus_crawl)) == sorted(
        json.loads(path.read_text("utf-8"))["url"] for path in CORPUS_GOLDEN
    )
    assert corpus_crawl.rejects == []
    assert corpus_crawl.stats.get("replay/miss", 0) == 0


@needs_shared
@pytest.mark.parametrize("golden", CORPUS_GOLDEN, ids=lambda path: path.stem)
def test_corpus_page_gives_its_golden_record(corpus_crawl: CrawlResult, golden: Path):
    expected = json.loads(golden.read_text("utf-8"))
    assert by_url(corpus_crawl).get(expected["url"]) == expected


@pytest.mark.parametrize("golden", FIXTURE_GOLDEN, ids=lambda path: path.stem)
def test_fixture_page_gives_its_golden_record(fixtures_crawl: CrawlResult, golden: Path):
    expected = json.loads(golden.read_text("utf-8"))
    assert by_url(fixtures_crawl).get(expected["url"]) == expected


def test_fixture_records_keep_contract_field_order(fixtures_crawl: CrawlResult):
    assert fixtures_crawl.records
    for record in fixtures_crawl.records:
        assert list(record) == field_names()


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
