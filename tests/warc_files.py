"""WARC files built by tests, in the shape of Common Crawl's CC-NEWS archive: WARC/1.0,
gzipped per record, a warcinfo record, then per page a request, a response (with
WARC-IP-Address and the payload as the server sent it) and a metadata record."""

from __future__ import annotations

import gzip
from dataclasses import dataclass, field
from io import BytesIO
from pathlib import Path

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter


@dataclass
class Page:
    url: str
    body: bytes
    date: str  # WARC-Date
    status: str = "200 OK"
    headers: list[tuple[str, str]] = field(
        default_factory=lambda: [("Content-Type", "text/html; charset=utf-8")]
    )
    encoding: str | None = None  # "gzip": the payload is stored gzipped, as sent
    chunked: bool = False  # the payload is stored with its chunked framing


def http_payload(page: Page) -> tuple[list[tuple[str, str]], bytes]:
    headers, body = list(page.headers), page.body
    if page.encoding == "gzip":
        body = gzip.compress(body, mtime=0)
        headers.append(("Content-Encoding", "gzip"))
    if page.chunked:
        half = len(body) // 2
        body = (
            b"".join(
                b"%x\r\n%s\r\n" % (len(part), part) for part in (body[:half], body[half:]) if part
            )
            + b"0\r\n\r\n"
        )
        headers.append(("Transfer-Encoding", "chunked"))
    else:
        headers.append(("Content-Length", str(len(body))))
    return headers, body


def write_cc_news(path: Path, pages: list[Page], version: str = "WARC/1.0") -> Path:
    with path.open("wb") as file:
        writer = WARCWriter(file, gzip=True, warc_version=version)
        writer.write_record(
            writer.create_warcinfo_record(
                path.name, {"software": "StormCrawler 2.x", "isPartOf": "CC-NEWS"}
            )
        )
        for page in pages:
            headers, body = http_payload(page)
            response = writer.create_warc_record(
                page.url,
                "response",
                payload=BytesIO(body),
                length=len(body),
                warc_headers_dict={"WARC-Date": page.date, "WARC-IP-Address": "203.0.113.7"},
                http_headers=StatusAndHeaders(page.status, headers, protocol="HTTP/1.1"),
            )
            request = writer.create_warc_record(
                page.url,
                "request",
                http_headers=StatusAndHeaders(
                    f"GET {page.url} HTTP/1.1", [("User-Agent", "CCBot")], is_http_request=True
                ),
            )
            writer.write_request_response_pair(request, response)
            writer.write_record(
                writer.create_warc_record(
                    page.url,
                    "metadata",
                    payload=BytesIO(b"fetchTimeMs: 120\r\n"),
                    warc_content_type="application/warc-fields",
                    warc_headers_dict={"WARC-Date": page.date},
                )
            )
    return path
