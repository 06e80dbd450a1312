"""WARC capture and replay, end to end: real `scrapy crawl` runs against the generated
Yonhap-like site on loopback with capture on, replayed from the WARC files once the server
is gone; the files checked with warcio's own command line."""

from __future__ import annotations

import gzip
import json
import signal
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import pytest
from warcio.archiveiterator import ArchiveIterator

from newscrawler.archives.capture import OPEN_SUFFIX
from newscrawler.archives.reader import warc_files
from tests.crawling import Crawl, crawl
from tests.fault_site import FaultServer, FaultSite, Reset
from tests.redis_server import free_port
from tests.yonhap_site import Article, SiteServer, YonhapSite, article_id, base_time

WARCIO = Path(sys.executable).with_name("warcio")


def site_articles(count: int) -> list[Article]:
    articles = [
        Article(
            content_id=article_id(19, serial),
            headline=f"Story {serial} of April 19",
            published=base_time(19, hour=8 + serial % 10),
            paragraphs=[f"SEOUL, April 19 (Yonhap) -- Story {serial}.", "Second paragraph."],
        )
        for serial in range(1, count + 1)
    ]
    articles[0].related = [articles[1].url, f"//en.yna.co.kr/view/{articles[2].content_id}"]
    return articles


def warcio_cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([str(WARCIO), *args], capture_output=True, text=True, timeout=60)


def records_of(path: Path) -> list:
    with path.open("rb") as file:
        return [
            (record.rec_headers, record.http_headers, record.content_stream().read())
            for record in ArchiveIterator(file)
        ]


@pytest.fixture
def gzip_site():
    site = YonhapSite(site_articles(5), gzip=True)
    server = SiteServer(site)
    yield site, server
    server.close()


def test_a_captured_crawl_replays_from_its_warc_to_the_same_records(gzip_site, tmp_path):
    site, server = gzip_site
    archive = tmp_path / "archive"
    for run in ("live", "replay"):
        (tmp_path / run).mkdir()
    live = crawl(
        "yonhap",
        tmp_path / "live",
        spider_args={"start": "rss", "hops": "1"},
        settings={**server.settings(), "NEWSCRAWLER_WARC_DIR": str(archive)},
    )
    assert live.returncode == 0, live.log
    assert len(live.records) == 5
    server.close()  # from here on, nothing answers but the archive

    files = warc_files(archive)
    assert len(files) == 1 and files[0].name.startswith("yonhap-")
    assert not list(archive.glob(f"*{OPEN_SUFFIX}"))
    replayed = crawl(
        "yonhap",
        tmp_path / "replay",
        spider_args={"start": "rss", "hops": "1"},
        settings={"REPLAY_DIR": str(files[0])},
    )
    assert replayed.returncode == 0, replayed.log
    assert replayed.stats.get("replay/miss", 0) == 0
    live_feed = (live.output_dir / "yonhap").glob("*.jsonl")
    replay_feed = (replayed.output_dir / "yonhap").glob("*.jsonl")
    [live_lines] = [p.read_bytes() for p in live_feed if not p.name.endswith(".rejects.jsonl")]
    [replay_lines] = [p.read_bytes() for p in replay_feed if not p.name.endswith(".rejects.jsonl")]
    assert sorted(replay_lines.splitlines()) == sorted(live_lines.splitlines())

    check = warcio_cli("check", "-v", str(files[0]))
    assert check.returncode == 0, check.stdout + check.stderr
    assert "digest pass" in check.stdout
    index = warcio_cli("index", "-f", "warc-type,warc-target-uri,http:status", str(files[0]))
    assert index.returncode == 0, index.stderr
    assert '"warc-type": "warcinfo"' in index.stdout.splitlines()[0]
    for article in site.articles:
        assert f'"warc-target-uri": "{article.url}"' in index.stdout


def test_the_warc_holds_what_was_transferred(gzip_site, tmp_path):
    site, server = gzip_site
    archive = tmp_path / "archive"
    url = site.articles[0].url
    result = crawl(
        "yonhap",
        tmp_path,
        urls=[url],
        settings={**server.settings(), "NEWSCRAWLER_WARC_DIR": str(archive)},
    )
    assert result.returncode == 0, result.log
    [path] = warc_files(archive)
    records = records_of(path)
    info, *exchanges = records
    assert info[0].get_header("WARC-Type") == "warcinfo"
    warcinfo = info[2].decode()
    assert "software: newscrawler/0.1.0 (Scrapy/2.19.0; warcio/1.8.1)" in warcinfo
    assert '"NEWSCRAWLER_WARC_DIR": "' in warcinfo
    assert "isPartOf: yonhap" in warcinfo
    by_type = {
        (h.get_header("WARC-Type"), h.get_header("WARC-Target-URI")): (h, http, body)
        for h, http, body in exchanges
    }
    request_headers, request_http, _ = by_type[("request", url)]
    response_headers, response_http, body = by_type[("response", url)]
    assert request_headers.get_header("WARC-Concurrent-To") == response_headers.get_header(
        "WARC-Record-ID"
    )
    assert request_headers.get_header("WARC-Date") == response_headers.get_header("WARC-Date")
    assert response_headers.protocol == "WARC/1.1"
    assert response_headers.get_header("WARC-IP-Address") == "127.0.0.1"
    assert response_headers.get_header("WARC-Payload-Digest").startswith("sha1:")
    assert response_headers.get_header("WARC-Block-Digest").startswith("sha1:")
    assert request_http.protocol == "GET"
    assert request_http.statusline == f"/view/{site.articles[0].content_id} HTTP/1.1"
    assert request_http.get_header("Host") == "en.yna.co.kr"
    assert "gzip" in request_http.get_header("Accept-Encoding")
    assert response_http.statusline == "200 OK"
    assert response_http.get_header("Content-Encoding") == "gzip"
    # As transferred: the payload in the record is the gzip the server sent.
    with path.open("rb") as file:
        raw = next(
            r.raw_stream.read()
            for r in ArchiveIterator(file)
            if r.rec_type == "response" and r.rec_headers.get_header("WARC-Target-URI") == url
        )
    assert raw[:2] == b"\x1f\x8b"
    assert gzip.decompress(raw) == body
    assert site.articles[0].headline.encode() in body
    [record] = result.records
    assert record["fetched_at"] == response_headers.get_header("WARC-Date")[:19] + "Z"


def test_a_killed_capture_leaves_only_whole_records_and_no_complete_looking_file(tmp_path):
    site = YonhapSite(site_articles(40), article_delay=0.3)
    server = SiteServer(site)
    archive = tmp_path / "archive"
    settings = {
        **server.settings(),
        "NEWSCRAWLER_WARC_DIR": str(archive),
        "NEWSCRAWLER_WARC_MAX_SIZE": "6000",  # a few pages a file
        "CONCURRENT_REQUESTS": "2",
    }
    process = Crawl("yonhap", tmp_path, {"start": "rss"}, settings, []).start()
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if warc_files(archive) and list(archive.glob(f"*{OPEN_SUFFIX}")):
                break
            time.sleep(0.05)
        process.send_signal(signal.SIGKILL)
        process.communicate(timeout=30)
    finally:
        server.close()
    unfinished = list(archive.glob(f"*{OPEN_SUFFIX}"))
    finished = warc_files(archive)
    assert unfinished and finished
    assert all(path.name.endswith(".warc.gz.open") for path in unfinished)
    assert not set(unfinished) & set(finished)  # no reader takes it for a WARC file
    for path in [*finished, *unfinished]:
        check = warcio_cli("check", str(path))
        assert check.returncode == 0, check.stdout + check.stderr


def test_a_failed_fetch_leaves_records_of_what_was_sent_and_why_it_failed(tmp_path):
    # One article's connection is reset on every attempt: each attempt leaves the request
    # record of what was sent and a metadata record of its error. Then the site is gone
    # (its port refuses connections): nothing is sent, each attempt at its robots.txt leaves
    # its error alone.
    articles = site_articles(3)
    answered, reset = articles[:2]
    site = FaultSite(articles, seed=1)
    site.inject(f"/view/{reset.content_id}", Reset())
    server = FaultServer(site)
    settings = {
        **server.settings(),
        "NEWSCRAWLER_RETRY_BACKOFF_BASE": "0.01",
        "RETRY_TIMES": "1",
        "NEWSCRAWLER_WARC_DIR": str(tmp_path / "archive"),
    }
    for run in ("first", "second"):
        (tmp_path / run).mkdir()
    try:
        result = crawl("yonhap", tmp_path / "first", urls=[answered.url, reset.url],
                       settings=settings)  # fmt: skip
    finally:
        server.close()
    assert result.returncode == 0, result.log
    robots = "https://en.yna.co.kr/robots.txt"
    assert warc_records(tmp_path / "archive") == {
        ("warcinfo", None): 1,
        ("request", robots): 1,
        ("response", robots): 1,
        ("request", answered.url): 1,
        ("response", answered.url): 1,
        ("request", reset.url): 2,  # the first attempt and its retry
        ("metadata", reset.url): 2,
    }
    assert result.stats["newscrawler/warc/failures"] == 2

    closed = json.dumps({"en.yna.co.kr": f"127.0.0.1:{free_port()}"})
    gone = {
        **settings,
        "NEWSCRAWLER_HOST_MAP": closed,
        "NEWSCRAWLER_WARC_DIR": str(tmp_path / "gone"),
    }
    crawl("yonhap", tmp_path / "second", urls=[answered.url], settings=gone)
    records = warc_records(tmp_path / "gone")
    # Not the answer the project stands in for a robots.txt it could not fetch: not
    # transferred. The article is not asked for: a site whose robots.txt cannot be had is
    # forbidden for the run (RFC 9309).
    assert records == {("warcinfo", None): 1, ("metadata", robots): 2}
    for path in (*warc_files(tmp_path / "archive"), *warc_files(tmp_path / "gone")):
        check = warcio_cli("check", "-v", str(path))
        assert check.returncode == 0, check.stdout + check.stderr
    errors = [body.decode() for path in warc_files(tmp_path / "gone")
              for headers, _, body in records_of(path)
              if headers.get_header("WARC-Type") == "metadata"]  # fmt: skip
    assert all(e.startswith("newscrawler-fetch-error: ") for e in errors), errors
    assert all("refused" in e.lower() for e in errors), errors


def warc_records(folder: Path) -> Counter[tuple[str, str | None]]:
    """How many records of each type and target URI the folder's one WARC file holds."""
    [path] = warc_files(folder)
    return Counter(
        (headers.get_header("WARC-Type"), headers.get_header("WARC-Target-URI"))
        for headers, _, _ in records_of(path)
    )
