"""Each way a page can fail has its own reason, and says what happened."""

import pytest
from scrapy import Request
from scrapy.exceptions import (
    CannotResolveHostError,
    DownloadCancelledError,
    DownloadTimeoutError,
    IgnoreRequest,
    ResponseDataLossError,
)
from scrapy.http import HtmlResponse, Response, TextResponse
from scrapy.spidermiddlewares.httperror import HttpError
from twisted.internet.error import ConnectionLost
from twisted.python.failure import Failure

from newscrawler.network.failures import describe_failure, page_problem

URL = "https://en.yna.co.kr/view/AEN1"


def http_error(status: int, headers: dict | None = None) -> Failure:
    response = Response(URL, status=status, headers=headers, request=Request(URL))
    return Failure(HttpError(response, "Ignoring non-200 response"))


@pytest.mark.parametrize(
    ("failure", "reason", "said"),
    [
        (http_error(410), "http_410", "HTTP 410"),
        (http_error(429, {"Retry-After": "600"}), "http_429", "asked to wait 600 s"),
        (Failure(IgnoreRequest("Forbidden by robots.txt")), "robots_disallowed", "robots.txt"),
        (Failure(IgnoreRequest("max redirections reached")), "redirect_loop", "redirects"),
        (
            Failure(IgnoreRequest("Filtered offsite request to 'x.test'")),
            "offsite",
            "stays on the spider",
        ),
        (
            Failure(IgnoreRequest("http://10.0.0.1/ points to a private address (10.0.0.1)")),
            "private_address",
            "never goes there",
        ),
        (
            Failure(
                DownloadCancelledError(
                    "Received 99 bytes which is larger than download max size (10)"
                )
            ),
            "too_large",
            "DOWNLOAD_MAXSIZE",
        ),
        (
            Failure(DownloadTimeoutError("Getting took longer than 2 seconds.")),
            "timeout",
            "DOWNLOAD_TIMEOUT",
        ),
        (Failure(ResponseDataLossError("lost")), "truncated", "announced length"),
        (Failure(CannotResolveHostError("no such host")), "dns_error", "no such host"),
        (Failure(ConnectionLost("reset")), "connection_error", "ConnectionLost"),
        (Failure(ValueError("odd")), "download_error", "ValueError: odd"),
    ],
)
def test_failure_reasons(failure, reason, said):
    got_reason, detail = describe_failure(failure)
    assert got_reason == reason
    assert said in detail


@pytest.mark.parametrize(
    ("body", "reason"),
    [
        (b"", "empty_response"),
        (b"  \n ", "empty_response"),
        (b"%PDF-1.7\n...", "not_html"),
        (b"\x89PNG\r\n\x1a\n....", "not_html"),
        (b"\x00\x01\x02\x03 binary \x04\x05\x06\x07\x08\x0e\x0f\x10", "not_html"),
    ],
)
def test_pages_that_cannot_be_articles(body, reason):
    response = HtmlResponse(URL, body=body, headers={"Content-Type": "text/html"})
    assert page_problem(response)[0] == reason


def test_a_nul_byte_in_the_head_does_not_make_a_page_binary():
    body = b"<html><head>\x00<title>T</title></head><body><p>Hi</p></body></html>"
    assert page_problem(HtmlResponse(URL, body=body, headers={"Content-Type": "text/html"})) is None


def test_a_web_page_is_no_problem():
    assert page_problem(TextResponse(URL, body=b"<html><p>Hi</p></html>", encoding="utf-8")) is None
