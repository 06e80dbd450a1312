"""WARC capture: with NEWSCRAWLER_WARC_DIR set, every response a crawl receives is written
there as a WARC 1.1 request record and response record, as transferred; every fetch that
failed (no address, no connection, a timeout, a reset) as a metadata record saying why,
after the request record of what was sent unless the error says no connection was made.

The middleware sits just above the download handler (below HTTP compression, redirects
and retries), so it sees each response as it came off the wire: compressed bodies as
received, every redirect and retried attempt on its own. Scrapy's HTTP/1.1 handler hands
on the headers and body, not the bytes of the status line and header block, so these are
rebuilt (the warcinfo record of every file says so, field newscrawler-reconstructed).

Files are gzipped per record, named ``<spider>-<start time>-<serial>.warc.gz`` and rotated
after NEWSCRAWLER_WARC_MAX_SIZE bytes. A file is written as ``….warc.gz.open`` and renamed
when it is closed, so a killed crawl leaves no file that a reader takes for complete; each
record pair is written whole in one write and flushed, so even the ``.open`` file of a
killed crawl holds only whole records."""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime
from http import HTTPStatus
from importlib.metadata import version
from io import BytesIO
from pathlib import Path
from typing import Any, BinaryIO
from urllib.parse import urlsplit
from weakref import WeakSet

from scrapy import Request, signals
from scrapy.crawler import Crawler
from scrapy.exceptions import (
    CannotResolveHostError,
    DownloadConnectionRefusedError,
    NotConfigured,
)
from scrapy.http import Headers, Response
from scrapy.settings import SETTINGS_PRIORITIES, BaseSettings
from twisted.internet.error import ConnectError, DNSLookupError
from warcio.recordbuilder import RecordBuilder
from warcio.recordloader import ArcWarcRecord
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from newscrawler.archives.reader import iso_second
from newscrawler.network.middlewares import FETCHED_AT_META, without_userinfo

WARC_VERSION = "WARC/1.1"
OPEN_SUFFIX = ".open"
RECONSTRUCTED = (
    "HTTP status line (reason phrase from the status code) and header block (names in "
    "Scrapy's Title-Case, values as received, repeated headers grouped) of every record; "
    "the request's Host header and request line; a chunked body is stored de-chunked, its "
    "Transfer-Encoding header renamed X-Crawler-Transfer-Encoding and a Content-Length "
    "added"
)
_SECRET = re.compile(r"PASSWORD|PASSWD|SECRET|TOKEN|CREDENTIAL|_AUTH|_KEY$|APIKEY", re.I)
# Failures before a connection was made: no byte of the request left the machine.
_UNSENT = (CannotResolveHostError, DNSLookupError, DownloadConnectionRefusedError, ConnectError)


class WarcCaptureMiddleware:
    def __init__(self, crawler: Crawler, writer: RotatingWarcWriter) -> None:
        self.crawler = crawler
        self.writer = writer
        # The requests handed to the download handler and not yet answered. Only what the
        # handler answers was transferred: a response or an exception for any other
        # request came from a middleware above it (an HTTP cache, a replay, robots.txt or
        # offsite refusals, the stand-in for a robots.txt that could not be fetched).
        self._fetching: WeakSet[Request] = WeakSet()

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> WarcCaptureMiddleware:
        settings = crawler.settings
        folder = settings.get("NEWSCRAWLER_WARC_DIR")
        if not folder:
            raise NotConfigured
        spider = crawler.spider
        writer = RotatingWarcWriter(
            Path(folder),
            prefix=spider.name if spider else "newscrawler",
            max_size=settings.getint("NEWSCRAWLER_WARC_MAX_SIZE"),
            info=warcinfo(settings, spider.name if spider else ""),
        )
        middleware = cls(crawler, writer)
        crawler.signals.connect(middleware.close, signal=signals.engine_stopped)
        return middleware

    def process_request(self, request: Request) -> None:
        self._fetching.add(request)

    def process_response(self, request: Request, response: Response) -> Response:
        if request not in self._fetching:
            return response
        self._fetching.discard(request)
        when = datetime.now(UTC)
        written = self.writer.write(exchange_records(request, response, when))
        request.meta[FETCHED_AT_META] = iso_second(when)
        stats = self.crawler.stats
        stats.inc_value("newscrawler/warc/responses")
        stats.inc_value("newscrawler/warc/bytes", written)
        return response

    def process_exception(self, request: Request, exception: Exception) -> None:
        if request not in self._fetching:
            return
        self._fetching.discard(request)
        sent = not isinstance(exception, _UNSENT)
        written = self.writer.write(failure_records(request, exception, sent, datetime.now(UTC)))
        stats = self.crawler.stats
        stats.inc_value("newscrawler/warc/failures")
        stats.inc_value("newscrawler/warc/bytes", written)

    def close(self) -> None:
        self.writer.close()
        self.crawler.stats.set_value("newscrawler/warc/files", len(self.writer.finished))


class RotatingWarcWriter:
    """WARC files in a folder, each opened with a warcinfo record, closed and renamed from
    ``.open`` once it holds max_size bytes or the crawl ends."""

    def __init__(self, folder: Path, prefix: str, max_size: int, info: dict[str, str]) -> None:
        self.folder = folder
        self.prefix = prefix
        self.max_size = max_size
        self.info = info
        self.started = datetime.now(UTC).strftime("%Y%m%d%H%M%S")
        self.serial = 0
        self.finished: list[Path] = []
        self._file: BinaryIO | None = None
        self._path: Path | None = None

    def write(self, records: list[ArcWarcRecord]) -> int:
        """Write records (a request and its response) whole; the bytes written."""
        buffer = BytesIO()
        writer = WARCWriter(buffer, gzip=True, warc_version=WARC_VERSION)
        if self._file is None:
            self._open()
            writer.write_record(writer.create_warcinfo_record(self._path.name, self.info))
        for record in records:
            writer.write_record(record)
        data = buffer.getvalue()
        self._file.write(data)
        self._file.flush()
        if self._file.tell() >= self.max_size:
            self.close()
        return len(data)

    def close(self) -> None:
        if self._file is None:
            return
        self._file.close()
        self._file = None
        done = self._path.with_name(self._path.name.removesuffix(OPEN_SUFFIX))
        self._path.rename(done)
        self.finished.append(done)

    def _open(self) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        while True:
            self.serial += 1
            name = f"{self.prefix}-{self.started}-{self.serial:05d}.warc.gz"
            done, path = self.folder / name, self.folder / (name + OPEN_SUFFIX)
            if not done.exists() and not path.exists():  # another run's, in the same second
                break
        self._path = path
        self._file = path.open("xb")


def exchange_records(request: Request, response: Response, when: datetime) -> list[ArcWarcRecord]:
    """A request record and its response record, linked by WARC-Concurrent-To."""
    builder = RecordBuilder(warc_version=WARC_VERSION)
    date = warc_date(when)
    # The version the server answered in; the request went as Twisted sends it, HTTP/1.1
    # (Scrapy's HTTP/2 handler says "h2").
    protocol = "HTTP/2" if response.protocol == "h2" else response.protocol or "HTTP/1.1"
    response_headers = {"WARC-Date": date}
    if response.ip_address is not None:
        response_headers["WARC-IP-Address"] = str(response.ip_address)
    if "dataloss" in response.flags:  # shorter than its Content-Length said
        response_headers["WARC-Truncated"] = "disconnect"
    answer = builder.create_warc_record(
        response.url,
        "response",
        payload=BytesIO(response.body),
        length=len(response.body),
        warc_headers_dict=response_headers,
        http_headers=StatusAndHeaders(
            status_line(response.status), response_header_list(response), protocol=protocol
        ),
    )
    question = request_record(builder, request, response.url, protocol, date, answer)
    return [question, answer]


def failure_records(
    request: Request, error: Exception, sent: bool, when: datetime
) -> list[ArcWarcRecord]:
    """A metadata record of why the fetch failed (application/warc-fields, field
    ``newscrawler-fetch-error``), after the request record of what was sent (sent), linked
    by WARC-Concurrent-To."""
    builder = RecordBuilder(warc_version=WARC_VERSION)
    date = warc_date(when)
    message = " ".join(str(error).split()) or "(no message)"
    fields = f"newscrawler-fetch-error: {type(error).__qualname__}: {message}\r\n".encode()
    failure = builder.create_warc_record(
        request.url,
        "metadata",
        payload=BytesIO(fields),
        length=len(fields),
        warc_content_type="application/warc-fields",
        warc_headers_dict={"WARC-Date": date},
    )
    if not sent:
        return [failure]
    return [request_record(builder, request, request.url, "HTTP/1.1", date, failure), failure]


def request_record(
    builder: RecordBuilder,
    request: Request,
    url: str,
    protocol: str,
    date: str,
    concurrent: ArcWarcRecord,
) -> ArcWarcRecord:
    """The request record, as Twisted sends it, of the record it is concurrent to."""
    parts = urlsplit(request.url)
    target = parts.path or "/"
    if parts.query:
        target += "?" + parts.query
    return builder.create_warc_record(
        url,
        "request",
        payload=BytesIO(request.body),
        length=len(request.body),
        warc_headers_dict={
            "WARC-Date": date,
            "WARC-Concurrent-To": concurrent.rec_headers.get_header("WARC-Record-ID"),
        },
        http_headers=StatusAndHeaders(
            f"{request.method} {target} {'HTTP/2' if protocol == 'HTTP/2' else 'HTTP/1.1'}",
            [("Host", parts.netloc), *header_list(request.headers)],
            is_http_request=True,
        ),
    )


def warc_date(when: datetime) -> str:
    return when.isoformat(timespec="microseconds").replace("+00:00", "Z")


def status_line(status: int) -> str:
    try:
        return f"{status} {HTTPStatus(status).phrase}"
    except ValueError:
        return str(status)


def header_list(headers: Headers) -> list[tuple[str, str]]:
    return [
        (name.decode("latin-1"), value.decode("latin-1"))
        for name, values in headers.items()
        for value in values
    ]


def response_header_list(response: Response) -> list[tuple[str, str]]:
    """The response's headers as they describe the stored body: Twisted has removed the
    chunked framing, so the body's length is given instead."""
    headers = header_list(response.headers)
    if not any(name.lower() == "transfer-encoding" for name, _ in headers):
        return headers
    headers = [
        ("X-Crawler-Transfer-Encoding" if name.lower() == "transfer-encoding" else name, value)
        for name, value in headers
    ]
    if not any(name.lower() == "content-length" for name, _ in headers):
        headers.append(("Content-Length", str(len(response.body))))
    return headers


def warcinfo(settings: BaseSettings, spider: str) -> dict[str, str]:
    """The warcinfo record's fields (WARC 1.1 annex: software, format, robots, ...)."""
    return {
        "software": (
            f"newscrawler/{version('newscrawler')} (Scrapy/{version('scrapy')}; "
            f"warcio/{version('warcio')})"
        ),
        "format": "WARC File Format 1.1",
        "conformsTo": "https://iipc.github.io/warc-specifications/specifications/warc-format/warc-1.1/",
        "isPartOf": spider,
        "robots": "obey" if settings.getbool("ROBOTSTXT_OBEY") else "ignore",
        "http-header-user-agent": settings.get("USER_AGENT") or "",
        "newscrawler-settings": json.dumps(crawl_settings(settings), sort_keys=True, default=str),
        "newscrawler-reconstructed": RECONSTRUCTED,
    }


def crawl_settings(settings: BaseSettings) -> dict[str, Any]:
    """The settings the project, the spider and the command line set (Scrapy's defaults
    left out), secrets and the credentials in URLs withheld."""
    floor = SETTINGS_PRIORITIES["project"]
    values: dict[str, Any] = {}
    for name in settings:
        if (settings.getpriority(name) or 0) < floor:
            continue
        value = settings[name]
        if isinstance(value, BaseSettings):
            value = value.copy_to_dict()
        if _SECRET.search(name):
            value = "(withheld)"
        elif isinstance(value, str) and "://" in value:
            value = without_userinfo(value)
        values[name] = value
    return values
