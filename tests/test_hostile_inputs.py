"""Hostile inputs no other test names, through the real engine: what a server's headers
and a page's size claim, and a robots.txt that is not served or is huge. Each page ends
as the record a reader of it expects, or as one reject whose detail says what was wrong;
the crawl ends normally, with no error and no traceback in its log.

- Charset labels that are Python codecs but no web encoding (``charset=base64``,
  ``rot13``, ``undefined``, ``idna``, ``unicode_escape``), in the HTTP header or the
  ``<meta>``: a browser passes over a label the Encoding Standard does not know; Scrapy
  tried to decode the page with it and failed (the page lost as a download_error) or
  read it garbled.
- Article pages served as application/json, text/xml or text/plain: the markup is the
  article whatever the header says (Scrapy gave the JSON one no tree: a parse_error).
- A page of more elements than any article page (a generated list of tens of thousands
  of links): rejected as too_large before the spider's queries, whose time grows with the
  square of a long list, hold the crawl up for minutes.
- A robots.txt that cannot be fetched (every connection reset): one warning, the site
  crawled as if it had none (Scrapy logged an error with its traceback, and the monitors
  failed the crawl); one of several MB: its first 500 KiB read (RFC 9309), not the rest.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.crawling import CrawlResult, crawl
from tests.fault_site import FaultServer, FaultSite, Page, Reset
from tests.yonhap_site import Article, article_id, article_page, base_time

FETCHED = "2023-04-22T09:00:00Z"
ELEMENT_LIMIT = 2_000  # NEWSCRAWLER_MAX_PAGE_ELEMENTS of the crawl


def article(serial: int, headline: str) -> Article:
    return Article(
        content_id=article_id(22, serial),
        headline=headline,
        published=base_time(22, hour=10),
        paragraphs=[
            "SEOUL, April 22 (Yonhap) -- The café owners of Seongsu met on Saturday.",
            f"The closing paragraph of story {serial}.",
        ],
    )


def expected_body(serial: int) -> list[str]:
    return [
        "The café owners of Seongsu met on Saturday.",
        f"The closing paragraph of story {serial}.",
    ]


NOT_WEB_ENCODINGS = ["base64", "rot13", "undefined", "idna", "unicode_escape"]


def with_meta_charset(page: str, label: str) -> str:
    return page.replace('<meta charset="utf-8">', f'<meta charset="{label}">')


# (name, Content-Type header, page transform) of pages that must give their record.
def readable_pages() -> list[tuple[str, str, object]]:
    pages: list[tuple[str, str, object]] = []
    for label in NOT_WEB_ENCODINGS:
        pages.append((f"HTTP charset={label}", f"text/html; charset={label}", None))
        pages.append((f"<meta charset={label}>", "text/html", label))
    for content_type in ["application/json", "text/xml", "text/plain; charset=utf-8"]:
        pages.append((f"served as {content_type}", content_type, None))
    # A page of many bytes but few elements (an image inlined as a data: URI) is read.
    pages.append(("a 3 MB inline image", "text/html; charset=utf-8", "image"))
    return pages


READABLE = readable_pages()
BIG_LIST = len(READABLE) + 1  # the serial of the page of too many elements


def page_bytes(serial: int, name: str, change: object) -> bytes:
    page = article_page(article(serial, f"Story {serial}: {name}"))
    if change == "image":
        image = f'<img src="data:image/png;base64,{"A" * 3_000_000}">'
        page = page.replace("<p>By Kim Test</p>", f"{image}<p>By Kim Test</p>")
    elif isinstance(change, str):
        page = with_meta_charset(page, change)
    return page.encode("utf-8")


def big_list_page() -> bytes:
    links = "".join(
        f'<li><a href="/view/AEN2023042{n % 10}{n:05d}0315">x</a></li>'
        for n in range(ELEMENT_LIMIT)
    )
    page = article_page(article(BIG_LIST, "A page of a generated list"))
    return page.replace("<p>By Kim Test</p>", f"<ul>{links}</ul><p>By Kim Test</p>").encode()


@pytest.fixture(scope="module")
def store_crawl(tmp_path_factory: pytest.TempPathFactory) -> CrawlResult:
    root = tmp_path_factory.mktemp("hostile-inputs")
    store = root / "store"
    store.mkdir()
    lines = []
    for serial, (name, content_type, change) in enumerate(READABLE, 1):
        (store / f"{serial}.html").write_bytes(page_bytes(serial, name, change))
        lines.append((serial, content_type))
    (store / f"{BIG_LIST}.html").write_bytes(big_list_page())
    lines.append((BIG_LIST, "text/html; charset=utf-8"))
    index = [
        {
            "url": article(serial, "").url,
            "file": f"{serial}.html",
            "headers": {"Content-Type": content_type},
            "fetched_at": FETCHED,
        }
        for serial, content_type in lines
    ]
    (store / "index.jsonl").write_text("".join(json.dumps(line) + "\n" for line in index))
    urls = [article(serial, "").url for serial, _ in lines]
    settings = {"NEWSCRAWLER_MAX_PAGE_ELEMENTS": str(ELEMENT_LIMIT)}
    return crawl("yonhap", root, store=store, urls=urls, settings=settings)


def test_the_crawl_ends_normally_with_no_error(store_crawl: CrawlResult):
    assert store_crawl.returncode == 0, store_crawl.log[-3000:]
    assert store_crawl.stats.get("log_count/ERROR", 0) == 0


@pytest.mark.parametrize("serial", range(1, len(READABLE) + 1), ids=[p[0] for p in READABLE])
def test_the_page_gives_the_record_a_reader_sees(store_crawl: CrawlResult, serial: int):
    url = article(serial, "").url
    assert [r for r in store_crawl.rejects if r["url"] == url] == []
    [record] = [r for r in store_crawl.records if r["url"] == url]
    assert record["headline"] == f"Story {serial}: {READABLE[serial - 1][0]}"
    assert record["body"] == expected_body(serial)


def test_a_page_of_too_many_elements_is_rejected_as_too_large(store_crawl: CrawlResult):
    url = article(BIG_LIST, "").url
    assert [r for r in store_crawl.records if r["url"] == url] == []
    [reject] = [r for r in store_crawl.rejects if r["url"] == url]
    assert reject["reason"] == "too_large"
    assert "NEWSCRAWLER_MAX_PAGE_ELEMENTS" in reject["detail"]
    assert store_crawl.stats["newscrawler/rejected/too_large"] == 1


# -- robots.txt ----------------------------------------------------------------------------

SITE_ARTICLES = [article(serial, f"Story {serial}") for serial in range(1, 4)]


def robots_crawl(tmp_path: Path, site: FaultSite) -> CrawlResult:
    server = FaultServer(site)
    settings = {**server.settings(), "NEWSCRAWLER_RETRY_BACKOFF_BASE": "0.05"}
    try:
        return crawl("yonhap", tmp_path, urls=[a.url for a in SITE_ARTICLES], settings=settings)
    finally:
        server.close()


def test_a_robots_txt_that_cannot_be_fetched_is_one_warning(tmp_path: Path):
    site = FaultSite(SITE_ARTICLES, seed=1)
    site.inject("/robots.txt", Reset())
    result = robots_crawl(tmp_path, site)
    assert result.returncode == 0, result.log[-3000:]
    assert sorted(r["url"] for r in result.records) == sorted(a.url for a in SITE_ARTICLES)
    assert result.stats.get("log_count/ERROR", 0) == 0
    [warning] = [line for line in result.log.splitlines() if "robots.txt could not be" in line]
    assert "connection_error" in warning and "as if it had no robots.txt" in warning
    assert result.stats["newscrawler/robotstxt/unreachable/connection_error"] == 1


class HugeRobotsTxt:
    """A robots.txt of 2 MB of comments, whose only Disallow comes after them."""

    def answer(self, exchange, page: Page) -> None:
        filler = b"# a comment line of a generated robots.txt\n" * 48_000
        disallowed = f"/view/{SITE_ARTICLES[0].content_id}".encode()
        body = b"User-agent: *\n" + filler + b"Disallow: " + disallowed + b"\n"
        exchange.send(200, {"Content-Type": "text/plain"}, body)


def test_a_robots_txt_is_read_to_500_kib(tmp_path: Path):
    site = FaultSite(SITE_ARTICLES, seed=1)
    site.inject("/robots.txt", HugeRobotsTxt())
    result = robots_crawl(tmp_path, site)
    assert result.returncode == 0, result.log[-3000:]
    # The Disallow line past 500 KiB is not read: every article is crawled.
    assert sorted(r["url"] for r in result.records) == sorted(a.url for a in SITE_ARTICLES)
    assert "only its first 500 KiB are read (RFC 9309)" in result.log
    assert result.stats["newscrawler/robotstxt/cut"] == 1
