"""The WARC capture middleware on its own: what it writes for each response, which it
leaves out, how its files rotate, and what its warcinfo record says."""

from __future__ import annotations

from ipaddress import ip_address

import pytest
from scrapy import Request
from scrapy.exceptions import (
    DownloadConnectionRefusedError,
    DownloadFailedError,
    IgnoreRequest,
    NotConfigured,
)
from scrapy.http import HtmlResponse, Response
from scrapy.utils.test import get_crawler
from warcio.archiveiterator import ArchiveIterator

from newscrawler.archives.capture import WarcCaptureMiddleware
from newscrawler.archives.reader import warc_files
from newscrawler.network.middlewares import FETCHED_AT_META, REPLAYED
from newscrawler.spiders.yonhap import YonhapSpider

URL = "https://en.yna.co.kr/view/AEN20230419003851320"
PAGE = b"<html><body><p>page</p></body></html>"


def capture(tmp_path, **settings: str) -> WarcCaptureMiddleware:
    crawler = get_crawler(
        YonhapSpider,
        settings_dict={
            "NEWSCRAWLER_WARC_DIR": str(tmp_path),
            "NEWSCRAWLER_WARC_MAX_SIZE": str(1024**3),
            "HTTPPROXY_PASSWORD_X": "hunter2",
            "REDIS_URL": "redis://user:secret@127.0.0.1:6379/0",
            **settings,
        },
    )
    crawler.spider = crawler._create_spider(url=URL)
    return WarcCaptureMiddleware.from_crawler(crawler)


def fetch(middleware: WarcCaptureMiddleware, request: Request, response: Response) -> None:
    """The request handed to the download handler, and its answer, as the engine does."""
    middleware.process_request(request)
    middleware.process_response(request, response)


def read(path):
    with path.open("rb") as file:
        return [
            (
                record.rec_type,
                record.rec_headers,
                record.http_headers,
                record.content_stream().read(),
            )
            for record in ArchiveIterator(file)
        ]


def test_each_hop_of_a_redirect_is_captured_and_a_replayed_response_is_not(tmp_path):
    middleware = capture(tmp_path)
    first = Request(URL.replace("https", "http"))
    moved = Response(first.url, status=301, headers={"Location": URL}, request=first)
    fetch(middleware, first, moved)
    # The redirected request carries the first one's meta (Scrapy copies it).
    second = first.replace(url=URL, meta=dict(first.meta))
    assert FETCHED_AT_META in second.meta
    page = HtmlResponse(URL, body=PAGE, request=second, ip_address=ip_address("203.0.113.7"))
    fetch(middleware, second, page)
    # Answered above the download handler (a replay, a cache): not handed to it.
    replayed = second.replace()
    answer = HtmlResponse(URL, body=PAGE, request=replayed, flags=[REPLAYED])
    middleware.process_response(replayed, answer)
    middleware.close()
    [path] = warc_files(tmp_path)
    records = read(path)
    assert [(kind, headers.get_header("WARC-Target-URI")) for kind, headers, _, _ in records] == [
        ("warcinfo", None),
        ("request", first.url),
        ("response", first.url),
        ("request", URL),
        ("response", URL),
    ]
    assert records[2][2].statusline == "301 Moved Permanently"
    assert records[2][2].get_header("Location") == URL
    assert records[4][1].get_header("WARC-IP-Address") == "203.0.113.7"
    assert records[4][3] == PAGE
    assert middleware.crawler.stats.get_value("newscrawler/warc/responses") == 2


def test_a_dechunked_body_says_its_length_and_what_its_framing_was(tmp_path):
    middleware = capture(tmp_path)
    request = Request(URL)
    headers = {"Transfer-Encoding": "chunked", "Content-Type": "text/html"}
    fetch(middleware, request, HtmlResponse(URL, body=PAGE, headers=headers, request=request))
    middleware.close()
    _, _, http, body = read(warc_files(tmp_path)[0])[2]
    assert http.get_header("Transfer-Encoding") is None
    assert http.get_header("X-Crawler-Transfer-Encoding") == "chunked"
    assert http.get_header("Content-Length") == str(len(PAGE))
    assert body == PAGE


def test_files_rotate_by_size_and_are_renamed_when_closed(tmp_path):
    middleware = capture(tmp_path, NEWSCRAWLER_WARC_MAX_SIZE="1")
    for n in range(3):
        request = Request(f"{URL}{n}")
        fetch(middleware, request, HtmlResponse(request.url, body=PAGE, request=request))
    files = warc_files(tmp_path)
    assert [path.name[-13:] for path in files] == [
        "00001.warc.gz",
        "00002.warc.gz",
        "00003.warc.gz",
    ]
    assert all(read(path)[0][0] == "warcinfo" for path in files)  # each file opens with one
    assert not list(tmp_path.glob("*.open"))


def test_the_warcinfo_record_withholds_secrets(tmp_path):
    middleware = capture(tmp_path)
    request = Request(URL)
    fetch(middleware, request, HtmlResponse(URL, body=PAGE, request=request))
    middleware.close()
    info = read(warc_files(tmp_path)[0])[0][3].decode()
    assert "hunter2" not in info and "secret" not in info
    assert '"HTTPPROXY_PASSWORD_X": "(withheld)"' in info
    assert '"REDIS_URL": "redis://127.0.0.1:6379/0"' in info
    assert "newscrawler-reconstructed: HTTP status line" in info


def test_capture_is_off_without_a_folder():
    crawler = get_crawler(YonhapSpider)
    crawler.spider = crawler._create_spider(url=URL)
    with pytest.raises(NotConfigured):
        WarcCaptureMiddleware.from_crawler(crawler)


def test_a_failed_fetch_is_a_metadata_record_of_why_after_what_was_sent(tmp_path):
    middleware = capture(tmp_path)
    refused, reset, ignored = Request(URL), Request(f"{URL}1"), Request(f"{URL}2")
    for request in (refused, reset):
        middleware.process_request(request)
    middleware.process_exception(refused, DownloadConnectionRefusedError("Connection refused"))
    # A middleware above answers in its place (as for a robots.txt): nothing was transferred.
    middleware.process_response(refused, Response(refused.url, status=404, request=refused))
    middleware.process_exception(reset, DownloadFailedError("Connection was reset\nby peer"))
    # Raised above the download handler (robots.txt, offsite, a replay store): no fetch.
    middleware.process_exception(ignored, IgnoreRequest("Forbidden by robots.txt"))
    middleware.close()
    records = read(warc_files(tmp_path)[0])
    kinds = [(kind, headers.get_header("WARC-Target-URI")) for kind, headers, _, _ in records]
    assert kinds == [
        ("warcinfo", None),
        ("metadata", refused.url),  # no connection: nothing was sent
        ("request", reset.url),
        ("metadata", reset.url),
    ]
    _, refused_headers, _, refused_fields = records[1]
    assert refused_headers.get_header("Content-Type") == "application/warc-fields"
    assert refused_fields == (
        b"newscrawler-fetch-error: DownloadConnectionRefusedError: Connection refused\r\n"
    )
    _, request_headers, request_http, _ = records[2]
    _, failure_headers, _, reset_fields = records[3]
    assert f"{request_http.protocol} {request_http.statusline}" == (
        "GET /view/AEN202304190038513201 HTTP/1.1"
    )
    assert request_headers.get_header("WARC-Concurrent-To") == failure_headers.get_header(
        "WARC-Record-ID"
    )
    assert reset_fields == (
        b"newscrawler-fetch-error: DownloadFailedError: Connection was reset by peer\r\n"
    )
    assert middleware.crawler.stats.get_value("newscrawler/warc/failures") == 2
    assert not middleware.crawler.stats.get_value("newscrawler/warc/responses")
