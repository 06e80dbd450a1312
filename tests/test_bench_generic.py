"""python -m newscrawler.operations.bench generic: the wire spider's record timed against
trafilatura alone on the same pages of the article-extraction benchmark."""

from __future__ import annotations

from pathlib import Path

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
