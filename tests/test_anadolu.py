"""The anadolu spider over real pages (../shared/corpus/anadolu) and the project's own
fixtures: a real crawl through the Scrapy engine, whole records compared with golden
records checked by reading the pages."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from scrapy import Request
from scrapy.crawler import Crawler
from scrapy.http import HtmlResponse
from scrapy.utils.test import get_crawler

from newscrawler.extraction.structured import StructuredData
from newscrawler.items import ArticleItem
from newscrawler.spiders.anadolu import (
    BOOTSTRAP_UNTIL_2026_04,
    NEXTJS_SINCE_2026_04,
    AnadoluSpider,
    AnadoluTemplate,
)
from tests.crawling import CrawlResult, crawl
from tests.golden import by_url
from tests.paths import CORPUS, FIXTURES, needs_shared

AA = "https://www.aa.com.tr/"
STORE = FIXTURES / "anadolu"

KURBAN = "https://www.aa.com.tr/tr/gundem/vekalet-yoluyla-kurban-kesim-bedelleri-belirlendi/3912126"
CIFTCILERE = (
    "https://www.aa.com.tr/tr/ekonomi/ciftcilere-8-4-milyar-lira-destek-odemesi-yarin-yapilacak"
    "/3527659"
)
PAGES = {KURBAN: "2026-04-20-kurban.html", CIFTCILERE: "2025-04-03-ciftcilere.html"}
# Fixture pages: the 2026 Turkish one relates to the 2025 one, and to a page the store lacks.
DESTEK_PAKETI = (
    "https://www.aa.com.tr/tr/gundem/ciftcilere-yonelik-yeni-destek-paketi-meclise-sunuldu/3920001"
)
FINDIK = (
    "https://www.aa.com.tr/tr/ekonomi/findik-ureticilerine-hasat-oncesi-destek-odemesi-yapilacak"
    "/3401001"
)
TARIM_KREDI = "https://www.aa.com.tr/tr/ekonomi/tarim-kredi-faiz-indirimi-uzatildi/3915540"
SECTION_PAGE = "https://www.aa.com.tr/tr/gundem"


@pytest.fixture
def fixtures_crawl(site_crawl: Callable[..., CrawlResult]) -> CrawlResult:
    return site_crawl("anadolu", "fixtures")


@pytest.fixture
def anadolu_crawler() -> Crawler:
    """A crawler of the anadolu spider, as the spider sees it while a crawl runs."""
    crawler = get_crawler(AnadoluSpider)
    crawler.spider = crawler._create_spider(url=KURBAN)
    return crawler


def corpus_page(url: str) -> str:
    return (CORPUS / "anadolu" / PAGES[url]).read_text("utf-8")


def response_of(url: str, html: str) -> HtmlResponse:
    return HtmlResponse(url, body=html.encode(), encoding="utf-8", request=Request(url))


def replaced(html: str, old: str, new: str) -> str:
    """html with every old turned into new; old must be there, or the test proves nothing."""
    assert old in html, old
    return html.replace(old, new)


def extract(crawler: Crawler, url: str, html: str) -> ArticleItem:
    response = response_of(url, html)
    return crawler.spider.extract_article(response, StructuredData(response))


def fallback_stats(crawler: Crawler) -> dict[str, int]:
    stats = crawler.stats.get_stats()
    return {key: stats[key] for key in stats if key.startswith("newscrawler/fallback/")}


@needs_shared
@pytest.mark.parametrize(
    ("url", "template"),
    [(CIFTCILERE, BOOTSTRAP_UNTIL_2026_04), (KURBAN, NEXTJS_SINCE_2026_04)],
    ids=["2025-bootstrap", "2026-nextjs"],
)
def test_each_capture_is_read_with_its_own_generation(url: str, template: AnadoluTemplate):
    assert AnadoluSpider.template_for(response_of(url, corpus_page(url))) is template


def test_both_editions_are_crawled_in_their_own_language(fixtures_crawl: CrawlResult):
    records = fixtures_crawl.records
    languages = {record["url"].split("/")[3]: record["language"] for record in records}
    assert languages == {"tr": "tr", "en": "en"}


def test_a_section_page_is_rejected_not_exported(fixtures_crawl: CrawlResult):
    assert fixtures_crawl.returncode == 0, fixtures_crawl.log
    assert [(row["url"], row["reason"]) for row in fixtures_crawl.rejects] == [
        (SECTION_PAGE, "not_article")
    ]
    assert SECTION_PAGE not in by_url(fixtures_crawl)
    assert fixtures_crawl.stats["newscrawler/rejected/not_article"] == 1


def test_related_headlines_lead_to_other_articles(tmp_path: Path):
    result = crawl("anadolu", tmp_path, store=STORE, urls=[DESTEK_PAKETI], hops=1)
    assert result.returncode == 0, result.log
    assert sorted(by_url(result)) == sorted([DESTEK_PAKETI, FINDIK])
    assert [(row["url"], row["reason"]) for row in result.rejects] == [(TARIM_KREDI, "http_404")]


@needs_shared
def test_structured_data_stands_in_when_the_2026_template_moves(anadolu_crawler: Crawler):
    """A 2026 page whose headline, byline, category, tags and paragraphs moved away from the
    selectors still gives those fields, from og:title, the article:* meta tags and the
    NewsArticle JSON-LD, and the stats say which fields fell back."""
    html = corpus_page(KURBAN)
    html = replaced(html, '<h1 class="caustenBlack', '<div class="caustenBlack')
    html = replaced(html, "</h1>", "</div>")
    html = replaced(html, "text-descriptionColor text-sm", "text-sm")
    html = replaced(html, "bg-categoryTagBackground text-categoryTagText", "rounded-full")
    html = replaced(html, "&amp;tag=1", "&amp;topic=1")
    html = replaced(html, 'class="embed-responsive prose ', 'class="embed-responsive ')
    item = extract(anadolu_crawler, KURBAN, html)
    assert item.headline == "Vekalet yoluyla kurban kesim bedelleri belirlendi"
    assert item.authors == ["Fatma Sevinç Çetin"]
    assert item.section == "Gündem"
    assert item.keywords == ["vekalet", "kurban vekaleti", "kurban kesimi", "Kurban Bayramı"]
    # The JSON-LD articleBody is the lede alone: less than the page, but not nothing.
    assert item.body == [
        "Diyanet İşleri Başkanı Safi Arpaguş, Türkiye Diyanet Vakfının (TDV) 2026 vekalet yoluyla"
        " kurban kesim bedelinin yurt içinde 18 bin, yurt dışında 7 bin lira olarak belirlendiğini"
        " açıkladı."
    ]
    assert (item.published, item.modified) == ("2026-04-20T14:09:42.493", "2026-04-20T14:15:30.453")
    assert fallback_stats(anadolu_crawler) == {
        "newscrawler/fallback/headline": 1,
        "newscrawler/fallback/authors": 1,
        "newscrawler/fallback/section": 1,
        "newscrawler/fallback/keywords": 1,
        "newscrawler/fallback/body": 1,
    }


@needs_shared
def test_meta_tags_stand_in_when_the_2025_template_moves(anadolu_crawler: Crawler):
    """A 2025 page has no JSON-LD: its headline falls back to og:title, its tags to the meta
    keywords without the site's own name, and its days are always the printed ones."""
    html = corpus_page(CIFTCILERE)
    headline = "&#199;ift&#231;ilere 8,4 milyar lira destek &#246;demesi yarın yapılacak"
    html = replaced(html, f"<h1> {headline}</h1>", f"<h2> {headline}</h2>")
    html = replaced(html, '<div class="detay-paylas">', '<div class="detay-etiketler">')
    item = extract(anadolu_crawler, CIFTCILERE, html)
    assert item.headline == "Çiftçilere 8,4 milyar lira destek ödemesi yarın yapılacak"
    assert item.keywords == [
        "çiftçi",
        "Tarım ve Orman Bakanı İbrahim Yumaklı",
        "tarımsal\xa0destekleme\xa0ödemesi",
    ]
    assert (item.published, item.modified) == ("2025-04-03", "2025-04-03")
    assert fallback_stats(anadolu_crawler) == {
        "newscrawler/fallback/headline": 1,
        "newscrawler/fallback/keywords": 1,
        "newscrawler/fallback/published": 1,
        "newscrawler/fallback/modified": 1,
    }
