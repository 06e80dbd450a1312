"""Replay from WARC files: REPLAY_DIR naming a WARC file, a folder of them or a store with
WARC files in it; bodies decoded as the client would have; revisits followed."""

from __future__ import annotations

import json
from io import BytesIO

import pytest
from scrapy import Request
from scrapy.http import HtmlResponse
from scrapy.utils.test import get_crawler
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from newscrawler.archives.reader import WarcArchive
from newscrawler.archives.sources import FirstOf, open_replay
from newscrawler.network.middlewares import ReplayMiddleware
from newscrawler.network.replay import ReplayStore
from tests.warc_files import Page, write_cc_news

PAGE = b"<html><body><p>Archived page</p></body></html>"


@pytest.fixture
def warc(tmp_path):
    pages = [
        Page("https://site.test/plain", PAGE, "2023-04-19T07:00:00Z"),
        Page("https://site.test/gzipped", PAGE, "2023-04-19T07:01:00Z", encoding="gzip"),
        Page("https://site.test/chunked", PAGE, "2023-04-19T07:02:00Z", chunked=True),
        Page(
            "<https://site.test/both>",
            PAGE,
            "2023-04-19T07:03:00.5Z",
            encoding="gzip",
            chunked=True,
        ),
        Page("https://site.test/gone", b"", "2023-04-19T07:04:00Z", status="404 Not Found"),
        Page("https://site.test/plain", b"a later capture", "2023-04-20T07:00:00Z"),
    ]
    return write_cc_news(tmp_path / "pages.warc.gz", pages)


@pytest.mark.parametrize("path", ["/plain", "/gzipped", "/chunked", "/both"])
def test_bodies_come_decoded_and_the_first_capture_answers(warc, path):
    found = WarcArchive([warc]).get("https://site.test" + path)
    assert found.body() == PAGE
    assert found.status == 200
    assert found.headers["Content-Type"] == ["text/html; charset=utf-8"]
    assert not {"Content-Encoding", "Transfer-Encoding", "Content-Length"} & set(found.headers)


def test_fetched_at_is_the_warc_date_to_the_second(warc):
    archive = WarcArchive([warc])
    assert archive.get("https://site.test/plain").fetched_at == "2023-04-19T07:00:00Z"
    assert archive.get("http://site.test/both").fetched_at == "2023-04-19T07:03:00Z"
    assert archive.get("https://site.test/gone").status == 404
    assert archive.get("https://site.test/never") is None


def test_the_middleware_answers_from_a_warc_file(warc):
    crawler = get_crawler(settings_dict={"REPLAY_DIR": str(warc)})
    middleware = ReplayMiddleware.from_crawler(crawler)
    request = Request("https://site.test/gzipped#top")
    response = middleware.process_request(request)
    assert isinstance(response, HtmlResponse)
    assert response.body == PAGE
    assert request.meta["newscrawler_fetched_at"] == "2023-04-19T07:01:00Z"


def test_revisits_answer_with_the_body_they_refer_to(tmp_path):
    path = tmp_path / "revisits.warc.gz"
    with path.open("wb") as file:
        writer = WARCWriter(file, gzip=True, warc_version="WARC/1.1")
        original = writer.create_warc_record(
            "https://site.test/a",
            "response",
            payload=BytesIO(PAGE),
            length=len(PAGE),
            warc_headers_dict={"WARC-Date": "2023-04-19T07:00:00Z"},
            http_headers=StatusAndHeaders(
                "200 OK", [("Content-Type", "text/html")], protocol="HTTP/1.1"
            ),
        )
        writer.write_record(original)
        digest = original.rec_headers.get_header("WARC-Payload-Digest")
        for url, date in (
            ("https://site.test/b", "2023-04-20T07:00:00Z"),
            ("https://site.test/c", "2023-04-21T07:00:00Z"),
        ):
            revisit = writer.create_revisit_record(
                url,
                digest,
                "https://site.test/a",
                "2023-04-19T07:00:00Z",
                http_headers=StatusAndHeaders(
                    "200 OK", [("Content-Type", "text/html")], protocol="HTTP/1.1"
                ),
                warc_headers_dict={"WARC-Date": date},
            )
            if url.endswith("/b"):  # /c is found by its payload digest alone
                revisit.rec_headers.add_header(
                    "WARC-Refers-To", original.rec_headers.get_header("WARC-Record-ID")
                )
            writer.write_record(revisit)
        writer.write_record(
            writer.create_revisit_record(
                "https://site.test/d", "sha1:NOTINTHEARCHIVE", "https://other.test/", "2020"
            )
        )
    archive = WarcArchive([path])
    for url, date in (("https://site.test/b", "2023-04-20"), ("https://site.test/c", "2023-04-21")):
        found = archive.get(url)
        assert (found.url, found.body(), found.fetched_at) == (url, PAGE, f"{date}T07:00:00Z")
    assert archive.get("https://site.test/d") is None
    assert archive.unresolved_revisits == ["https://site.test/d"]


def opened(folder):
    open_replay.cache_clear()  # read once per process, as a crawl does; here after changes
    return open_replay(str(folder))


def test_replay_dir_may_name_a_folder_of_warcs_or_a_store_with_warcs_in_it(warc, tmp_path):
    (tmp_path / "open.warc.gz.open").write_bytes(b"a capture still being written")
    assert isinstance(opened(tmp_path), WarcArchive)
    (tmp_path / "own.html").write_bytes(b"<html>own</html>")
    line = {"url": "https://site.test/plain", "file": "own.html"}
    (tmp_path / "index.jsonl").write_text(json.dumps(line) + "\n", "utf-8")
    source = opened(tmp_path)
    assert isinstance(source, FirstOf)
    assert source.get("https://site.test/plain").body() == b"<html>own</html>"  # index first
    assert source.get("https://site.test/chunked").body() == PAGE
    (tmp_path / "pages.warc.gz").unlink()
    assert isinstance(opened(tmp_path), ReplayStore)


def test_a_damaged_warc_keeps_the_records_before_the_damage_and_says_so(warc, caplog):
    data = warc.read_bytes()
    warc.write_bytes(data + b"not a WARC record")
    archive = WarcArchive([warc])
    assert archive.get("https://site.test/gone").status == 404
    assert "unreadable after" in caplog.text and "warcio check" in caplog.text
