import gzip
import json
import re
import shutil

import pytest
from scrapy import Request
from scrapy.exceptions import IgnoreRequest
from scrapy.http import HtmlResponse, XmlResponse
from scrapy.utils.test import get_crawler

from newscrawler.network.middlewares import ReplayMiddleware
from newscrawler.network.replay import ReplayStore
from tests.crawling import crawl
from tests.paths import FIXTURES

SAMPLE = "https://en.yna.co.kr/view/AEN20211023001800325"


@pytest.fixture
def store(tmp_path):
    (tmp_path / "pages").mkdir()
    (tmp_path / "pages" / "a.html").write_text("<html><p>a</p></html>", "utf-8")
    (tmp_path / "pages" / "feed.xml.gz").write_bytes(gzip.compress(b"<rss></rss>"))
    lines = [
        {
            "url": "https://site.test/a?b=2&a=1",
            "file": "pages/a.html",
            "fetched_at": "2023-04-19T07:00:00Z",
        },
        {
            "url": "http://site.test/feed",
            "file": "pages/feed.xml.gz",
            "status": 200,
            "licence": "x",
        },
        {"url": "https://site.test/view/1?section=nk", "file": "pages/a.html"},
    ]
    (tmp_path / "index.jsonl").write_text("\n".join(map(json.dumps, lines)) + "\n", "utf-8")
    return tmp_path


def middleware(store):
    return ReplayMiddleware.from_crawler(get_crawler(settings_dict={"REPLAY_DIR": str(store)}))


@pytest.mark.parametrize(
    "url",
    ["https://site.test/a?a=1&b=2", "http://site.test/a?b=2&a=1#top", "//site.test/a?a=1&b=2"],
)
def test_lookup_ignores_scheme_fragment_and_query_order(store, url):
    assert ReplayStore(store).get(url).path.name == "a.html"


def test_canonical_request_finds_a_capture_saved_with_tracking_parameters(store):
    assert ReplayStore(store).get("https://site.test/view/1") is not None


def test_hit_gives_typed_response_with_capture_time(store):
    mw = middleware(store)
    request = Request("https://site.test/a?a=1&b=2")
    response = mw.process_request(request)
    assert isinstance(response, HtmlResponse)
    assert response.status == 200
    assert request.meta["newscrawler_fetched_at"] == "2023-04-19T07:00:00Z"
    assert mw.crawler.stats.get_value("replay/hit") == 1


def test_gzipped_body_is_decompressed_and_type_guessed(store):
    response = middleware(store).process_request(Request("https://site.test/feed"))
    assert isinstance(response, XmlResponse)
    assert response.body == b"<rss></rss>"


def test_miss_is_a_counted_404(store):
    mw = middleware(store)
    request = Request("https://site.test/missing")
    response = mw.process_request(request)
    assert response.status == 404
    assert request.meta["replay_miss"] is True
    assert mw.crawler.stats.get_value("replay/miss") == 1


def test_store_without_index_says_what_to_do(tmp_path):
    with pytest.raises(FileNotFoundError, match=r"index\.jsonl"):
        ReplayStore(tmp_path)


def test_a_capture_under_another_host_of_the_site_answers_with_the_spiders_help(store):
    def site_canonical(url):
        return url.replace("//www.site.test", "//site.test")

    assert ReplayStore(store).get("https://www.site.test/feed") is None
    assert ReplayStore(store).get("https://www.site.test/feed", site_canonical).path.name == (
        "feed.xml.gz"
    )


def test_a_replay_crawl_obeys_the_stores_robots_txt(tmp_path):
    """As a live crawl does: the store's robots.txt is read, and a page it forbids is not
    answered but rejected with its reason."""
    store = tmp_path / "store"
    shutil.copytree(FIXTURES / "yonhap", store)
    (store / "robots.txt").write_text(
        "User-agent: *\nDisallow: /view/AEN20211023001800325\n", "utf-8"
    )
    result = crawl("yonhap", tmp_path, store=store, urls=[SAMPLE], hops=0)
    assert result.records == []
    assert [(row["url"], row["reason"]) for row in result.rejects] == [
        (SAMPLE, "robots_disallowed")
    ]
    assert result.stats["replay/robotstxt/hit"] == 1
    assert "replay/hit" not in result.stats  # the page itself was never answered


def test_lines_that_cannot_be_served_are_skipped_and_named(tmp_path, caplog):
    (tmp_path / "a.html").write_text("<p>a</p>", "utf-8")
    (tmp_path.parent / "secret.html").write_text("secret", "utf-8")
    good = {"url": "https://site.test/a", "file": "a.html"}
    lines = [
        "\ufeff" + json.dumps(good),  # a BOM: files joined
        '{"url": "https://site.test/b", "file": "a.ht',  # not JSON
        json.dumps({"url": "https://site.test/c", "file": "a.html", "status": None}),
        json.dumps({"url": "https://site.test/d", "file": "../secret.html"}),
        json.dumps({"url": "https://site.test/e", "file": str(tmp_path.parent / "secret.html")}),
        json.dumps({"url": "https://site.test/f"}),
        json.dumps([1, 2]),
    ]
    (tmp_path / "index.jsonl").write_bytes(("\n".join(lines) + "\n").encode() + b"\xff\xfe\n")
    with caplog.at_level("WARNING"):
        store = ReplayStore(tmp_path)
    assert store.get("https://site.test/a") is not None
    assert [store.get(f"https://site.test/{path}") for path in "bcdef"] == [None] * 5
    assert store.skipped == 7
    warned = dict(re.findall(r"index\.jsonl:(\d+) skipped: (.+?); fix", "\n".join(caplog.messages)))
    for number, said in [(2, "not JSON"), (3, "status None"), (4, "outside the store"),
                         (5, "outside the store"), (6, "needs a file"), (7, "not an object"),
                         (8, "not UTF-8")]:  # fmt: skip
        assert said in warned[str(number)]


def test_a_gzipped_body_is_held_to_download_maxsize(tmp_path):
    (tmp_path / "big.html.gz").write_bytes(gzip.compress(b"x" * 100_000))
    line = {"url": "https://site.test/big", "file": "big.html.gz"}
    (tmp_path / "index.jsonl").write_text(json.dumps(line) + "\n", "utf-8")
    settings = {"REPLAY_DIR": str(tmp_path), "DOWNLOAD_MAXSIZE": 10_000}
    replay = ReplayMiddleware.from_crawler(get_crawler(settings_dict=settings))
    with pytest.raises(IgnoreRequest, match="DOWNLOAD_MAXSIZE"):
        replay.process_request(Request("https://site.test/big"))


def test_an_index_none_of_whose_lines_can_be_served_is_no_store(tmp_path):
    (tmp_path / "index.jsonl").write_text('{not json\n{"url": "https://site.test/a"}\n', "utf-8")
    with pytest.raises(ValueError, match=r"none of its 2 lines can be served \(line 1: not JSON"):
        ReplayStore(tmp_path)
