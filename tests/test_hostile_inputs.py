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
- A robots.txt that cannot be fetched (every connection reset, a 5xx or 429 answer): the
  site forbidden for the run as RFC 9309 asks, one warning, each page a reject tried again
  on the next run (Scrapy crawled the site as if it had none, and logged an error with its
  traceback for a reset); one answered 404 forbids nothing, whatever its page says (Scrapy
  read it as rules); one of several MB: its first 500 KiB read (RFC 9309), not the rest.
- Links that are no URL (an unclosed IPv6 bracket, a port of 99999 or ``abc``): a related
  link, a ``<base href>`` or a meta refresh of that kind made the page a parse_error (or a
  download_error); now they are passed over, as browsers do. An HTTP redirect to one is a
  bad_redirect reject, and a body that is not in its Content-Encoding an undecodable one
  (both were download_errors naming a ValueError, a BadGzipFile).
- Times no parser should be given: a 5 MB time held the crawl minutes in dateparser (and
  was quoted whole in a log line and the rejects feed), an offset of +99:00 made the
  generic spider's page a parse_error (htmldate raised).
- A headline that is a spreadsheet formula (``=HYPERLINK(...)``) went into the CSV feed as
  a formula, which Excel runs when the analyst opens the file (CSV injection).
- A site that sets a 4 KB cookie on every page: Scrapy sent them all back, until the
  server refused the requests (431) and the pages were lost; the crawl keeps no cookies.
- Fields larger than any article's (a 2 MB headline, 600 keywords or related links, a
  400,000-character paragraph) gave a record no loader expects: a reject naming the field.
"""

from __future__ import annotations

import codecs
import csv
import json
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path

import pytest

from tests.crawling import CrawlResult, crawl, read_jsonl
from tests.fault_site import (
    Exchange,
    Fault,
    FaultServer,
    FaultSite,
    Moved,
    Page,
    Reset,
    Status,
)
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
# Links that are no URL at all, as a page may print them (an unclosed IPv6 bracket, a port
# out of range or no number, a host in brackets), and one good link after them.
BAD_LINKS = [
    "http://[::1/view/AEN20230422009100315",
    "https://en.yna.co.kr:99999/view/AEN20230422009200315",
    "https://en.yna.co.kr:abc/view/AEN20230422009300315",
    "https://[en.yna.co.kr]/view/AEN20230422009400315",
]
GOOD_LINK = "/view/AEN20230422009900315"
Markup = Callable[[Article], str]  # an article's page, as the test serves it


def meta_charset(label: str) -> Markup:
    return lambda a: article_page(a).replace('<meta charset="utf-8">', f'<meta charset="{label}">')


def inline_image(a: Article) -> str:
    image = f'<img src="data:image/png;base64,{"A" * 3_000_000}">'
    return article_page(a).replace("<p>By Kim Test</p>", f"{image}<p>By Kim Test</p>")


def bad_links(a: Article) -> str:
    return article_page(replace(a, related=[*BAD_LINKS, GOOD_LINK]))


def base(href: str) -> Markup:
    return lambda a: article_page(a).replace("<head>", f'<head><base href="{href}">')


# (name, Content-Type header, the page) of pages that must give their record.
READABLE: list[tuple[str, str, Markup]] = [
    *((f"HTTP charset={label}", f"text/html; charset={label}", article_page)
      for label in NOT_WEB_ENCODINGS),
    *((f"<meta charset={label}>", "text/html", meta_charset(label))
      for label in NOT_WEB_ENCODINGS),
    *((f"served as {content_type}", content_type, article_page)
      for content_type in ["application/json", "text/xml", "text/plain; charset=utf-8"]),
    # Many bytes, few elements: an image inlined as a data: URI.
    ("a 3 MB inline image", "text/html; charset=utf-8", inline_image),
    ("related links that are no URL", "text/html; charset=utf-8", bad_links),
    ("<base href> no URL", "text/html; charset=utf-8", base("http://[::1")),
    ("<base href> port out of range", "text/html; charset=utf-8", base("https://en.yna.co.kr:99999/")),
    ("<base href> no URL, Latin-1 page", "text/html; charset=iso-8859-1", base("http://[::1")),
]  # fmt: skip
BIG_LIST = len(READABLE) + 1  # the serial of the page of too many elements


def page_bytes(serial: int, name: str, page: Markup, content_type: str) -> bytes:
    """The page in the charset its Content-Type names."""
    charset = content_type.partition("charset=")[2]
    if not charset or codecs.lookup(charset).name not in ("iso8859-1", "utf-8"):
        charset = "utf-8"  # the labels that name no web encoding
    return page(article(serial, f"Story {serial}: {name}")).encode(charset)


def big_list_page() -> bytes:
    links = "".join(
        f'<li><a href="/view/AEN2023042{n % 10}{n:05d}0315">x</a></li>'
        for n in range(ELEMENT_LIMIT)
    )
    page = article_page(article(BIG_LIST, "A page of a generated list"))
    return page.replace("<p>By Kim Test</p>", f"<ul>{links}</ul><p>By Kim Test</p>").encode()


def replay_store(root: Path, pages: list[tuple[int, bytes, str | None]]) -> Path:
    """A replay store under root of these (serial, bytes, Content-Type or None) article
    pages, each at its article's URL."""
    store = root / "store"
    store.mkdir()
    index = []
    for serial, body, content_type in pages:
        (store / f"{serial}.html").write_bytes(body)
        line = {"url": article(serial, "").url, "file": f"{serial}.html", "fetched_at": FETCHED}
        if content_type is not None:
            line["headers"] = {"Content-Type": content_type}
        index.append(line)
    (store / "index.jsonl").write_text("".join(json.dumps(line) + "\n" for line in index))
    return store


@pytest.fixture(scope="module")
def store_crawl(tmp_path_factory: pytest.TempPathFactory) -> CrawlResult:
    root = tmp_path_factory.mktemp("hostile-inputs")
    pages = [
        (serial, page_bytes(serial, name, page, content_type), content_type)
        for serial, (name, content_type, page) in enumerate(READABLE, 1)
    ]
    pages.append((BIG_LIST, big_list_page(), "text/html; charset=utf-8"))
    store = replay_store(root, pages)
    urls = [article(serial, "").url for serial, _, _ in pages]
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


def test_links_that_are_no_url_cost_the_record_nothing(store_crawl: CrawlResult):
    [serial] = [n for n, (name, *_) in enumerate(READABLE, 1) if name.startswith("related")]
    [record] = [r for r in store_crawl.records if r["url"] == article(serial, "").url]
    good = f"https://en.yna.co.kr{GOOD_LINK}"
    assert record["related"] == [{"headline": "Related story 5", "url": good}]


def test_a_page_of_too_many_elements_is_rejected_as_too_large(store_crawl: CrawlResult):
    url = article(BIG_LIST, "").url
    assert [r for r in store_crawl.records if r["url"] == url] == []
    [reject] = [r for r in store_crawl.rejects if r["url"] == url]
    assert reject["reason"] == "too_large"
    assert "NEWSCRAWLER_MAX_PAGE_ELEMENTS" in reject["detail"]
    assert store_crawl.stats["newscrawler/rejected/too_large"] == 1


# -- robots.txt ----------------------------------------------------------------------------

SITE_ARTICLES = [article(serial, f"Story {serial}") for serial in range(1, 4)]


def robots_crawl(tmp_path: Path, robots_txt: Fault | None) -> CrawlResult:
    """A crawl of the site's articles, its robots.txt answered by robots_txt (a fault;
    None: served, forbidding nothing)."""
    site = FaultSite(SITE_ARTICLES, seed=1)
    if robots_txt is not None:
        site.inject("/robots.txt", robots_txt)
    server = FaultServer(site)
    settings = {**server.settings(), "NEWSCRAWLER_RETRY_BACKOFF_BASE": "0.05"}
    try:
        return crawl("yonhap", tmp_path, urls=[a.url for a in SITE_ARTICLES], settings=settings)
    finally:
        server.close()


# RFC 9309, 2.3.1.3-4: a robots.txt the server cannot give (5xx, 429) or that cannot be
# reached means the whole site is forbidden; any other 4xx that it has none.
UNREACHABLE = [
    ("every connection reset", Reset(), "connection_error"),
    ("HTTP 503 after the retries", Status(503), "http_503"),
    ("HTTP 429 after the retries", Status(429), "http_429"),
]


@pytest.mark.parametrize(("fault", "why"), [u[1:] for u in UNREACHABLE],
                         ids=[u[0] for u in UNREACHABLE])  # fmt: skip
def test_a_robots_txt_that_cannot_be_fetched_forbids_the_site_for_this_run(
    tmp_path: Path, fault: Fault, why: str
):
    result = robots_crawl(tmp_path, fault)
    assert result.records == []
    # No page lost silently: each is a reject that says why, one warning for the site.
    assert sorted(r["url"] for r in result.rejects) == sorted(a.url for a in SITE_ARTICLES)
    assert {r["reason"] for r in result.rejects} == {"robots_unreachable"}
    assert all(why in r["detail"] and "next run" in r["detail"] for r in result.rejects)
    assert result.stats.get("log_count/ERROR", 0) == 0
    [warning] = [line for line in result.log.splitlines() if "robots.txt could not be" in line]
    assert why in warning and "RFC 9309" in warning
    assert result.stats[f"newscrawler/robotstxt/unreachable/{why}"] == 1
    assert result.stats["newscrawler/rejected/robots_unreachable"] == 3
    # The next run, the robots.txt served, gives the records: the pages were not taken
    # for done.
    again = robots_crawl(tmp_path, None)
    assert sorted(r["url"] for r in again.records) == sorted(a.url for a in SITE_ARTICLES)


def test_a_robots_txt_answered_404_forbids_nothing(tmp_path: Path):
    """Whatever the 404 page says: RFC 9309 reads a 4xx as no robots.txt at all."""
    result = robots_crawl(tmp_path, NotFoundSaying(b"User-agent: *\nDisallow: /\n"))
    assert result.returncode == 0, result.log[-3000:]
    assert sorted(r["url"] for r in result.records) == sorted(a.url for a in SITE_ARTICLES)
    assert result.rejects == []


@dataclass(frozen=True)
class NotFoundSaying:
    """A 404 whose page reads like a robots.txt."""

    body: bytes

    def answer(self, exchange: Exchange, page: Page) -> None:
        exchange.send(404, {"Content-Type": "text/plain"}, self.body)


class HugeRobotsTxt:
    """A robots.txt of 2 MB of comments, whose only Disallow comes after them."""

    def answer(self, exchange: Exchange, page: Page) -> None:
        filler = b"# a comment line of a generated robots.txt\n" * 48_000
        disallowed = f"/view/{SITE_ARTICLES[0].content_id}".encode()
        body = b"User-agent: *\n" + filler + b"Disallow: " + disallowed + b"\n"
        exchange.send(200, {"Content-Type": "text/plain"}, body)


def test_a_robots_txt_is_read_to_500_kib(tmp_path: Path):
    result = robots_crawl(tmp_path, HugeRobotsTxt())
    assert result.returncode == 0, result.log[-3000:]
    # The Disallow line past 500 KiB is not read: every article is crawled.
    assert sorted(r["url"] for r in result.records) == sorted(a.url for a in SITE_ARTICLES)
    assert "only its first 500 KiB are read (RFC 9309)" in result.log
    assert result.stats["newscrawler/robotstxt/cut"] == 1


# -- cookies -------------------------------------------------------------------------------

# What a server takes in a request's header fields (nginx's large_client_header_buffers,
# Apache's LimitRequestFieldSize): past it, 431 Request Header Fields Too Large.
SERVER_HEADER_LIMIT = 8_190


@dataclass(frozen=True)
class CookieFlood:
    """The page, setting a cookie of 4 KB named for it (as a site's tracking does), and
    refused with 431 to a request whose cookies are more than a server takes."""

    def answer(self, exchange: Exchange, page: Page) -> None:
        if len(exchange.headers.get("Cookie", "")) > SERVER_HEADER_LIMIT:
            exchange.send(431, {"Content-Type": "text/plain"}, b"Cookie too large")
            return
        cookie = f"visit{exchange.path.rsplit('/', 1)[-1]}={'x' * 4_000}; Path=/"
        headers = {"Content-Type": page.content_type, "Set-Cookie": cookie}
        exchange.send(page.status, headers, page.body)


def test_cookies_a_site_sets_are_not_sent_back(tmp_path: Path):
    """The spiders read public pages: a site's cookies (a flood of them) neither grow the
    crawl's requests until the server refuses them nor make one run's pages depend on
    another's. With Scrapy's cookies on, the pages after the first few were lost as
    http_431 rejects."""
    pages = [article(120 + n, f"Story {120 + n}") for n in range(8)]
    site = FaultSite(pages, seed=1)
    for page in pages:
        site.inject(f"/view/{page.content_id}", CookieFlood())
    server = FaultServer(site)
    settings = {**server.settings(), "CONCURRENT_REQUESTS": "1"}  # one after another
    try:
        result = crawl("yonhap", tmp_path, urls=[p.url for p in pages], settings=settings)
    finally:
        server.close()
    assert result.returncode == 0, result.log[-3000:]
    assert result.rejects == []
    assert sorted(r["url"] for r in result.records) == sorted(p.url for p in pages)


# -- what the server's answer claims -------------------------------------------------------


@dataclass(frozen=True)
class Mislabelled:
    """The page as it is, under a Content-Encoding its bytes are not in."""

    coding: str

    def answer(self, exchange: Exchange, page: Page) -> None:
        headers = {"Content-Type": page.content_type, "Content-Encoding": self.coding}
        exchange.send(page.status, headers, page.body)


@dataclass(frozen=True)
class RefreshToNoUrl:
    """The page, with a meta refresh to a URL that is none."""

    def answer(self, exchange: Exchange, page: Page) -> None:
        refresh = b'<head><meta http-equiv="refresh" content="0; url=http://[::1">'
        body = page.body.replace(b"<head>", refresh, 1)
        exchange.send(page.status, {"Content-Type": page.content_type}, body)


# (name, fault, the reason it is rejected for; None: the record)
ANSWERS: list[tuple[str, Fault, str | None]] = [
    ("a redirect to an unclosed IPv6 bracket", Moved("http://[::1/view/x", 302), "bad_redirect"),
    ("a redirect to port 99999", Moved("https://en.yna.co.kr:99999/view/x"), "bad_redirect"),
    ("gzip that is not gzip", Mislabelled("gzip"), "undecodable"),
    ("deflate that is not deflate", Mislabelled("deflate"), "undecodable"),
    ("a meta refresh to no URL", RefreshToNoUrl(), None),
]
ANSWERED = [article(50 + n, f"Story {50 + n}: {name}") for n, (name, *_) in enumerate(ANSWERS)]


@pytest.fixture(scope="module")
def answers_crawl(tmp_path_factory: pytest.TempPathFactory) -> CrawlResult:
    site = FaultSite(ANSWERED, seed=1)
    for page, (_, fault, _) in zip(ANSWERED, ANSWERS, strict=True):
        site.inject(f"/view/{page.content_id}", fault)
    server = FaultServer(site)
    try:
        urls = [a.url for a in ANSWERED]
        return crawl("yonhap", tmp_path_factory.mktemp("answers"), urls=urls,
                     settings=server.settings())  # fmt: skip
    finally:
        server.close()


@pytest.mark.parametrize("n", range(len(ANSWERS)), ids=[name for name, *_ in ANSWERS])
def test_an_answer_that_is_not_what_it_claims_ends_with_its_reason(answers_crawl, n: int):
    url, reason = ANSWERED[n].url, ANSWERS[n][2]
    records = [r for r in answers_crawl.records if r["url"] == url]
    rejects = [(r["reason"], r["detail"]) for r in answers_crawl.rejects if r["url"] == url]
    if reason is None:
        assert rejects == [] and len(records) == 1
    else:
        assert records == [] and [why for why, _ in rejects] == [reason]
        assert "no URL" in rejects[0][1] or "does not decode" in rejects[0][1]
    assert answers_crawl.returncode == 0, answers_crawl.log[-3000:]
    assert answers_crawl.stats.get("log_count/ERROR", 0) == 0


# -- dates no parser should be given -------------------------------------------------------

BAD_TIMES = [
    # dateparser's time grows with its text: five MB held the crawl three minutes.
    ("a 5 MB time", "2023-04-22 " * 500_000),
    # htmldate (the generic spider's last resort) raised on an offset datetime refuses.
    ("an offset of +99:00", "2023-04-22T10:00:00+99:00"),
]


def with_time(time: str) -> Markup:
    def page(a: Article) -> str:
        return article_page(a).replace(a.published.isoformat(), time)

    return page


@pytest.fixture(scope="module", params=["yonhap", "wire"])
def times_crawl(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory):
    root = tmp_path_factory.mktemp(f"times-{request.param}")
    store = root / "store"
    store.mkdir()
    pages = [article(70 + n, f"Story {70 + n}: {name}") for n, (name, _) in enumerate(BAD_TIMES)]
    index = []
    for page, (_, time) in zip(pages, BAD_TIMES, strict=True):
        (store / f"{page.content_id}.html").write_text(with_time(time)(page), "utf-8")
        index.append({"url": page.url, "file": f"{page.content_id}.html", "fetched_at": FETCHED})
    (store / "index.jsonl").write_text("".join(json.dumps(line) + "\n" for line in index))
    result = crawl(request.param, root, store=store, urls=[page.url for page in pages])
    return pages, result


def test_a_time_no_parser_can_take_ends_in_seconds_with_a_reason(times_crawl):
    pages, result = times_crawl
    assert result.returncode in (0, 1), result.log[-3000:]  # 1: the monitors' article count
    assert result.stats.get("log_count/ERROR", 0) == 0
    assert "parse_error" not in {reject["reason"] for reject in result.rejects}
    outcomes = sorted(line["url"] for line in result.records + result.rejects)
    assert outcomes == sorted(page.url for page in pages)  # each once
    assert result.stats["elapsed_time_seconds"] < 30
    # The time is quoted in the reject, cut: no line of megabytes in the log or the feed.
    assert max(len(line) for line in result.log.splitlines()) < 5_000
    assert all(len(reject["detail"]) < 1_100 for reject in result.rejects)


# -- the CSV feed, opened in a spreadsheet -------------------------------------------------

FORMULA = '=HYPERLINK("https://evil.example/","Click for the full story")'


def test_a_headline_that_is_a_formula_is_text_in_the_csv_feed(tmp_path: Path):
    store = tmp_path / "store"
    store.mkdir()
    page = replace(article(90, FORMULA), paragraphs=["+1 555 0100 is the number to call.", "Fine."])
    (store / "page.html").write_text(article_page(page), "utf-8")
    line = {"url": page.url, "file": "page.html", "fetched_at": FETCHED}
    (store / "index.jsonl").write_text(json.dumps(line) + "\n")
    extra = ["-O", str(tmp_path / "out.csv"), "-O", str(tmp_path / "out.jsonl")]
    result = crawl("yonhap", tmp_path, store=store, urls=[page.url], extra_args=extra)
    assert result.returncode == 0, result.log[-3000:]
    with (tmp_path / "out.csv").open(encoding="utf-8-sig", newline="") as file:
        [row] = list(csv.DictReader(file))
    # A spreadsheet shows a cell after ' as text: it runs no formula, dials nothing.
    assert row["headline"] == "'" + FORMULA
    assert row["body"].startswith("'+1 555 0100")
    [record] = read_jsonl(tmp_path / "out.jsonl")  # the JSON feed keeps the text as written
    assert record["headline"] == FORMULA


# -- fields larger than any article's ------------------------------------------------------


def with_keywords(count: int) -> Markup:
    def page(a: Article) -> str:
        keywords = "".join(f"<li><a>#keyword{n}</a></li>" for n in range(count))
        block = f'<div class="keyword-zone01"><ul class="list">{keywords}</ul></div>'
        return article_page(a).replace("</article></div></div>", f"</article>{block}</div></div>")

    return page


def with_related(count: int) -> Markup:
    return lambda a: article_page(
        replace(a, related=[f"/view/{article_id(21, n)}" for n in range(count)])
    )


def with_paragraph(chars: int) -> Markup:
    return lambda a: article_page(replace(a, paragraphs=[*a.paragraphs, "word " * (chars // 5)]))


# (name, headline, the page, the field over its bound; None: the record, whole)
OVERSIZED: list[tuple[str, str, Markup, str | None]] = [
    ("a 2 MB headline", "Breaking news " * 150_000, article_page, "headline"),
    ("600 keywords", "Story of 600 keywords", with_keywords(600), "keywords"),
    ("600 related links", "Story of 600 related links", with_related(600), "related"),
    ("a 400,000-character paragraph", "Story of a long paragraph", with_paragraph(400_000), "body"),
    ("a headline of 1,000 characters", "Long " * 199 + "story", article_page, None),
    ("500 keywords", "Story of 500 keywords", with_keywords(500), None),
]  # fmt: skip
OVERSIZED_PAGES = [article(100 + n, headline) for n, (_, headline, *_) in enumerate(OVERSIZED)]


@pytest.fixture(scope="module")
def oversized_crawl(tmp_path_factory: pytest.TempPathFactory) -> CrawlResult:
    root = tmp_path_factory.mktemp("oversized")
    store = replay_store(root, [
        (100 + n, markup(page).encode(), None)
        for n, (page, (_, _, markup, _)) in enumerate(zip(OVERSIZED_PAGES, OVERSIZED, strict=True))
    ])  # fmt: skip
    return crawl("yonhap", root, store=store, urls=[page.url for page in OVERSIZED_PAGES])


@pytest.mark.parametrize("n", range(len(OVERSIZED)), ids=[name for name, *_ in OVERSIZED])
def test_a_field_larger_than_any_articles_is_a_reject_naming_it(oversized_crawl, n: int):
    """A record that would break a loader (a 2 MB headline in a database's text index, a
    JSON line over a queue's message size) is no article a reader sees: a reject that names
    the field, its size and its bound, and nothing is cut from a record that is kept."""
    page, field = OVERSIZED_PAGES[n], OVERSIZED[n][3]
    records = [r for r in oversized_crawl.records if r["url"] == page.url]
    rejects = [r for r in oversized_crawl.rejects if r["url"] == page.url]
    if field is None:
        assert rejects == []
        [record] = records
        assert record["headline"] == page.headline
        assert len(record["keywords"]) == (500 if "keywords" in OVERSIZED[n][0] else 0)
    else:
        assert records == []
        [reject] = rejects
        assert reject["reason"] == "field_too_large"
        assert reject["detail"].startswith(f"{field}: ")
        assert "article.schema.json" in reject["detail"]
        # The line shows what the spider read, within a record's bounds: the field is cut
        # to its bound and named, the rest of the record kept whole.
        assert reject["cut"] == [field]
        assert len(json.dumps(reject)) < 350_000
        assert reject["record"]["url"] == page.url
        headline = reject["record"]["headline"]
        assert len(headline) <= 1000
        assert page.headline.startswith(headline.split("…")[0])


def test_records_over_the_bounds_are_counted_and_the_crawl_ends_normally(oversized_crawl):
    assert oversized_crawl.returncode == 0, oversized_crawl.log[-3000:]
    assert oversized_crawl.stats.get("log_count/ERROR", 0) == 0
    assert oversized_crawl.stats["newscrawler/rejected/field_too_large"] == 4
    # Each reject's detail says how large: no line of megabytes in the log or the feed.
    assert max(len(line) for line in oversized_crawl.log.splitlines()) < 5_000
