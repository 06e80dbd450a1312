"""Hostile links and inputs: the crawler never requests another host, a scheme other than
http(s) or a private, loopback or link-local address, by a link or a redirect; reads feeds
and sitemaps without expanding entities and within size limits; keeps credentials out of
its requests, logs and feeds; and listens for nobody (no telnet console, no remote control).

The address guard and the resolver are unit-tested; everything else is a real
`scrapy crawl yonhap` over the replay store fixtures/hostile (pages written for these tests
in the 2023 Yonhap markup). In replay every request is answered from the store, so no test
here opens a connection beyond loopback, even if a guard failed. The store holds only
en.yna.co.kr URLs, so a request that got past the guards would show as a replay miss; what
was requested is counted by replay/hit and logged, URL by URL, in the crawl's DEBUG log.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from scrapy import Request
from scrapy.crawler import Crawler
from scrapy.downloadermiddlewares.redirect import RedirectMiddleware
from scrapy.exceptions import IgnoreRequest
from scrapy.http import Response
from scrapy.utils.test import get_crawler
from twisted.internet.error import DNSLookupError
from twisted.internet.task import Clock
from twisted.python.failure import Failure

from newscrawler.network.failures import describe_failure
from newscrawler.network.middlewares import AddressGuardMiddleware
from newscrawler.network.resolver import PublicAddressResolver
from tests.crawling import CrawlResult, crawl
from tests.paths import FIXTURES, store_urls

STORE = FIXTURES / "hostile"
SITE = "en.yna.co.kr"
VIEW = f"https://{SITE}/view/"

# Articles of the store (fixtures/hostile/index.jsonl says what each is for).
HUB = "AEN20230420000100315"  # related headlines to everywhere a crawler must not go
CREDS = "AEN20230420000200315"  # linked as https://user:secret@en.yna.co.kr/view/...
VIA_CREDS_REDIRECT = "AEN20230420000800315"  # reached by a redirect carrying credentials
IPV6_LINK = "AEN20230420001200315"  # a related headline links to http://[::1]/...
# Site articles that redirect off the site, and the reason each is given up for.
REDIRECTED = {
    "AEN20230420000300315": "private_address",  # -> http://169.254.169.254/latest/meta-data/
    "AEN20230420000400315": "private_address",  # -> http://localhost/admin
    "AEN20230420000500315": "private_address",  # -> http://[::1]:8080/...
    "AEN20230420000600315": "private_address",  # -> http://10.0.0.5/internal/
    "AEN20230420000700315": "offsite",  # -> https://www.example.com/...
    "AEN20230420000900315": "offsite",  # -> file:///etc/passwd
    "AEN20230420001000315": "private_address",  # -> https://en.yna.co.kr@169.254.169.254/...
}
CREDS_REDIRECT = "AEN20230420001100315"  # -> https://user:secret@en.yna.co.kr/view/...0800315
REFRESH_TO_METADATA = "AEN20230420001300315"  # <meta refresh> to http://169.254.169.254/...
REFRESH_WITH_CREDS = "AEN20230420001400315"  # <meta refresh> to https://user:secret@.../0800315
SECRET = "secret"  # the password of every user:secret@ URL in the store

# Scrapy's default log level, what a plain `scrapy crawl` logs: every request is in it.
DEBUG = {"LOG_LEVEL": "DEBUG"}

_CRAWLED = re.compile(r"\] DEBUG: Crawled \(\d+\) <GET (\S+)>")
_REDIRECTED_FROM = re.compile(r"\] DEBUG: Redirecting \([^)]+\) to <GET \S+> from <GET (\S+)>")


def view(content_id: str) -> str:
    return VIEW + content_id


def crawled(result: CrawlResult) -> set[str]:
    """The URLs the crawl's DEBUG log shows requested: each response handed on, and each
    request answered with a redirect that was followed. (A request whose redirect is
    refused is counted in replay/hit and rejected, not logged.) Scrapy's robots.txt
    lookups, which every crawl makes before a host's first page, are left out."""
    urls = set(_CRAWLED.findall(result.log)) | set(_REDIRECTED_FROM.findall(result.log))
    return {url for url in urls if not url.endswith("/robots.txt")}


def everything_written(result: CrawlResult) -> str:
    """The crawl's log, feed and rejects feed, as one text to search."""
    feeds = [json.dumps(lines, ensure_ascii=False) for lines in (result.records, result.rejects)]
    return "\n".join([result.log, *feeds])


def reasons_by_url(result: CrawlResult) -> dict[str, str]:
    return {reject["url"]: reject["reason"] for reject in result.rejects}


def exported(result: CrawlResult) -> set[str]:
    return {record["url"] for record in result.records}


# -- the address guard ---------------------------------------------------------------------


def address_guard(allow_loopback: bool = False) -> AddressGuardMiddleware:
    settings = {"NEWSCRAWLER_ALLOW_LOOPBACK": allow_loopback}
    return AddressGuardMiddleware.from_crawler(get_crawler(settings_dict=settings))


NOT_PUBLIC = [
    "http://10.0.0.1/",
    "http://10.255.255.254/view/AEN20230420000100315",
    "http://172.16.0.1/",
    "http://172.31.255.1/",
    "http://192.168.1.1/admin",
    "http://169.254.169.254/latest/meta-data/",  # the cloud metadata service
    "http://127.0.0.1:6023/",
    "http://127.8.9.10/",
    "http://[::1]/",
    "http://[fe80::1]/",
    "http://[fc00::1]/",  # IPv6 unique local
    "http://[::ffff:169.254.169.254]/",  # IPv4-mapped IPv6
    "http://0.0.0.0/",
    "http://100.64.0.1/",  # carrier-grade NAT
    "http://224.0.0.1/",  # multicast
    "http://localhost/",
    "http://localhost:8080/view/AEN20230420000100315",
    "http://api.localhost/",
    "https://user:secret@169.254.169.254/",
]


@pytest.mark.parametrize("url", NOT_PUBLIC)
def test_guard_refuses_private_loopback_and_link_local_addresses(url):
    with pytest.raises(IgnoreRequest) as refused:
        address_guard().process_request(Request(url))
    reason, detail = describe_failure(Failure(refused.value))
    assert reason == "private_address"
    assert "never goes there" in detail


@pytest.mark.parametrize(
    "url",
    ["http://8.8.8.8/", "https://[2001:4860:4860::8888]/", f"{VIEW}{HUB}", "https://1.1.1.1:8443/"],
)
def test_guard_lets_public_addresses_through(url):
    # A host name passes here: the resolver checks the address it resolves to.
    assert address_guard().process_request(Request(url)) is None


def test_loopback_setting_opens_loopback_only():
    guard = address_guard(allow_loopback=True)
    for url in ["http://127.0.0.1:8080/", "http://[::1]:8080/", "http://localhost:8080/"]:
        assert guard.process_request(Request(url)) is None
    for url in ["http://10.0.0.1/", "http://169.254.169.254/", "http://[fe80::1]/"]:
        with pytest.raises(IgnoreRequest):
            guard.process_request(Request(url))


@pytest.mark.parametrize(
    "location",
    ["http://169.254.169.254/latest/meta-data/", "http://localhost/admin", "//10.0.0.5/x"],
)
def test_a_redirect_is_checked_like_a_link(crawler: Crawler, location: str):
    """A redirect makes a new request, which the guard refuses as it refuses a link."""
    request = Request(f"{VIEW}{HUB}")
    response = Response(request.url, status=302, headers={"Location": location}, request=request)
    redirected = RedirectMiddleware.from_crawler(crawler).process_response(request, response)
    assert isinstance(redirected, Request)
    with pytest.raises(IgnoreRequest, match="private address"):
        address_guard().process_request(redirected)


# -- the resolver --------------------------------------------------------------------------


class InlineReactor(Clock):
    """Just enough reactor for Twisted's ThreadedResolver: the lookup runs at once, in this
    thread, with the machine's own resolver (names below need no network)."""

    def getThreadPool(self) -> InlineReactor:
        return self

    def callInThreadWithCallback(
        self, on_result: Callable[[bool, Any], None], function: Callable[..., Any], *args: Any
    ) -> None:
        try:
            result = function(*args)
        except Exception:
            on_result(False, Failure())
        else:
            on_result(True, result)

    def callFromThread(self, function: Callable[..., Any], *args: Any) -> None:
        function(*args)


def resolver(allow_loopback: bool = False) -> PublicAddressResolver:
    crawler = get_crawler(settings_dict={"NEWSCRAWLER_ALLOW_LOOPBACK": allow_loopback})
    return PublicAddressResolver.from_crawler(crawler, InlineReactor())


def resolve(name: str, allow_loopback: bool = False) -> str | Failure:
    outcome: list[str | Failure] = []
    resolver(allow_loopback).getHostByName(name).addBoth(outcome.append)
    [result] = outcome
    return result


@pytest.mark.parametrize(
    "address",
    ["10.1.2.3", "172.20.0.1", "192.168.0.10", "169.254.169.254", "127.0.0.1", "0.0.0.0",
     "100.64.0.1", "224.0.0.251", "::1", "fe80::1", "fd12:3456::1", "::ffff:10.0.0.1"],
)  # fmt: skip
def test_a_name_resolving_to_a_private_address_fails_like_an_unknown_name(address):
    """DNS rebinding, or an internal name on an allowed domain."""
    with pytest.raises(DNSLookupError, match="resolves to a private address"):
        resolver()._public(address, "intranet.en.yna.co.kr")


@pytest.mark.parametrize("address", ["8.8.8.8", "1.1.1.1", "2001:4860:4860::8888"])
def test_a_name_resolving_to_a_public_address_resolves(address):
    assert resolver()._public(address, SITE) == address


def test_localhost_resolves_but_is_refused_unless_loopback_is_allowed():
    refused = resolve("localhost")
    assert isinstance(refused, Failure) and refused.check(DNSLookupError)
    assert "127.0.0.1" in str(refused.value)
    assert resolve("localhost", allow_loopback=True) == "127.0.0.1"


@pytest.mark.parametrize(
    ("name", "address"),
    [("2852039166", "169.254.169.254"), ("0x7f.0.0.1", "127.0.0.1"), ("127.1", "127.0.0.1"),
     ("0", "0.0.0.0")],
)  # fmt: skip
def test_numeric_spellings_of_private_addresses_are_refused(name, address):
    """Hosts the guard takes for names, that the C library reads as addresses."""
    refused = resolve(name)
    assert isinstance(refused, Failure) and refused.check(DNSLookupError)
    assert address in str(refused.value)


# -- links and redirects in a real crawl ---------------------------------------------------


@pytest.fixture(scope="module")
def links_crawl(tmp_path_factory: pytest.TempPathFactory) -> CrawlResult:
    """The hub article and its related headlines, one link out."""
    folder = tmp_path_factory.mktemp("links")
    settings = {**DEBUG, "REMOTE_CONTROL_JOBS_DIR": str(folder / "remote-control-jobs")}
    return crawl("yonhap", folder, store=STORE, urls=[view(HUB)], hops=1, settings=settings)


def test_the_store_holds_only_the_sites_urls():
    """Which makes a replay miss the mark of a request that should not have been made."""
    assert {urlsplit(url).hostname for url in store_urls(STORE, "")} == {SITE}


def test_only_the_sites_own_articles_are_requested(links_crawl: CrawlResult):
    """Of the hub's related headlines, the site's articles are requested (the one linked
    with credentials at its plain URL); other hosts, schemes, IP literals and localhost
    are not, and neither is anywhere the site's articles redirect to."""
    assert links_crawl.stats["finish_reason"] == "finished"
    # The hub, the article linked with credentials and the 7 that redirect off the site.
    assert links_crawl.stats["replay/hit"] == 2 + len(REDIRECTED)
    assert "replay/miss" not in links_crawl.stats
    assert crawled(links_crawl) == {view(HUB), view(CREDS)}
    # 20 related headlines: 8 site articles followed, 1 other host, 5 other schemes and
    # 6 IP literals or localhost not.
    assert links_crawl.stats["newscrawler/links/not_followed_offsite"] == 12
    assert exported(links_crawl) == {view(HUB), view(CREDS)}


def test_the_record_keeps_related_site_links_without_credentials(links_crawl: CrawlResult):
    [hub] = [record for record in links_crawl.records if record["url"] == view(HUB)]
    on_site = [link for link in hub["related"] if urlsplit(link["url"]).hostname == SITE]
    assert on_site == [
        {"headline": "City to add bike rental stations near Han River parks", "url": view(CREDS)},
        {"headline": "Riverside parks to get new lighting", "url": view("AEN20230420000300315")},
        {"headline": "Bike lanes to be widened on two bridges",
         "url": view("AEN20230420000400315")},
        {"headline": "Helmet rental to start at ferry piers", "url": view("AEN20230420000500315")},
        {"headline": "Night cycling event set for May", "url": view("AEN20230420000600315")},
        {"headline": "Cycling app adds route planner", "url": view("AEN20230420000700315")},
        {"headline": "Rest areas to offer repair kits", "url": view("AEN20230420000900315")},
        {"headline": "Path signs to come in four languages", "url": view("AEN20230420001000315")},
    ]  # fmt: skip
    for link in hub["related"]:
        parts = urlsplit(link["url"])
        assert parts.scheme in ("http", "https") and parts.username is None, link


def test_no_credentials_in_the_log_the_feed_or_the_rejects(links_crawl: CrawlResult):
    assert SECRET not in everything_written(links_crawl)


def test_every_article_given_up_on_a_redirect_is_in_the_rejects_feed(links_crawl: CrawlResult):
    """Under the article's own URL, with where it pointed in the detail."""
    assert reasons_by_url(links_crawl) == {view(cid): reason for cid, reason in REDIRECTED.items()}
    for reject in links_crawl.rejects:
        assert f"redirect from {reject['url']} to " in reject["detail"]
    assert links_crawl.stats["newscrawler/rejected/private_address"] == 5
    assert links_crawl.stats["newscrawler/rejected/offsite"] == 2


def test_a_redirect_to_a_site_url_with_credentials_is_followed_without_them(tmp_path):
    result = crawl("yonhap", tmp_path, store=STORE, urls=[view(CREDS_REDIRECT)], settings=DEBUG)
    assert exported(result) == {view(VIA_CREDS_REDIRECT)}
    assert crawled(result) == {view(CREDS_REDIRECT), view(VIA_CREDS_REDIRECT)}
    assert SECRET not in everything_written(result)


@pytest.fixture(scope="module")
def refresh_crawl(tmp_path_factory: pytest.TempPathFactory) -> CrawlResult:
    """Two site pages that move on with <meta http-equiv="refresh">: one to the metadata
    address, one to a site article with credentials in its URL."""
    urls = [view(REFRESH_TO_METADATA), view(REFRESH_WITH_CREDS)]
    return crawl(
        "yonhap", tmp_path_factory.mktemp("refresh"), store=STORE, urls=urls, settings=DEBUG
    )


def test_a_meta_refresh_off_the_site_is_not_followed(refresh_crawl: CrawlResult):
    # The two pages and the article the second one refreshes to.
    assert refresh_crawl.stats["replay/hit"] == 3
    assert "replay/miss" not in refresh_crawl.stats
    assert exported(refresh_crawl) == {view(VIA_CREDS_REDIRECT)}


def test_an_article_given_up_on_a_meta_refresh_is_in_the_rejects_feed(refresh_crawl):
    assert reasons_by_url(refresh_crawl) == {view(REFRESH_TO_METADATA): "private_address"}


def test_a_meta_refresh_with_credentials_is_followed_without_them(refresh_crawl: CrawlResult):
    assert view(VIA_CREDS_REDIRECT) in crawled(refresh_crawl)
    assert SECRET not in everything_written(refresh_crawl)


def test_a_related_link_to_an_ipv6_literal_does_not_cost_the_article(tmp_path):
    """The link stays in the record (brackets kept) and is not followed."""
    result = crawl("yonhap", tmp_path, store=STORE, urls=[view(IPV6_LINK)], hops=1, settings=DEBUG)
    assert "log_count/ERROR" not in result.stats
    assert crawled(result) == {view(IPV6_LINK), view(VIA_CREDS_REDIRECT)}
    assert "replay/miss" not in result.stats
    [record] = [record for record in result.records if record["url"] == view(IPV6_LINK)]
    assert record["related"] == [
        {"headline": "Ferry timetable", "url": "https://[::1]/view/AEN20230419000400315"},
        {"headline": "Bike-sharing fleet to double by year-end", "url": view(VIA_CREDS_REDIRECT)},
    ]


# -- feeds ---------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def feed_crawl(tmp_path_factory: pytest.TempPathFactory) -> Callable[..., CrawlResult]:
    """A crawl from one of the store's RSS feeds (-a section=...), run once per module."""
    done: dict[tuple[str, ...], CrawlResult] = {}

    def run(section: str, **settings: str) -> CrawlResult:
        key = (section, *sorted(f"{name}={value}" for name, value in settings.items()))
        if key not in done:
            done[key] = crawl(
                "yonhap",
                tmp_path_factory.mktemp(f"rss-{section}"),
                store=STORE,
                spider_args={"start": "rss", "section": section},
                settings={**DEBUG, **settings},
            )
        return done[key]

    return run


def feed_url(section: str) -> str:
    return f"https://{SITE}/RSS/{section}.xml"


def test_feed_items_off_the_site_are_not_requested(feed_crawl):
    """The feed lists two site articles (one with credentials) and items linking to the
    metadata address, another host, file:, javascript: and localhost."""
    result = feed_crawl("news")
    assert crawled(result) == {feed_url("news"), view(CREDS), view(VIA_CREDS_REDIRECT)}
    assert "replay/miss" not in result.stats
    assert result.stats["newscrawler/discovery/listed"] == 7
    assert result.stats["newscrawler/discovery/offsite"] == 5
    assert exported(result) == {view(CREDS), view(VIA_CREDS_REDIRECT)}
    assert SECRET not in everything_written(result)


def test_billion_laughs_feed_is_never_expanded(feed_crawl):
    """libxml2 refuses the entity bomb outright: the feed is rejected, unread."""
    result = feed_crawl("laughs")
    assert result.stats["finish_reason"] == "finished"
    assert reasons_by_url(result) == {feed_url("laughs"): "unreadable_listing"}
    assert crawled(result) == {feed_url("laughs")}
    assert "lollol" not in everything_written(result)


def test_external_entities_are_never_resolved(feed_crawl):
    """Entities naming file:///etc/passwd and the metadata address stay unresolved
    references; the feed's links are read and its articles crawled."""
    result = feed_crawl("xxe")
    assert exported(result) == {view(CREDS), view(VIA_CREDS_REDIRECT)}
    assert crawled(result) == {feed_url("xxe"), view(CREDS), view(VIA_CREDS_REDIRECT)}
    assert "root:" not in everything_written(result)  # the first line of /etc/passwd


def test_a_feed_over_the_listing_size_limit_is_not_read(feed_crawl):
    result = feed_crawl("news", NEWSCRAWLER_MAX_LISTING_BYTES="1000")
    [reject] = result.rejects
    assert (reject["url"], reject["reason"]) == (feed_url("news"), "unreadable_listing")
    assert "NEWSCRAWLER_MAX_LISTING_BYTES" in reject["detail"]
    assert crawled(result) == {feed_url("news")}
    assert result.records == []


def test_a_gzip_encoded_feed_bomb_stops_at_the_download_limit(feed_crawl):
    """64 KiB of gzip that decompress to 64 MiB: decompression stops at DOWNLOAD_MAXSIZE
    (32 MiB) and the feed is given up on; the crawl itself finishes."""
    result = feed_crawl("bomb")
    assert result.stats["finish_reason"] == "finished"
    [reject] = result.rejects
    assert (reject["url"], reject["reason"]) == (feed_url("bomb"), "too_large")
    assert "DOWNLOAD_MAXSIZE" in reject["detail"]
    assert result.records == []
    assert result.stats["replay/hit"] == 1


def test_a_feed_redirecting_to_a_private_address_is_refused(feed_crawl):
    result = feed_crawl("internal")
    assert result.stats["replay/hit"] == 1
    assert "replay/miss" not in result.stats
    [reject] = result.rejects
    assert (reject["url"], reject["reason"]) == (feed_url("internal"), "private_address")
    assert "http://169.254.169.254/latest/meta-data/" in reject["detail"]


def test_credentials_in_a_refused_redirect_stay_out_of_the_rejects_and_log(feed_crawl):
    """The feed redirects to http://user:secret@169.254.169.254/latest/meta-data/."""
    result = feed_crawl("leak")
    assert reasons_by_url(result) == {feed_url("leak"): "private_address"}
    assert SECRET not in everything_written(result)


def test_a_feed_redirecting_to_another_host_is_not_followed(feed_crawl):
    """Feeds are requested past the duplicate filter (dont_filter: read on every run),
    which Scrapy's offsite filter lets through: the redirect guard must stop them."""
    result = feed_crawl("moved")
    assert result.stats["replay/hit"] == 1
    assert "replay/miss" not in result.stats
    [reject] = result.rejects
    assert (reject["url"], reject["reason"]) == (feed_url("moved"), "offsite")
    assert "https://www.example.com/RSS/news.xml" in reject["detail"]


# -- sitemaps ------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def sitemap_crawl(tmp_path_factory: pytest.TempPathFactory) -> CrawlResult:
    """robots.txt names a .xml.gz sitemap bomb, a sitemap index (with children on and off
    the site, one with credentials in its URL) and sitemaps off the site."""
    return crawl(
        "yonhap",
        tmp_path_factory.mktemp("sitemap"),
        store=STORE,
        spider_args={"start": "sitemap"},
        settings=DEBUG,
    )


def test_a_gzip_sitemap_bomb_is_rejected_and_the_crawl_goes_on(sitemap_crawl: CrawlResult):
    """The .xml.gz is served as is, 64 KiB that decompress to 64 MiB: decompression stops
    at NEWSCRAWLER_MAX_LISTING_BYTES (50 MiB) and the other sitemaps are read."""
    assert sitemap_crawl.stats["finish_reason"] == "finished"
    assert reasons_by_url(sitemap_crawl) == {
        f"https://{SITE}/sitemap-news.xml.gz": "unreadable_listing"
    }
    assert exported(sitemap_crawl) == {view(HUB), view(CREDS), view(VIA_CREDS_REDIRECT)}


def test_sitemaps_and_articles_off_the_site_are_not_requested(sitemap_crawl: CrawlResult):
    hosts = {urlsplit(url).hostname for url in crawled(sitemap_crawl)}
    assert hosts == {SITE}
    assert sitemap_crawl.stats["replay/hit"] == 8  # robots.txt, 4 sitemaps, 3 articles
    assert "replay/miss" not in sitemap_crawl.stats
    # Of the 5 URLs in the site's sitemaps 3 are off the site (the metadata address,
    # another host, file:); the index's children off the site are not even listed.
    assert sitemap_crawl.stats["newscrawler/discovery/listed"] == 6
    assert sitemap_crawl.stats["newscrawler/discovery/offsite"] == 3


def test_credentials_in_sitemap_urls_reach_no_request_and_no_log(sitemap_crawl: CrawlResult):
    """The index lists https://user:secret@en.yna.co.kr/sitemap-archive.xml."""
    assert f"https://{SITE}/sitemap-archive.xml" in crawled(sitemap_crawl)
    assert SECRET not in everything_written(sitemap_crawl)


# -- nothing listens -----------------------------------------------------------------------

STARTED = ("Telnet console listening", "Telnet Password", "Remote control HTTP server listening")


def listeners(result: CrawlResult, jobs: Path) -> list[str]:
    """What a crawl says it opened to the outside: the log lines of the telnet console and
    the remote-control server, their extensions, their stats, and the job file folder the
    remote-control server writes its port and token to."""
    enabled = result.log.partition("Enabled extensions:")[2].partition("]")[0]
    return [
        *(line for line in STARTED if line in result.log),
        *(name for name in ("TelnetConsole", "RemoteControl") if name in enabled),
        *(key for key in result.stats if "telnet" in key or "remote" in key),
        *([str(jobs)] if jobs.exists() else []),
    ]


def test_telnet_console_and_remote_control_are_off(links_crawl: CrawlResult, tmp_path):
    jobs = links_crawl.output_dir.parent / "remote-control-jobs"
    assert listeners(links_crawl, jobs) == []
    # The same checks see both when a crawl turns them on (on loopback, a free port).
    switched_on = {
        "TELNETCONSOLE_ENABLED": "True",
        "TELNETCONSOLE_PORT": "0",
        "REMOTE_CONTROL_ENABLED": "True",
        "REMOTE_CONTROL_JOBS_DIR": str(tmp_path / "remote-control-jobs"),
    }
    control = crawl("yonhap", tmp_path, store=STORE, urls=[view(CREDS)], settings=switched_on)
    assert listeners(control, tmp_path / "remote-control-jobs") == [
        *STARTED,
        "TelnetConsole",
        "RemoteControl",
        str(tmp_path / "remote-control-jobs"),
    ]
