"""The project's downloader middlewares, one by one."""

import contextlib
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from ipaddress import ip_address

import pytest
from scrapy import Request
from scrapy.downloadermiddlewares.redirect import MetaRefreshMiddleware
from scrapy.exceptions import IgnoreRequest
from scrapy.http import HtmlResponse
from scrapy.utils.response import get_meta_refresh
from scrapy.utils.test import get_crawler

from newscrawler.network.middlewares import (
    AddressGuardMiddleware,
    EncodingRepairMiddleware,
    GuardedMetaRefreshMiddleware,
    host_address,
    may_refresh,
    retry_after_seconds,
)
from newscrawler.network.replay import ReplayStore
from tests.paths import CORPUS, FIXTURES

URL = "https://en.yna.co.kr/view/AEN1"


def test_retry_after_in_seconds_or_as_a_date():
    assert retry_after_seconds(b"120") == 120.0
    in_a_minute = format_datetime(datetime.now(UTC) + timedelta(seconds=60), usegmt=True)
    assert 55 <= retry_after_seconds(in_a_minute.encode()) <= 60
    assert retry_after_seconds(b"Wed, 21 Oct 2015 07:28:00 GMT") == 0.0  # past: now
    assert retry_after_seconds(None) is None
    assert retry_after_seconds(b"soon") is None


def page(body: str, charset: str) -> HtmlResponse:
    headers = {"Content-Type": f"text/html; charset={charset}"}
    return HtmlResponse(URL, body=body.encode("utf-8"), headers=headers)


def test_utf8_labelled_latin1_is_read_as_utf8():
    repaired = EncodingRepairMiddleware().process_response(
        Request(URL), page("<p>Seúl</p>", "iso-8859-1")
    )
    assert repaired.text == "<p>Seúl</p>"


def test_real_latin1_stays_latin1():
    body = "<p>Seúl</p>".encode("latin-1")
    response = HtmlResponse(
        URL, body=body, headers={"Content-Type": "text/html; charset=iso-8859-1"}
    )
    assert EncodingRepairMiddleware().process_response(Request(URL), response).text == "<p>Seúl</p>"


@pytest.mark.parametrize(
    "url",
    [
        "http://10.1.2.3/x",
        "http://172.16.0.1/x",
        "http://192.168.1.1/x",
        "http://169.254.169.254/latest/meta-data/",
        "http://127.0.0.1:8080/",
        "http://[::1]/",
        "http://[fe80::1]/",
        "http://0.0.0.0/",
        "http://localhost/admin",
        "http://224.0.0.1/",
    ],
)
def test_private_addresses_are_never_requested(url):
    with pytest.raises(IgnoreRequest, match="private address"):
        AddressGuardMiddleware(allow_loopback=False).process_request(Request(url))


def test_public_addresses_and_names_pass():
    guard = AddressGuardMiddleware(allow_loopback=False)
    assert guard.process_request(Request("http://93.184.216.34/")) is None
    assert guard.process_request(Request(URL)) is None


@pytest.mark.parametrize(
    "host",
    ["en.yna.co.kr", "", "1.2.3.4", "001.2.3.4", "1.2.3", "1.2.3.4.5", "999.1.1.1", "12345",
     "1.2.3.4.", ".1.2.3.4", "::1", "fe80::1%eth0", "::ffff:1.2.3.4", "a:b", "١.٢.٣.٤",
     "0x7f.0.0.1", "1.2.3.4x", "xn--bcher-kva.example", "localhost", "a.localhost"],
)  # fmt: skip
def test_a_host_is_the_address_ip_address_reads_or_none(host):
    """Names are told apart before ip_address is tried: the same answer for every host."""
    expected = ip_address("127.0.0.1") if host.endswith("localhost") else None
    if expected is None:
        with contextlib.suppress(ValueError):
            expected = ip_address(host)
    assert host_address(host) == expected


def test_loopback_opens_for_tests_only_when_asked():
    guard = AddressGuardMiddleware(allow_loopback=True)
    assert guard.process_request(Request("http://127.0.0.1:8080/")) is None
    with pytest.raises(IgnoreRequest):
        guard.process_request(Request("http://10.0.0.1/"))


def _refresh_at(chars: int, filler: str, word: str = "refresh") -> bytes:
    """A page whose meta refresh (to another page) starts after that many characters."""
    head = "<html><head><title>"
    padding = filler * ((chars - len(head)) // len(filler))
    tag = f'<meta http-equiv="{word}" content="0; url=/view/AEN2">'
    return f"{head}{padding}</title>{tag}</head><p>x</p></html>".encode("utf-8", "surrogateescape")


def _answers(body: bytes, encoding: str | None = "utf-8") -> tuple[str, str]:
    """Where the guarded middleware and Scrapy's own send a request for the page."""
    crawler = get_crawler()
    answers = []
    for middleware in (GuardedMetaRefreshMiddleware, MetaRefreshMiddleware):
        response = HtmlResponse(URL, body=body, encoding=encoding)
        answer = middleware.from_crawler(crawler).process_response(Request(URL), response)
        answers.append(answer.url)
    return answers[0], answers[1]


# After 4,034 characters the tag, then its "refresh", runs past where Scrapy stops reading.
@pytest.mark.parametrize("chars", [100, 4034, 4036, 4060, 4070, 4090, 5000])
@pytest.mark.parametrize("filler", ["a", "é", "서", "😀", "\udcff", "a\udcffé"])
@pytest.mark.parametrize("word", ["refresh", "REFRESH", "Refresh"])
def test_a_meta_refresh_is_followed_where_scrapy_follows_it(chars, filler, word):
    guarded, scrapys = _answers(_refresh_at(chars, filler, word))
    assert guarded == scrapys
    assert (guarded == "https://en.yna.co.kr/view/AEN2") == (chars <= 4034)


@pytest.mark.parametrize("bom", ["utf-16-le", "utf-16-be"])
def test_a_page_scrapy_reads_in_another_encoding_is_checked_as_scrapy_checks_it(bom):
    body = "\ufeff<meta http-equiv=refresh content='0; url=/view/AEN2'>".encode(bom)
    assert _answers(body) == ("https://en.yna.co.kr/view/AEN2",) * 2  # by its BOM
    latin = "<meta http-equiv=refresh content='0; url=/view/AEN2'><p>Seúl</p>".encode("latin-1")
    assert _answers(latin, "latin-1") == ("https://en.yna.co.kr/view/AEN2",) * 2


def test_a_utf8_page_without_a_refresh_is_not_decoded():
    response = HtmlResponse(URL, body=_refresh_at(100, "서", "no"), encoding="utf-8")
    middleware = GuardedMetaRefreshMiddleware.from_crawler(get_crawler())
    assert middleware.process_response(Request(URL), response) is response
    assert response._cached_ubody is None


def test_no_fixture_or_corpus_page_is_taken_for_one_without_a_refresh_that_has_one():
    stores = [index.parent for index in FIXTURES.glob("*/index.jsonl")]
    stores += [CORPUS] if (CORPUS / "index.jsonl").is_file() else []
    pages = 0
    for store in stores:
        replay = ReplayStore(store)
        for saved in replay._entries.values():
            headers = {"Content-Type": saved.headers.get("Content-Type", "")}
            response = HtmlResponse(saved.url, body=saved.body(), headers=headers)
            if not may_refresh(response):
                pages += 1
                assert get_meta_refresh(response) == (None, None), saved.url
    assert pages > 100
