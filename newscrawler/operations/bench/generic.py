"""The generic spider's record against trafilatura's own time on the same pages: every
page of a replay store with a benchmark's article texts (by default the article-extraction
benchmark's, ../shared/benchmarks/aeb), in-process, CPU time. Per page, in one round and
in turn: an lxml parse of the page; trafilatura's ``bare_extraction`` of its bytes in its
default configuration and as the project configures it (its whole cascade: precision
first, the comparison with readability and jusText); and the ``wire`` spider's whole
record, from the response to the finished record through every pipeline as configured.
Printed: the medians of the rounds averaged over the pages, and the ratios."""

from __future__ import annotations

import json
import tempfile
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path
from statistics import median

import trafilatura

from newscrawler.extraction.generic import trafilatura_options
from newscrawler.network.replay import ReplayStore
from newscrawler.operations.bench.records import FLOOR, Page, RecordBench, cpu_seconds

TRAFILATURA_DEFAULT = "trafilatura (default)"
TRAFILATURA_PROJECT = "trafilatura (as configured here)"
RECORD = "wire record"


def store_pages(store_folder: Path) -> list[Page]:
    """Every page an index.jsonl of a replay store lists, in its order, with its saved
    headers: the response a crawl gets from the store (an HTML page's type and charset
    from its Content-Type, not guessed from its bytes)."""
    store = ReplayStore(store_folder)
    pages = []
    for line in (store_folder / "index.jsonl").read_text("utf-8").splitlines():
        url = json.loads(line)["url"] if line.strip() else None
        if url and (saved := store.get(url)) is not None:
            pages.append(Page(url, saved.body(), saved.fetched_at, saved.headers))
    return pages


def page_times(bench: RecordBench, page: Page) -> dict[str, float] | None:
    """CPU seconds of each contender on the page; None when the page gave no record."""
    stages: dict[str, list[float]] = defaultdict(list)
    if not bench.time_page(page, stages):
        return None
    times = {FLOOR: stages.pop(FLOOR)[0], RECORD: sum(sum(step) for step in stages.values())}
    contenders: dict[str, Callable[[], object]] = {
        TRAFILATURA_DEFAULT: lambda: trafilatura.bare_extraction(page.body, url=page.url),
        TRAFILATURA_PROJECT: lambda: trafilatura.bare_extraction(
            page.body, url=page.url, options=trafilatura_options(fast=False)
        ),
    }
    for name, work in contenders.items():
        times[name] = cpu_seconds(work)
    return times


def bench(store_folder: Path, rounds: int) -> None:
    pages = store_pages(store_folder)
    if not pages:
        raise SystemExit(f"{store_folder} lists no page its store can serve")
    per_page: list[dict[str, float]] = []
    dropped = 0
    with tempfile.TemporaryDirectory(prefix="newscrawler-bench-") as work:
        record_bench = RecordBench("wire", pages, Path(work))
        for page in pages:
            page_times(record_bench, page)  # warm caches (and trafilatura's first imports)
            rounds_times = [page_times(record_bench, page) for _ in range(rounds)]
            if any(times is None for times in rounds_times):
                dropped += 1
                continue
            per_page.append(
                {name: median(times[name] for times in rounds_times) for name in rounds_times[0]}
            )
        record_bench.close()
    print_table(per_page, dropped, rounds)


def print_table(per_page: list[dict[str, float]], dropped: int, rounds: int) -> None:
    means = {name: sum(page[name] for page in per_page) / len(per_page) * 1e3
             for name in per_page[0]}  # fmt: skip
    skipped = f" ({dropped} pages gave no record and are left out)" if dropped else ""
    print(f"CPU ms per page over {len(per_page)} pages{skipped}, median of {rounds} rounds\n")
    print("| | ms per page | / trafilatura (default) | / trafilatura (as configured) |")
    print("|---|---|---|---|")
    for name in (FLOOR, TRAFILATURA_DEFAULT, TRAFILATURA_PROJECT, RECORD):
        print(f"| {name} | {means[name]:.2f} | {means[name] / means[TRAFILATURA_DEFAULT]:.2f}x | "
              f"{means[name] / means[TRAFILATURA_PROJECT]:.2f}x |")  # fmt: skip
