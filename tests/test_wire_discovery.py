"""Any site, discovered (issue 9, part 5): `scrapy crawl wire -a domain=` finds a site's
articles from what the site says of itself, and runs incrementally as the site spiders do.
Real crawls through the Scrapy engine over fixtures/discovery, a store of three made-up
sites:

- Northwind Wire (example.net, WordPress with Yoast SEO): the bare domain redirects to www;
  robots.txt names a sitemap index (a gzipped post sitemap, and page, category and author
  sitemaps), a news sitemap and a partner's sitemap off the site; the home page announces
  the RSS feed and the comments feed.
- Lakeside Courier (courier.example.org): no sitemap; the home page announces an Atom feed.
- Fjord Valley Bulletin (example.com): no robots.txt, no sitemap, no feed.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from scrapy.http import HtmlResponse
from scrapy.utils.test import get_crawler

from newscrawler import arguments
from newscrawler.discovery import announced_feeds, is_news_sitemap, lists_other_pages
from newscrawler.spiders.wire import WireGenericSpider
from tests.crawling import CrawlResult, crawl
from tests.paths import FIXTURES

STORE = FIXTURES / "discovery"
SITE = "https://www.example.net"
NEWS_SITEMAP = {  # the news sitemap's articles of the site
    f"{SITE}/2026/11/28/harbor-strike-ends-after-talks/",
    f"{SITE}/2026/11/28/port-authority-approves-budget/",
    f"{SITE}/2026/11/27/stocks-rise,-bonds-fall/",
}
POST_SITEMAP = {  # the post sitemap's, reached through the index (the strike is in both)
    f"{SITE}/2026/11/28/harbor-strike-ends-after-talks/",
    f"{SITE}/2026/11/25/council-votes-on-housing-plan/",
    f"{SITE}/2026/11/24/airport-expansion-delayed/",
    f"{SITE}/2026/11/23/fishing-quota-talks-stall/",
    f"{SITE}/2026/11/20/winter-storm-closes-mountain-passes/",
}
UPDATED = f"{SITE}/2026/11/28/port-authority-approves-budget/"


def discover(
    tmp_path: Path, domain: str, store: Path = STORE, settings: dict[str, str] | None = None
) -> CrawlResult:
    return crawl("wire", tmp_path, store=store, spider_args={"domain": domain}, settings=settings)


@pytest.fixture(scope="module")
def runs(tmp_path_factory: pytest.TempPathFactory) -> list[CrawlResult]:
    """Three scheduled runs sharing one crawl state: over the site, over the same site
    unchanged, and after one article was updated (its page and its sitemap lastmod)."""
    tmp_path = tmp_path_factory.mktemp("runs")
    first = discover(tmp_path, "example.net")
    second = discover(tmp_path, "example.net")
    changed = shutil.copytree(STORE, tmp_path / "changed")
    _update(changed / "northwind-news-sitemap.xml", "<lastmod>2026-11-28T07:40:00+00:00")
    _update(changed / "northwind-port-budget.html", '"dateModified": "2026-11-28T07:40:00+00:00')
    _update(changed / "northwind-port-budget.html", 'modified_time" content="2026-11-28T07:40:00')
    page = changed / "northwind-port-budget.html"
    page.write_text(
        page.read_text("utf-8").replace(
            "jobs to the town.</p>",
            "jobs to the town.</p>\n<p>The harbor's largest customer welcomed the decision.</p>",
        ),
        "utf-8",
    )
    third = discover(tmp_path, "example.net", store=changed)
    return [first, second, third]


def _update(path: Path, stated: str) -> None:
    """The same statement of a time, a day later (2026-11-29T08:00)."""
    text = path.read_text("utf-8")
    assert stated in text
    path.write_text(text.replace(stated, stated.replace("2026-11-28T07:40", "2026-11-29T08:00")))


def test_the_first_run_exports_every_article_the_site_lists_once(runs: list[CrawlResult]):
    first = runs[0]
    assert first.returncode == 0, first.log
    assert first.rejects == []
    assert sorted(record["url"] for record in first.records) == sorted(NEWS_SITEMAP | POST_SITEMAP)
    assert {record["change"] for record in first.records} == {"new"}
    stats = first.stats
    # 4 news sitemap entries (one off the site), 5 post sitemap entries, 3 feed entries.
    assert stats["newscrawler/discovery/listed"] == 12
    assert stats["newscrawler/discovery/offsite"] == 1
    assert stats["newscrawler/discovery/sitemaps_in_robots"] == 2  # not the partner's
    assert stats["newscrawler/discovery/sitemap_of_other_pages"] == 3
    assert stats["newscrawler/discovery/feeds_announced"] == 1  # not the comments feed
    # Nothing the store lacks was asked for: the partner's sitemap, the page, category and
    # author sitemaps, the comments feed.
    assert "replay/miss" not in stats


def test_a_run_over_the_unchanged_site_fetches_and_exports_nothing(runs: list[CrawlResult]):
    second = runs[1]
    assert second.returncode == 0, second.log
    assert second.records == []
    assert second.rejects == []
    assert second.stats["newscrawler/discovery/unchanged"] == 11
    assert "newscrawler/pages/hop_0" not in second.stats
    # robots.txt and the home page (each behind the bare domain's redirect), the three
    # sitemaps and the feed.
    assert second.stats["replay/hit"] == 8


def test_a_changed_lastmod_exports_that_article_again(runs: list[CrawlResult]):
    third = runs[2]
    assert third.returncode == 0, third.log
    [record] = third.records
    assert (record["url"], record["change"]) == (UPDATED, "updated")
    assert record["modified"] == "2026-11-29T08:00:00+00:00"
    assert record["body"][-1] == "The harbor's largest customer welcomed the decision."
    assert third.stats["newscrawler/pages/hop_0"] == 1


def test_a_site_without_a_sitemap_is_discovered_from_the_feed_its_home_page_announces(
    tmp_path: Path,
):
    result = discover(tmp_path, "courier.example.org")
    assert result.returncode == 0, result.log
    assert result.rejects == []
    assert sorted((record["url"], record["headline"]) for record in result.records) == [
        (
            "https://courier.example.org/news/lake-ice-warning-issued-for-weekend/",
            "Lake ice warning issued for the weekend",
        ),
        (
            "https://courier.example.org/news/new-library-opens-in-old-mill/",
            "New library opens in the old mill",
        ),
    ]


def test_a_site_with_neither_ends_with_one_message_and_a_reject(tmp_path: Path):
    result = discover(tmp_path, "example.com")
    assert result.returncode == 1  # the article count monitor fails the run
    assert result.records == []
    said = (
        "robots.txt names no sitemap of example.com and its home page announces no feed: "
        "there is nothing to discover its articles from. Name article pages with -a url= or "
        "-a urls=."
    )
    assert [(r["url"], r["reason"], r["detail"]) for r in result.rejects] == [
        ("https://example.com/", "no_listing", said)
    ]
    assert result.log.count(said) == 1
    assert result.stats["newscrawler/discovery/no_robots"] == 1


def test_since_narrows_discovery_by_the_listed_dates(tmp_path: Path):
    result = crawl(
        "wire", tmp_path, store=STORE, spider_args={"domain": "example.net", "since": "2026-11-25"}
    )
    assert result.returncode == 0, result.log
    assert sorted(record["url"] for record in result.records) == sorted(
        NEWS_SITEMAP | {f"{SITE}/2026/11/25/council-votes-on-housing-plan/"}
    )
    # The post sitemap's entries of the 20th, 23rd and 24th (their lastmod).
    assert result.stats["newscrawler/discovery/out_of_range"] == 3


def test_feeds_a_page_announces():
    northwind = HtmlResponse(f"{SITE}/", body=(STORE / "northwind-home.html").read_bytes())
    assert announced_feeds(northwind) == [f"{SITE}/feed/"]  # not the comments feed
    courier = HtmlResponse(
        "https://courier.example.org/", body=(STORE / "courier-home.html").read_bytes()
    )
    assert announced_feeds(courier) == ["https://courier.example.org/feed.atom"]


def test_news_sitemaps_are_read_first_and_other_pages_sitemaps_not_at_all():
    assert is_news_sitemap(f"{SITE}/news-sitemap.xml")
    assert is_news_sitemap("https://en.yna.co.kr/sitemap-news.xml.gz")
    assert not is_news_sitemap(f"{SITE}/sitemap_index.xml")
    crawler = get_crawler(WireGenericSpider)
    spider = crawler._create_spider(domain="example.net")
    news = spider.sitemap_request(f"{SITE}/news-sitemap.xml")
    other = spider.sitemap_request(f"{SITE}/sitemap_index.xml")
    assert news.priority > other.priority
    for name in ("page-sitemap.xml", "category-sitemap.xml", "wp-sitemap-users-1.xml",
                 "wp-sitemap-taxonomies-post_tag-1.xml", "author-sitemap.xml"):  # fmt: skip
        assert lists_other_pages(f"{SITE}/{name}")
    for name in ("post-sitemap.xml.gz", "post-sitemap2.xml", "news-sitemap.xml",
                 "wp-sitemap-posts-post-1.xml", "sitemap-2026-11.xml"):  # fmt: skip
        assert not lists_other_pages(f"{SITE}/{name}")


def test_the_site_is_the_domain_with_its_subdomains():
    spider = WireGenericSpider(domain="https://www.example.net/")
    assert (spider.domain, spider.allowed_domains) == ("www.example.net", ["example.net"])
    assert spider.is_site_url("https://markets.example.net/a")
    assert not spider.is_site_url("https://www.example.org/a")


@pytest.mark.parametrize(
    ("given", "message"),
    [
        ({"domain": "example.net", "url": f"{SITE}/a"}, "-a domain and -a url exclude each other"),
        ({"domain": "example.net", "urls": "a.txt"}, "-a domain and -a urls exclude each other"),
        ({"domain": "example.net/news"}, "-a domain='example.net/news' is not a site's host"),
        ({"domain": "example.net", "start": "rss"}, "-a start: there is no such argument"),
        ({}, "no article to start from. Pass -a url=URL[,URL...] or -a urls=FILE"),
    ],
)
def test_bad_domain_arguments_say_what_to_do(given: dict, message: str):
    with pytest.raises(arguments.ArgumentError, match="^" + re.escape(f"wire: {message}")):
        WireGenericSpider(**given)


# -- The Tidewater Gazette (www.tidewater.example, Drupal with Simple XML Sitemap) ----------
# robots.txt names a sitemap index (which lists itself) whose children are named
# sitemap.xml?page=1 and ?page=2: the first lists every page (the front page, a section
# front, a static page, two articles; most entries without a lastmod), the second is the
# Google News sitemap, told by what it holds. The home page announces its feed served by
# FeedBurner (feedproxy links, feedburner:origLink to the site; one entry of a partner).

TIDEWATER = "https://www.tidewater.example"
TIDEWATER_ARTICLES = {
    f"{TIDEWATER}/news/2026/11/29/ferry-fares-to-rise-in-january",  # undated, and in the news
    f"{TIDEWATER}/news/2026/11/27/school-board-names-new-superintendent",
    f"{TIDEWATER}/news/2026/11/29/storm-surge-floods-low-lying-streets",  # news, and the feed
    f"{TIDEWATER}/news/2026/11/28/council-approves-new-seawall",  # the feed only
}
TIDEWATER_NON_ARTICLES = {f"{TIDEWATER}/", f"{TIDEWATER}/business", f"{TIDEWATER}/about-us"}


@pytest.fixture(scope="module")
def tidewater_runs(tmp_path_factory: pytest.TempPathFactory) -> list[CrawlResult]:
    """Four runs sharing one crawl state: over the site, over it unchanged, after its
    static page's lastmod moved on, and once the pages known to be none are due for a
    second look (NEWSCRAWLER_NON_ARTICLE_RECHECK_DAYS)."""
    tmp_path = tmp_path_factory.mktemp("tidewater")
    first = discover(tmp_path, "www.tidewater.example")
    second = discover(tmp_path, "www.tidewater.example")
    changed = shutil.copytree(STORE, tmp_path / "changed")
    sitemap = changed / "tidewater-sitemap-page1.xml"
    text = sitemap.read_text("utf-8")
    assert "<lastmod>2026-03-02T09:12:44+00:00</lastmod>" in text
    sitemap.write_text(text.replace("2026-03-02T09:12:44", "2026-11-29T10:00:00"), "utf-8")
    third = discover(tmp_path, "www.tidewater.example", store=changed)
    recheck = {"NEWSCRAWLER_NON_ARTICLE_RECHECK_DAYS": "0"}
    fourth = discover(tmp_path, "www.tidewater.example", store=changed, settings=recheck)
    return [first, second, third, fourth]


def test_a_feed_served_by_a_feed_service_is_read_and_only_its_entries_on_the_site_fetched(
    tidewater_runs: list[CrawlResult],
):
    first = tidewater_runs[0]
    assert first.returncode == 0, first.log
    assert sorted(record["url"] for record in first.records) == sorted(TIDEWATER_ARTICLES)
    stats = first.stats
    assert stats["newscrawler/discovery/feeds_announced"] == 1
    assert stats["newscrawler/discovery/feeds_elsewhere"] == 1  # feeds.feedburner.com
    assert stats["newscrawler/discovery/offsite"] == 1  # the partner's entry
    # Nothing off the site was fetched but the feed: no feedproxy link, no partner page.
    assert "replay/miss" not in stats


def test_a_news_sitemap_is_told_by_its_content_whatever_its_name(
    tidewater_runs: list[CrawlResult],
):
    first = tidewater_runs[0]
    assert first.stats["newscrawler/discovery/news_sitemaps"] == 1  # sitemap.xml?page=2
    assert first.stats["newscrawler/discovery/sitemap_listed_again"] == 1  # the index itself
    [ferry] = [r for r in first.records if r["url"].endswith("ferry-fares-to-rise-in-january")]
    assert ferry["published"] == "2026-11-29T06:30:00+00:00"


def test_listed_pages_that_are_no_article_are_rejected_once_and_remembered(
    tidewater_runs: list[CrawlResult],
):
    first = tidewater_runs[0]
    assert {(r["url"], r["reason"]) for r in first.rejects} == {
        (url, "not_article") for url in TIDEWATER_NON_ARTICLES
    }
    assert first.stats["newscrawler/pages/hop_0"] == 7


def test_a_second_run_fetches_neither_articles_nor_pages_known_to_be_none(
    tidewater_runs: list[CrawlResult],
):
    """The ferry article is listed without a lastmod by the sitemap of every page: the news
    sitemap's publication date tells that it has not changed, whichever is read first; the
    front page, the section front and the static page are remembered as no article."""
    second = tidewater_runs[1]
    assert second.returncode == 0, second.log
    assert second.records == []
    assert second.rejects == []
    assert "newscrawler/pages/hop_0" not in second.stats
    assert second.stats["newscrawler/discovery/known_not_article"] == 3
    # robots.txt, the index, its two children, the home page, the feed.
    assert second.stats["replay/hit"] == 6


def test_a_page_known_to_be_none_is_fetched_again_once_its_listing_says_it_changed(
    tidewater_runs: list[CrawlResult],
):
    third = tidewater_runs[2]
    assert third.returncode == 0, third.log
    assert third.records == []
    assert [(r["url"], r["reason"]) for r in third.rejects] == [
        (f"{TIDEWATER}/about-us", "not_article")
    ]
    assert third.stats["newscrawler/pages/hop_0"] == 1
    assert third.stats["newscrawler/discovery/known_not_article"] == 2


def test_pages_known_to_be_none_are_looked_at_again_in_time_whatever_their_listing_says(
    tidewater_runs: list[CrawlResult],
):
    """A page misjudged once (an article that was a placeholder then) is not lost for good."""
    fourth = tidewater_runs[3]
    assert fourth.returncode == 0, fourth.log
    assert {(r["url"], r["reason"]) for r in fourth.rejects} == {
        (url, "not_article") for url in TIDEWATER_NON_ARTICLES
    }
    assert "newscrawler/discovery/known_not_article" not in fourth.stats


# -- Bramble Post (www.bramble.example): hostile discovery input ---------------------------


def test_hostile_sitemaps_and_feeds_are_each_counted_with_a_reason_and_never_crash(
    tmp_path: Path,
):
    """A sitemap index that lists itself and a loop back to it, a chain of indexes four
    deep, a sitemap cut off mid-element, an HTML error page as a sitemap, one over the
    listing limit, a gzip bomb, relative locations and links, URLs that are none, a feed
    announced as a local file: the crawl ends, with every article the site lists."""
    result = crawl(
        "wire",
        tmp_path,
        store=STORE,
        spider_args={"domain": "www.bramble.example"},
        settings={"NEWSCRAWLER_MAX_LISTING_BYTES": "16384"},
    )
    assert result.returncode == 0, result.log
    bramble = "https://www.bramble.example"
    assert sorted(record["url"] for record in result.records) == [
        f"{bramble}/news/2026/11/28/bridge-repairs-begin/",  # a feed's path-relative link
        f"{bramble}/news/2026/11/29/market-hall-reopens/",  # relative in feed and sitemap
    ]
    rejects = {r["url"].removeprefix(bramble): (r["reason"], r["detail"]) for r in result.rejects}
    assert {url: reason for url, (reason, _) in rejects.items()} == {
        "/sitemap-archive.xml.gz": "unreadable_listing",
        "/sitemaps/broken.xml": "unreadable_listing",
        "/sitemaps/error.xml": "unreadable_listing",
        "/sitemaps/huge.xml": "unreadable_listing",
        "/sitemaps/nested-3.xml": "sitemap_too_deep",
    }
    assert rejects["/sitemap-archive.xml.gz"][1].startswith(
        "gzipped, it decompresses to more than 16384 bytes"
    )
    assert rejects["/sitemaps/broken.xml"][1].startswith("not well-formed XML")
    assert rejects["/sitemaps/error.xml"][1].startswith("not a sitemap (root element 'html')")
    stats = result.stats
    assert stats["newscrawler/discovery/sitemap_listed_again"] == 2
    assert stats["newscrawler/discovery/sitemaps_in_robots"] == 2  # not the one that is no URL
    assert stats["newscrawler/discovery/feeds_not_http"] == 2  # file:///etc/passwd, http://[::1
    assert stats["newscrawler/discovery/offsite"] == 2  # the entries that are no URL
    assert "replay/miss" not in stats
