"""Feeds and sitemaps: read in full, and never trusted (no entity expansion, no external
entities, no network, size limits)."""

from __future__ import annotations

import gzip
import json
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta, timezone

import pytest
import redis
from hypothesis import given, settings
from hypothesis import strategies as st
from scrapy.http import XmlResponse
from scrapy.utils.test import get_crawler

from newscrawler import settings as project
from newscrawler.delivery.state import CrawlState, NonArticle
from newscrawler.discovery import (
    ListedArticle,
    UnreadableListing,
    parse_feed,
    parse_sitemap,
    sitemaps_in_robots,
)
from newscrawler.spiders.wire import WireGenericSpider
from newscrawler.spiders.yonhap import YonhapSpider
from tests.crawling import crawl
from tests.paths import FIXTURES, GOLDEN

LIMIT = 1_000_000
KST = timezone(timedelta(hours=9))

RSS = b"""<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/"><channel>
<title>Yonhap</title>
<item><title>(LEAD) S. Korea to support investments</title>
<link>https://en.yna.co.kr/view/AEN20230419003851320</link>
<pubDate>Wed, 19 Apr 2023 14:53:59 +0900</pubDate></item>
<item><title>No link, permalink guid</title><guid>https://en.yna.co.kr/view/AEN2</guid>
<dc:date>2023-04-19T05:00:00Z</dc:date></item>
<item><title>Neither</title><guid isPermaLink="false">42</guid></item>
</channel></rss>"""

ATOM = b"""<feed xmlns="http://www.w3.org/2005/Atom"><title>t</title>
<entry><title>One</title><link rel="alternate" href="https://apnews.com/article/one"/>
<published>2023-04-19T01:00:00Z</published><updated>2023-04-19T02:00:00Z</updated></entry>
</feed>"""

NEWS_SITEMAP = b"""<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"
        xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">
<url><loc>https://en.yna.co.kr/view/AEN1</loc><lastmod>2023-04-19T15:00:00+09:00</lastmod>
<news:news><news:publication><news:name>Yonhap</news:name><news:language>en</news:language>
</news:publication><news:publication_date>2023-04-19T14:53:59+09:00</news:publication_date>
<news:title>Mezzion Pharma to raise 50 bln won</news:title></news:news></url>
<url><loc>https://en.yna.co.kr/view/AEN2</loc><lastmod>2023-04-18</lastmod></url>
</urlset>"""

SITEMAP_INDEX = b"""<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
<sitemap><loc>https://en.yna.co.kr/sitemap-1.xml</loc><lastmod>2023-04-19</lastmod></sitemap>
</sitemapindex>"""


def test_rss_items_with_their_publication_times():
    assert parse_feed(RSS, LIMIT) == [
        ListedArticle(
            url="https://en.yna.co.kr/view/AEN20230419003851320",
            title="(LEAD) S. Korea to support investments",
            published=datetime(2023, 4, 19, 14, 53, 59, tzinfo=KST),
        ),
        ListedArticle(
            url="https://en.yna.co.kr/view/AEN2",
            title="No link, permalink guid",
            published=datetime(2023, 4, 19, 5, 0, tzinfo=UTC),
        ),
    ]


def test_atom_entries():
    [entry] = parse_feed(ATOM, LIMIT)
    assert entry.url == "https://apnews.com/article/one"
    assert entry.last_changed == datetime(2023, 4, 19, 2, 0, tzinfo=UTC)


def test_news_sitemap_keeps_publication_date_and_title():
    articles, children, news = parse_sitemap(NEWS_SITEMAP, LIMIT)
    assert children == []
    assert news  # told by its Google News entries: its URL is not even known here
    assert articles == [
        ListedArticle(
            url="https://en.yna.co.kr/view/AEN1",
            title="Mezzion Pharma to raise 50 bln won",
            published=datetime(2023, 4, 19, 14, 53, 59, tzinfo=KST),
            modified=datetime(2023, 4, 19, 15, 0, tzinfo=KST),
        ),
        ListedArticle(
            url="https://en.yna.co.kr/view/AEN2", modified=datetime(2023, 4, 18, tzinfo=UTC)
        ),
    ]


def test_sitemap_index_lists_child_sitemaps():
    articles, children, _ = parse_sitemap(SITEMAP_INDEX, LIMIT)
    assert articles == []
    assert [child.url for child in children] == ["https://en.yna.co.kr/sitemap-1.xml"]


def test_a_sitemap_without_news_entries_is_no_news_sitemap():
    plain = NEWS_SITEMAP.replace(b"news:publication_date", b"news:keywords")
    assert not parse_sitemap(plain, LIMIT).news
    assert not parse_sitemap(SITEMAP_INDEX, LIMIT).news


def test_relative_links_are_resolved_against_the_listing():
    rss = b"""<rss><channel><item><link>/news/a/</link></item><item><link>b/</link></item>
    <item><link>https://x.test/c</link></item></channel></rss>"""
    feed = parse_feed(rss, LIMIT, "https://x.test/feeds/all.rss")
    assert [entry.url for entry in feed] == [
        "https://x.test/news/a/",
        "https://x.test/feeds/b/",
        "https://x.test/c",
    ]
    atom = b"""<feed xmlns="http://www.w3.org/2005/Atom" xml:base="https://x.test/blog/">
    <entry><link href="post-1"/></entry></feed>"""
    [entry] = parse_feed(atom, LIMIT, "https://feeds.example.com/x")
    assert entry.url == "https://x.test/blog/post-1"
    urlset = b"""<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
    <url><loc>/news/a/</loc></url></urlset>"""
    assert parse_sitemap(urlset, LIMIT, "https://x.test/s/1.xml").articles[0].url == (
        "https://x.test/news/a/"
    )
    robots = "Sitemap: /sitemap.xml\nSitemap: http://[::1/sitemap.xml\nSitemap:\n"
    assert sitemaps_in_robots(robots, "https://x.test/robots.txt") == ["https://x.test/sitemap.xml"]


def test_a_feed_services_entries_are_the_sites_own_urls():
    """FeedBurner's copy of a feed links to its redirect service; feedburner:origLink
    names the article's own URL."""
    rss = b"""<rss xmlns:feedburner="http://rssnamespace.org/feedburner/ext/1.0"><channel>
    <item><link>http://feedproxy.google.com/~r/X/~3/abc/one</link>
    <feedburner:origLink>https://x.test/news/one</feedburner:origLink></item>
    <item><link>http://feedproxy.google.com/~r/X/~3/def/two</link></item></channel></rss>"""
    assert [entry.url for entry in parse_feed(rss, LIMIT, "https://feeds.feedburner.com/X")] == [
        "https://x.test/news/one",
        "http://feedproxy.google.com/~r/X/~3/def/two",
    ]


def test_entities_are_never_expanded():
    laughs = (
        b'<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY lol "lol">'
        b'<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">'
        b'<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>'
        b"<rss><channel><item><title>&lol3;</title><link>https://x.test/a</link></item>"
        b"</channel></rss>"
    )
    [entry] = parse_feed(laughs, LIMIT)
    assert "lollol" not in (entry.title or "")


def test_external_entities_are_not_fetched_or_read(tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP SECRET")
    xxe = (
        f'<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY xxe SYSTEM "file://{secret}">]>'
        "<rss><channel><item><title>&xxe;</title><link>https://x.test/a</link></item>"
        "</channel></rss>"
    ).encode()
    [entry] = parse_feed(xxe, LIMIT)
    assert "TOP SECRET" not in (entry.title or "")


@pytest.mark.parametrize(
    ("body", "message"),
    [
        (b"<rss><channel><item>", "not well-formed"),
        (b"<html><body>Not a feed</body></html>", "not an RSS or Atom feed"),
        (b"<rss>" + b" " * 2000 + b"</rss>", "over the 1000-byte limit"),
    ],
)
def test_unreadable_feeds_say_why(body, message):
    with pytest.raises(UnreadableListing, match=message):
        parse_feed(body, 1000)


def test_sitemaps_named_in_robots_txt():
    robots = "User-agent: *\nDisallow: /search\nSitemap: https://en.yna.co.kr/sitemap.xml\n"
    assert sitemaps_in_robots(robots) == ["https://en.yna.co.kr/sitemap.xml"]


@pytest.mark.parametrize("spider", ["apnews", "reuters", "anadolu"])
def test_each_site_spider_discovers_its_articles_from_the_sitemaps_robots_txt_names(
    spider, tmp_path
):
    """The discovery the spiders share: robots.txt names a news sitemap, which lists the
    site's articles (in each fixture store, the site's robots.txt and news sitemap)."""
    golden = [
        json.loads(p.read_text("utf-8")) for p in (GOLDEN / "fixtures" / spider).glob("*.json")
    ]
    result = crawl(spider, tmp_path, store=FIXTURES / spider)
    assert result.returncode == 0, result.log
    assert sorted(record["url"] for record in result.records) == sorted(g["url"] for g in golden)
    assert result.stats.get("replay/miss", 0) == 0


def test_a_feeds_articles_are_looked_up_in_the_crawl_state_in_batches(crawler, tmp_path):
    """A feed of thousands costs an unchanged run a few statements: its articles are looked
    up LOOKUP_BATCH at a time (a statement per article, or a COUNT(*) of every article
    remembered, cost a large state seconds per feed). Known and unchanged: not fetched."""
    listed_at = datetime(2023, 4, 19, 14, 0, tzinfo=KST)
    urls = [f"https://en.yna.co.kr/view/AEN20230419{n:04d}00315" for n in range(1201)]
    entries = [ListedArticle(url, published=listed_at) for url in urls]
    state = CrawlState(tmp_path / "state.sqlite")
    with state._db:
        state._db.executemany(
            "INSERT INTO articles VALUES (?, 'yonhap', NULL, 1, 'hash', ?, NULL, 'now', 'now')",
            [(url, "2023-04-19T14:53:59+09:00") for url in urls[::2]],  # every other one
        )
    statements: list[str] = []
    state._db.set_trace_callback(statements.append)
    spider = crawler.spider
    spider.crawl_state = state  # what the crawl's IncrementalPipeline keeps
    requested = [request.url for request in spider.listed(entries)]
    assert requested == urls[1::2]
    # 1,201 articles, LOOKUP_BATCH (500) at a time; of those not remembered as articles,
    # whether a page is known to be none.
    assert len(statements) == 6
    assert all(" FROM articles WHERE url IN ('" in statement for statement in statements[::2])
    assert all(" FROM listed_non_articles WHERE " in statement for statement in statements[1::2])
    stats = crawler.stats.get_stats()
    assert stats["newscrawler/discovery/listed"] == 1201
    assert stats["newscrawler/discovery/unchanged"] == 601
    assert "newscrawler/discovery/offsite" not in stats
    state.close()


def test_listed_articles_are_counted_and_filtered_as_one_by_one(crawler):
    """Off-site, out of range and canonical forms, in one listing: what each entry of a
    batch gets is what it would alone."""
    spider = crawler.spider
    spider.crawl_state = None  # no crawl state kept
    spider.since = date(2023, 4, 1)
    april, march = datetime(2023, 4, 19, tzinfo=UTC), datetime(2023, 3, 1, tzinfo=UTC)
    entries = [
        ListedArticle("https://en.yna.co.kr/view/AEN1", published=april),
        ListedArticle("https://example.com/view/AEN2"),
        ListedArticle("https://en.yna.co.kr/view/AEN3", published=march),
        ListedArticle("http://M-EN.yna.co.kr/view/AEN4?utm_source=x#top"),
        ListedArticle("https://en.yna.co.kr/view/AEN1"),  # listed twice: fetched once
    ]
    requested = [request.url for request in spider.listed(entries)]
    assert requested == ["https://en.yna.co.kr/view/AEN1", "https://en.yna.co.kr/view/AEN4"]
    stats = crawler.stats.get_stats()
    assert stats["newscrawler/discovery/listed"] == 5
    assert stats["newscrawler/discovery/offsite"] == 1
    assert stats["newscrawler/discovery/out_of_range"] == 1
    assert "newscrawler/discovery/unchanged" not in stats


YONHAP = YonhapSpider()
# Path segments that canonical_url keeps, and ones it changes (dot segments, escapes,
# characters to escape, queries, fragments, parameters).
SEGMENTS = st.sampled_from(
    ["", "view", "AEN1", "a.b", "A-Z_0~9", ".", "..", ".x", "%41", "%7e", "a b", "\u00e9",
     "a;b", "?q=1", "?utm_source=x&b=1", "#top", "a:b", "@", "+"]
)  # fmt: skip


@settings(max_examples=300, deadline=None)
@given(
    scheme=st.sampled_from(["https://", "http://", "HTTPS://", "//"]),
    host=st.sampled_from(["en.yna.co.kr", "m-en.yna.co.kr", "EN.yna.co.kr", "a.en.yna.co.kr",
                          "en.yna.co.kr:8080", "en.yna.co.kr.", "yna.co.kr", "example.com"]),
    segments=st.lists(SEGMENTS, max_size=4),
)  # fmt: skip
def test_a_listed_url_is_the_canonical_url_of_the_site_or_none(scheme, host, segments):
    """Taking a URL already in canonical form as it is (the cost of canonical_url saved on
    every entry of a feed) gives what canonical_url gives."""
    spider = YONHAP
    url = f"{scheme}{host}/{'/'.join(segments)}"
    expected = spider.canonical_url(url) if spider.is_site_url(url) else None
    assert spider._listed_url(url) == expected


def test_a_gzip_bomb_is_decompressed_no_further_than_scrapys_download_limit():
    """40 KB that decompress to 40 MiB: over DOWNLOAD_MAXSIZE (32 MiB), under the listing
    limit (50 MiB), the project's defaults: read no further than the 32 MiB."""
    crawler = get_crawler(WireGenericSpider, {
        "NEWSCRAWLER_MAX_LISTING_BYTES": project.NEWSCRAWLER_MAX_LISTING_BYTES,
        "DOWNLOAD_MAXSIZE": project.DOWNLOAD_MAXSIZE,
        "DOWNLOAD_WARNSIZE": project.DOWNLOAD_WARNSIZE,
    })  # fmt: skip
    spider = crawler.spider = crawler._create_spider(domain="www.bramble.example")
    url = "https://www.bramble.example/sitemap-archive.xml.gz"
    bomb = (FIXTURES / "discovery" / "bramble-sitemap-archive.gzip").read_bytes()
    rejected: list[tuple[str, str, str]] = []
    spider.reject = lambda url, reason, detail, record=None: rejected.append((url, reason, detail))
    response = XmlResponse(url, body=bomb, request=spider.sitemap_request(url))
    assert list(spider.parse_sitemap(response)) == []
    assert rejected == [
        (
            url,
            "unreadable_listing",
            f"gzipped, it decompresses to more than {32 * 1024 * 1024} bytes (the smaller of "
            f"NEWSCRAWLER_MAX_LISTING_BYTES and DOWNLOAD_MAXSIZE): it is not read",
        )
    ]


def test_a_gzipped_sitemap_obeys_its_requests_download_limits_as_scrapys_sitemapspider():
    """download_maxsize and download_warnsize in a request's meta apply, as in Scrapy's
    SitemapSpider: over the first it is not read, over the second it is read and counted."""
    crawler = get_crawler(WireGenericSpider, {"NEWSCRAWLER_MAX_LISTING_BYTES": LIMIT})
    spider = crawler.spider = crawler._create_spider(domain="www.tidewater.example")
    url = "https://www.tidewater.example/sitemap.xml?page=2"
    sitemap = (FIXTURES / "discovery" / "tidewater-sitemap-page2.xml").read_bytes()
    rejected: list[tuple[str, str]] = []
    spider.reject = lambda url, reason, detail, record=None: rejected.append((reason, detail))
    spider.crawl_state = None
    for meta in ({"download_warnsize": 1000}, {"download_maxsize": 1000}):
        request = spider.listing_request(url, spider.parse_sitemap)
        request.meta.update(meta)
        response = XmlResponse(url, body=gzip.compress(sitemap), request=request)
        requested = [request.url for request in spider.parse_sitemap(response)]
        if "download_warnsize" in meta:
            assert len(requested) == 2
            assert crawler.stats.get_value("newscrawler/discovery/listing_over_warnsize") == 1
    assert [reason for reason, _ in rejected] == ["unreadable_listing"]
    assert rejected[0][1].startswith("gzipped, it decompresses to more than 1000 bytes")


# -- pages a listing names that are no article, remembered ----------------------------------


@pytest.fixture(params=["sqlite", "redis"])
def any_state(request, tmp_path):
    """Each crawl state backend: SQLite, and Redis (a real server, see conftest)."""
    if request.param == "sqlite":
        state = CrawlState(tmp_path / "state.sqlite")
    else:
        from newscrawler.distributed.state import RedisCrawlState

        redis_url = request.getfixturevalue("redis_url")
        state = RedisCrawlState(redis.Redis.from_url(redis_url), "test", tmp_path)
    yield state
    state.close()


def test_both_state_backends_remember_listed_pages_that_are_no_article(any_state):
    about = NonArticle("https://x.test/about", "wire", "not_article", "2026-03-02T09:12:44+00:00",
                       "2026-11-29T09:00:00+00:00")  # fmt: skip
    front = NonArticle("https://x.test/business", "wire", "not_article", None, "2026-11-29T09:00Z")
    assert any_state.get_non_articles([about.url]) == {}
    any_state.remember_non_articles([about, front])
    any_state.remember_non_articles([])
    assert any_state.get_non_articles([about.url, front.url, "https://x.test/other"]) == {
        about.url: about,
        front.url: front,
    }
    assert any_state.get(about.url) is None  # no article: nothing was delivered
    moved_on = replace(about, listed_change="2026-11-29T10:00:00+00:00")
    any_state.remember_non_articles([moved_on])
    assert any_state.get_non_articles([about.url]) == {about.url: moved_on}


CHECKED = "2026-11-29T08:00:00+00:00"
A_WEEK_BEFORE = datetime(2026, 11, 22, 8, 0, tzinfo=UTC)
MARCH = "2026-03-02T09:12:44+00:00"


@pytest.mark.parametrize(
    ("remembered", "listed", "checked_after", "still_none"),
    [
        (MARCH, datetime(2026, 3, 2, 9, 12, 44, tzinfo=UTC), A_WEEK_BEFORE, True),
        (MARCH, datetime(2026, 3, 2, 10, 12, 44, tzinfo=KST), A_WEEK_BEFORE, True),
        (MARCH, datetime(2026, 11, 29, 10, 0, tzinfo=UTC), A_WEEK_BEFORE, False),
        (MARCH, None, A_WEEK_BEFORE, True),  # no time: no change said
        (None, datetime(2026, 11, 29, 10, 0, tzinfo=UTC), A_WEEK_BEFORE, True),
        # Checked too long ago: looked at again, whatever the listing says.
        (MARCH, None, datetime(2026, 11, 29, 9, 0, tzinfo=UTC), False),
        (None, None, datetime(2026, 11, 29, 9, 0, tzinfo=UTC), False),
    ],
)  # fmt: skip
def test_a_page_that_is_no_article_is_fetched_again_when_its_listing_says_it_changed_or_in_time(
    remembered, listed, checked_after, still_none
):
    page = NonArticle("https://x.test/about", "wire", "not_article", remembered, CHECKED)
    assert page.still_none(listed, checked_after) is still_none
