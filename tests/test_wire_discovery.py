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


def discover(tmp_path: Path, domain: str, store: Path = STORE) -> CrawlResult:
    return crawl("wire", tmp_path, store=store, spider_args={"domain": domain})


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
        "robots.txt names no sitemap of example.com and its home page announces no feed of "
        "the site: there is nothing to discover its articles from. Name article pages with "
        "-a url= or -a urls=."
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
    spider = WireGenericSpider(domain="example.net")
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
