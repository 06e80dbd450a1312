"""Faults survived: a real `scrapy crawl yonhap` from the RSS feed of a local site that
misbehaves on purpose (tests.fault_site), one fault per article. The crawl must not
crash, must retry what is worth retrying (waiting what Retry-After asks), export every
reachable article exactly once, and give up on the rest with the right reason in the
rejects feed and the stats: no article the feed listed may vanish.

`pytest -s tests/test_faults.py` prints the crawl's figures."""

from __future__ import annotations

import http.client
from collections import Counter
from dataclasses import dataclass
from itertools import pairwise
from typing import Any

import pytest

from newscrawler import settings as project
from tests.crawling import Crawl, CrawlResult
from tests.fault_site import (
    Drip,
    Fault,
    FaultServer,
    FaultSite,
    GzipBomb,
    Hang,
    Oversized,
    RedirectChain,
    RedirectLoop,
    Reset,
    RetryAfter,
    Status,
    Truncated,
)
from tests.yonhap_site import Article, article_id, base_time

SEED = 20230419
MAXSIZE = 64 * 1024  # DOWNLOAD_MAXSIZE of the crawl; the feed and pages are far smaller
RETRIES = project.RETRY_TIMES
TIMEOUT = 2  # DOWNLOAD_TIMEOUT, seconds: every healthy answer on loopback comes far sooner
FEED = "/RSS/news.xml"
FEED_FAILURES = 1  # the feed answers 503 once: the crawl must still read it


@dataclass(frozen=True)
class Case:
    """One article of the site and what happens to it."""

    name: str
    fault: Fault | None = None
    times: int | None = None  # the first N requests of the article meet the fault; None: all
    disallowed: bool = False  # robots.txt forbids the article
    gives_up: str | None = None  # the reject reason; None: the article must be exported
    retries: int = 0  # the retries the crawl must make


CASES = [
    Case("healthy"),
    Case("500 once", Status(500), times=1, retries=1),
    Case("502 three times", Status(502), times=3, retries=3),
    Case("503 twice", Status(503), times=2, retries=2),
    Case("500 always", Status(500), gives_up="http_500", retries=RETRIES),
    Case("503 always", Status(503), gives_up="http_503", retries=RETRIES),
    Case("429, Retry-After 1 s, once", RetryAfter(1), times=1, retries=1),
    Case("429, Retry-After HTTP date, once", RetryAfter(3, as_http_date=True), times=1, retries=1),
    Case("429, Retry-After 1 s, always", RetryAfter(1), gives_up="http_429", retries=RETRIES),
    Case("429, Retry-After 1 h", RetryAfter(3600), gives_up="http_429"),
    Case("503, Retry-After 1 s, once", RetryAfter(1, status=503), times=1, retries=1),
    Case("reset once", Reset(), times=1, retries=1),
    Case("reset always", Reset(), gives_up="connection_error", retries=RETRIES),
    Case("no answer once", Hang(), times=1, retries=1),
    Case("no answer", Hang(), gives_up="timeout", retries=RETRIES),
    Case("truncated once", Truncated(), times=1, retries=1),
    Case("truncated always", Truncated(), gives_up="truncated", retries=RETRIES),
    Case("slow drip", Drip(), gives_up="timeout", retries=RETRIES),
    Case("redirect chain of 3", RedirectChain(3)),
    Case(
        "redirect chain past REDIRECT_MAX_TIMES",
        RedirectChain(project.REDIRECT_MAX_TIMES + 3),
        gives_up="redirect_loop",
    ),
    Case("redirect loop", RedirectLoop(), gives_up="redirect_loop"),
    Case("404", Status(404), gives_up="http_404"),
    Case("410", Status(410), gives_up="http_410"),
    Case("robots.txt disallows", disallowed=True, gives_up="robots_disallowed"),
    Case("too large", Oversized(4 * MAXSIZE), gives_up="too_large"),
    Case("too large, no Content-Length", Oversized(4 * MAXSIZE, False), gives_up="too_large"),
    Case("gzip bomb", GzipBomb(16 * MAXSIZE), gives_up="too_large"),
]

# What the crawler does wrong today, case by case; the fix to suggest is in each reason.


def article_of(number: int, case: Case) -> Article:
    headline = f"Invented story {number} meets {case.name}"
    return Article(
        content_id=article_id(19, number),
        headline=headline,
        published=base_time(19, hour=8 + number % 12),
        paragraphs=[
            f"SEOUL, April 19 (Yonhap) -- {headline}.",
            f"The closing paragraph of story {number} proves the page arrived whole.",
        ],
    )


ARTICLES = {case.name: article_of(number, case) for number, case in enumerate(CASES, 1)}


def path_of(case: Case) -> str:
    return f"/view/{ARTICLES[case.name].content_id}"


def fault_site() -> FaultSite:
    site = FaultSite(list(ARTICLES.values()), seed=SEED)
    site.inject(FEED, Status(503), times=FEED_FAILURES)
    for case in CASES:
        if case.disallowed:
            site.disallow(path_of(case))
        if case.fault is not None:
            site.inject(path_of(case), case.fault, case.times)
    return site


@dataclass
class FaultCrawl:
    site: FaultSite
    result: CrawlResult

    def records_of(self, case: Case) -> list[dict[str, Any]]:
        return [r for r in self.result.records if r["url"] == ARTICLES[case.name].url]

    def rejects_of(self, case: Case) -> list[dict[str, Any]]:
        return [r for r in self.result.rejects if r["url"] == ARTICLES[case.name].url]

    def outcome(self, case: Case) -> str:
        """ "record", the reason it was rejected with, or "lost": by the URL the feed listed."""
        if self.records_of(case):
            return "record"
        reasons = [reject["reason"] for reject in self.rejects_of(case)]
        return ",".join(reasons) or "lost"


@pytest.fixture(scope="module")
def faults(tmp_path_factory: pytest.TempPathFactory) -> FaultCrawl:
    site = fault_site()
    server = FaultServer(site)
    settings = {
        **server.settings(),
        "DOWNLOAD_TIMEOUT": str(TIMEOUT),
        "DOWNLOAD_MAXSIZE": str(MAXSIZE),
        "NEWSCRAWLER_RETRY_BACKOFF_BASE": "0.05",
        "NEWSCRAWLER_RETRY_SEED": str(SEED),
    }
    try:
        result = Crawl("yonhap", tmp_path_factory.mktemp("faults"), {}, settings, []).run()
    finally:
        server.close()
    return FaultCrawl(site, result)


def test_the_crawl_ends_normally(faults: FaultCrawl):
    result = faults.result
    assert result.returncode == 0, result.log
    assert result.stats["finish_reason"] == "finished"
    assert not [name for name in result.stats if name.startswith("spider_exceptions")]
    assert "Traceback" not in result.log
    assert "parse_error" not in {reject["reason"] for reject in result.rejects}


def test_the_feed_is_read_despite_a_503(faults: FaultCrawl):
    assert faults.site.request_counts()[FEED] == FEED_FAILURES + 1
    assert faults.result.stats["newscrawler/discovery/listed"] == len(CASES)


@pytest.mark.parametrize("case", CASES, ids=lambda case: case.name)
def test_each_article_is_exported_once_or_rejected_with_its_reason(faults: FaultCrawl, case: Case):
    if case.gives_up is None:
        assert faults.outcome(case) == "record"
        assert len(faults.records_of(case)) == 1
    else:
        assert faults.records_of(case) == []
        assert [reject["reason"] for reject in faults.rejects_of(case)] == [case.gives_up]


def test_recovered_articles_are_whole(faults: FaultCrawl):
    for case in CASES:
        if case.gives_up is None:
            article = ARTICLES[case.name]
            (record,) = faults.records_of(case)
            assert record["headline"] == article.headline, case.name
            assert record["body"] == [article.headline + ".", article.paragraphs[1]], case.name


def test_each_article_is_asked_for_as_often_as_the_retries_allow(faults: FaultCrawl):
    asked = faults.site.request_counts()
    expected = {path_of(case): 0 if case.disallowed else case.retries + 1 for case in CASES}
    assert {path: asked[path] for path in expected} == expected


def test_retries_wait_what_retry_after_asks(faults: FaultCrawl):
    for case in CASES:
        if isinstance(case.fault, RetryAfter) and case.retries:
            times = faults.site.times_of(path_of(case))
            gaps = [later - earlier for earlier, later in pairwise(times)]
            # An HTTP date counts whole seconds: the wait it asks may be up to 1 s shorter.
            least = case.fault.retry_after - (1 if case.fault.as_http_date else 0)
            assert len(gaps) == case.retries, case.name
            assert min(gaps) >= least, f"{case.name}: retried after {min(gaps):.2f} s"


def test_a_site_asking_for_too_long_a_wait_is_given_up_at_once(faults: FaultCrawl):
    (case,) = [case for case in CASES if case.name == "429, Retry-After 1 h"]
    assert faults.site.request_counts()[path_of(case)] == 1
    assert faults.result.stats["newscrawler/retry/wait_too_long"] == 1
    (reject,) = faults.rejects_of(case)
    assert "asked to wait 3600 s" in reject["detail"]


def test_retries_and_give_ups_are_in_the_stats(faults: FaultCrawl):
    stats = faults.result.stats
    retried_in_vain = [c for c in CASES if c.gives_up and c.retries == RETRIES]
    assert stats["retry/count"] == FEED_FAILURES + sum(case.retries for case in CASES)
    assert stats["retry/max_reached"] == len(retried_in_vain)


def test_every_reject_is_counted_in_the_stats_under_its_reason(faults: FaultCrawl):
    stats = faults.result.stats
    in_feed = Counter(reject["reason"] for reject in faults.result.rejects)
    assert {reason: stats[f"newscrawler/rejected/{reason}"] for reason in in_feed} == in_feed
    assert stats["newscrawler/rejected"] == in_feed.total()


def figures(faults: FaultCrawl) -> dict[str, int]:
    outcomes = {case.name: faults.outcome(case) for case in CASES}
    faulty = [case for case in CASES if case.fault or case.disallowed]
    feed_read = faults.result.stats.get("newscrawler/discovery/listed") == len(CASES)
    return {
        "faults injected": len(faulty) + 1,  # and the feed's 503
        "survived": feed_read + sum(outcomes[c.name] == "record" for c in faulty if not c.gives_up),
        "given up with the right reason": sum(outcomes[c.name] == c.gives_up for c in faulty),
        "given up with a wrong reason": sum(
            outcomes[c.name] not in {c.gives_up, "record", "lost"} for c in faulty
        ),
        "records exported": len(faults.result.records),
        "records lost": sum(outcomes[c.name] == "lost" for c in CASES),
    }


def print_summary(faults: FaultCrawl) -> None:
    asked = faults.site.request_counts()
    print(f"\n{'case':42} {'requests':>8}  outcome (expected)")
    for case in CASES:
        expected = case.gives_up or "record"
        print(f"{case.name:42} {asked[path_of(case)]:8}  {faults.outcome(case)} ({expected})")
    stats = faults.result.stats
    print(f"retries {stats['retry/count']}, given up after retries {stats['retry/max_reached']}")
    for name, value in figures(faults).items():
        print(f"{name}: {value}")


def test_everything_at_once_nothing_lost(faults: FaultCrawl):
    print_summary(faults)
    given_up = Counter(case.gives_up for case in CASES if case.gives_up)
    assert figures(faults) == {
        "faults injected": len(CASES),  # every case but the healthy page, and the feed
        "survived": 1 + sum(1 for case in CASES if case.fault and not case.gives_up),
        "given up with the right reason": given_up.total(),
        "given up with a wrong reason": 0,
        "records exported": sum(1 for case in CASES if not case.gives_up),
        "records lost": 0,
    }
    stats = faults.result.stats
    assert {reason: stats.get(f"newscrawler/rejected/{reason}") for reason in given_up} == dict(
        given_up
    )
    assert stats["newscrawler/rejected"] == given_up.total()


def fetch(server: FaultServer, path: str) -> bytes:
    host, port = server.address.split(":")
    connection = http.client.HTTPConnection(host, int(port), timeout=5)
    connection.request("GET", path)
    response = connection.getresponse()
    try:
        return response.read()
    except http.client.IncompleteRead as cut:
        return cut.partial
    finally:
        connection.close()


def test_the_fault_server_repeats_itself_with_the_same_seed():
    cut_short: list[bytes] = []
    for _ in range(2):
        site = FaultSite([ARTICLES["healthy"]], seed=SEED)
        path = f"/view/{ARTICLES['healthy'].content_id}"
        site.inject(path, Truncated())
        server = FaultServer(site)
        try:
            assert server.address.startswith("127.0.0.1:")
            cut_short.append(fetch(server, path))
        finally:
            server.close()
    whole = site.page(path)[2].encode("utf-8")
    assert cut_short[0] == cut_short[1]
    assert 0 < len(cut_short[0]) < len(whole)
    assert whole.startswith(cut_short[0])
