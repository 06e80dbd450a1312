"""python -m newscrawler.operations.bench generic: the wire spider's record timed against
trafilatura alone on the same pages of the article-extraction benchmark."""

from __future__ import annotations

from pathlib import Path

from scrapy import Request
from scrapy.http import HtmlResponse

from newscrawler.network.replay import ReplayStore
from newscrawler.operations.bench.generic import (
    RECORD,
    TRAFILATURA_DEFAULT,
    TRAFILATURA_PROJECT,
    page_times,
    print_table,
    store_pages,
)
from newscrawler.operations.bench.records import FLOOR, RecordBench
from tests.paths import SHARED, needs_shared

BENCHMARK = SHARED / "benchmarks" / "aeb"


@needs_shared
def test_the_record_and_trafilatura_are_timed_on_the_same_page(tmp_path: Path, capsys):
    pages = store_pages(BENCHMARK)
    assert len(pages) == 168
    bench = RecordBench("wire", pages[2:3], tmp_path)
    times = page_times(bench, pages[2])
    bench.close()
    assert times is not None
    assert set(times) == {FLOOR, TRAFILATURA_DEFAULT, TRAFILATURA_PROJECT, RECORD}
    assert all(seconds > 0 for seconds in times.values())
    print_table([times], dropped=0, rounds=1)
    table = capsys.readouterr().out
    assert "| trafilatura (default) |" in table and "| 1.00x |" in table
    assert "| wire record |" in table


@needs_shared
def test_the_record_is_timed_on_the_response_a_crawl_gets_from_the_store():
    """The saved headers come with each page: without them a page's type was guessed from
    its bytes, and 129 of the 168 pages reached the spider as plain TextResponses (parsed
    by Scrapy's selector) where a crawl gets HtmlResponses, typed and decoded by their
    Content-Type."""
    store = ReplayStore(BENCHMARK)
    for page in store_pages(BENCHMARK):
        saved = store.get(page.url)
        assert saved is not None and page.headers == saved.headers
        response = page.response(Request(page.url))
        assert isinstance(response, HtmlResponse), page.url
