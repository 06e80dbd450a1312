"""The project's downloader middlewares, one by one."""

from datetime import UTC, datetime, timedelta
from email.utils import format_datetime

import pytest
from scrapy import Request
from scrapy.exceptions import IgnoreRequest
from scrapy.http import HtmlResponse

from newscrawler.network.middlewares import (
    AddressGuardMiddleware,
    EncodingRepairMiddleware,
    retry_after_seconds,
)

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


def test_loopback_opens_for_tests_only_when_asked():
    guard = AddressGuardMiddleware(allow_loopback=True)
    assert guard.process_request(Request("http://127.0.0.1:8080/")) is None
    with pytest.raises(IgnoreRequest):
        guard.process_request(Request("http://10.0.0.1/"))
