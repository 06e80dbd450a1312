"""The benchmarks' own parts (python -m newscrawler.operations.bench): the replayed site
they generate from the corpus, the crawl state they fill, a record timed stage by stage."""

from __future__ import annotations

import gc
import importlib.util
import os
import sqlite3
import subprocess
import sys
from collections import defaultdict

import pytest
from scrapy import Request
from scrapy.http import HtmlResponse

from newscrawler.delivery.state import CrawlState
from newscrawler.discovery import parse_feed
from newscrawler.network.replay import ReplayStore
from newscrawler.operations.bench.crawl import CrawlSettings, print_table, remember
from newscrawler.operations.bench.records import (
    EXTRACT,
    FLOOR,
    Page,
    RecordBench,
    corpus_pages,
    time_rounds,
)
from newscrawler.operations.bench.records import print_table as print_records_table
from newscrawler.operations.bench.runs import CHECKOUT, Run, cache_bytecode, run_queue_wait
from newscrawler.operations.bench.site import FEED_URL, build_site
from tests.paths import CORPUS, needs_shared


@needs_shared
def test_the_generated_site_is_real_pages_each_under_its_own_url(tmp_path):
    site = build_site(CORPUS, tmp_path / "site", 25)
    store = ReplayStore(site.folder)
    assert len(set(site.article_urls)) == 25
    listed = parse_feed(store.get(FEED_URL).body(), 10**8)
    assert [entry.url for entry in listed] == site.article_urls
    for url in site.article_urls:
        body = store.get(url).body()
        assert len(body) > 50_000
        assert f'<link rel="canonical" id="canonical" href="{url}"'.encode() in body


@needs_shared
def test_a_crawl_state_of_many_remembered_articles_and_the_sites(tmp_path):
    site = build_site(CORPUS, tmp_path / "site", 3)
    remember(tmp_path / "state.sqlite", 1000, site)
    with sqlite3.connect(tmp_path / "state.sqlite") as db:
        assert db.execute("SELECT COUNT(*) FROM articles").fetchone() == (1003,)
    state = CrawlState(tmp_path / "state.sqlite")
    assert state.get(site.article_urls[0]).last_changed.isoformat() == "2023-04-19T09:00:00+09:00"
    state.close()


@needs_shared
def test_a_record_is_timed_at_every_stage_of_the_projects_pipelines(tmp_path):
    pages = corpus_pages(CORPUS, "yonhap")
    bench = RecordBench("yonhap", pages, tmp_path)
    times: dict[str, list[float]] = defaultdict(list)
    assert bench.time_page(pages[0], times)
    bench.close()
    assert set(times) == {*bench.stage_names}
    assert bench.stage_names[:2] == [FLOOR, EXTRACT]
    assert {"Incremental", "SchemaValidation"} <= set(bench.stage_names)


@needs_shared
def test_records_are_timed_with_the_collector_as_a_crawl_has_it(tmp_path):
    thresholds = gc.get_threshold()
    bench = RecordBench("yonhap", corpus_pages(CORPUS, "yonhap")[:1], tmp_path)
    # The start-up objects frozen, the young generation's threshold the project's.
    assert gc.get_freeze_count() > 0
    assert gc.get_threshold() == (2000, *thresholds[1:])
    bench.close()
    assert gc.get_freeze_count() == 0
    assert gc.get_threshold() == thresholds


@needs_shared
def test_each_round_is_a_pass_over_the_pages_and_its_ratio_is_printed(tmp_path, capsys):
    pages = corpus_pages(CORPUS, "yonhap")[:2]
    url = pages[0].url.replace("AEN2023", "AEN2022")
    no_article = Page(url, b"<html><body><p>Nothing here.</p></body></html>", None)
    bench = RecordBench("yonhap", [*pages, no_article], tmp_path)
    timed = time_rounds(bench, "yonhap", [*pages, no_article], rounds=3)
    bench.close()
    # The page that gives no record is left out of the figures, and counted.
    assert (len(timed.per_page), timed.dropped) == (2, 1)
    assert all(len(times[name]) == 3 for times in timed.per_page for name in timed.names)
    ratios = timed.round_ratios()
    # A round's ratio is its pages' record times over their parses, from that round alone
    # (not a claim that it exceeds 1: a burst of load on the machine during one parse of
    # two pages can make a round's parse the dearer, as it did once in CI).
    first_round = [
        (sum(times[name][0] for name in timed.names[1:]), times[FLOOR][0])
        for times in timed.per_page
    ]
    expected = sum(record for record, _ in first_round) / sum(floor for _, floor in first_round)
    assert len(ratios) == 3 and ratios[0] == pytest.approx(expected)
    assert all(ratio > 0 for ratio in ratios)
    print_records_table([timed], 3)
    row = capsys.readouterr().out.splitlines()[-1]
    assert row.startswith("| yonhap | 2 (1 not records) | ")
    low, high = f"{min(ratios):.2f}x", f"{max(ratios):.2f}x"
    assert row.endswith(f" | {sorted(ratios)[1]:.2f}x ({low}-{high}) |")


@needs_shared
def test_a_timed_page_is_the_response_a_crawl_gets_from_the_replay_store():
    # The 2014 page's <meta> says nothing of a charset; the store serves it as UTF-8, as
    # the site did. Sniffed from its bytes alone, Scrapy would read it as cp1252.
    page = next(p for p in corpus_pages(CORPUS, "reuters") if "idINKBN0K80A0" in p.url)
    response = page.response(Request(page.url))
    assert isinstance(response, HtmlResponse)
    assert response.headers[b"Content-Type"] == b"text/html; charset=utf-8"
    assert response.encoding == "utf-8"


@needs_shared
def test_the_site_of_an_incremental_run_serves_its_feed_alone(tmp_path):
    site = build_site(CORPUS, tmp_path / "site", 3, served=False)
    store = ReplayStore(site.folder)
    listed = parse_feed(store.get(FEED_URL).body(), 10**8)
    assert [entry.url for entry in listed] == site.article_urls
    assert all(store.get(url) is None for url in site.article_urls)


def test_both_crawls_share_their_settings_and_the_bare_one_takes_its_own_too():
    settings = CrawlSettings(8, bare_only=("CONCURRENT_ITEMS=1",))
    shared = ["-s", "CONCURRENT_REQUESTS=8", "-s", "CONCURRENT_REQUESTS_PER_DOMAIN=8"]
    assert settings.args()[:4] == shared
    assert "CONCURRENT_ITEMS=1" not in settings.args()
    assert settings.bare_args() == [*settings.args(), "-s", "CONCURRENT_ITEMS=1"]


def test_the_crawls_start_from_the_checkouts_bytecode():
    """As an installed package's: not every module compiled from source at each start."""
    cache_bytecode()
    for module in (CHECKOUT / "newscrawler").rglob("*.py"):
        cached = module.parent / importlib.util.cache_from_source(str(module))
        assert cached.is_file() and cached.stat().st_mtime >= module.stat().st_mtime, module


def crawl_run(name: str, cpu: float, pages_per_second: float, waited: float = 0.0) -> Run:
    stats = {"response_received_count": 3000, "elapsed_time_seconds": 3000 / pages_per_second}
    return Run(name, 0, wall=20, cpu=cpu, peak_rss=100 * 1024 * 1024, stats=stats,
               run_queue_wait=waited)  # fmt: skip


def test_the_crawl_table_gives_the_rounds_paired_ratios_and_their_spread(capsys):
    """A slow round slows both of its runs: its ratio stays near the others', while the
    ratio of the medians mixes runs of different rounds."""
    projects = [crawl_run("project-1", 12, 250, 12), crawl_run("project-2", 18, 160, 36),
                crawl_run("project-3", 13, 230, 13)]  # fmt: skip
    bares = [crawl_run("bare-1", 10, 300, 10), crawl_run("bare-2", 15, 200, 15),
             crawl_run("bare-3", 13, 250, 39)]  # fmt: skip
    print_table(projects, bares)
    rows = {line.split(" | ")[0].strip("| "): line.split(" | ")[1:]
            for line in capsys.readouterr().out.splitlines() if line.startswith("| ")}  # fmt: skip
    assert rows["CPU seconds"] == ["13.00", "13.00", "1.00x", "1.20x", "1.00x-1.20x |"]
    assert rows["pages per second"] == ["230.0", "250.0", "0.92x", "0.83x", "0.80x-0.92x |"]
    assert rows["peak memory (RSS)"][2:] == ["1.00x", "1.00x", "1.00x-1.00x |"]
    # A run that waited as long for a core as it ran had half of one while ready to run.
    assert rows["share of a core while ready to run"] == [
        "0.50", "0.50", "1.00x", "1.00x", "0.67x-2.00x |"
    ]


def test_a_runs_wait_for_a_core_is_read_from_the_kernel():
    """Two processes busy on one core for 0.3 s of CPU each: together they wait about as
    long for it as they run."""
    core = min(os.sched_getaffinity(0))
    busy = (
        f"import os, sys, time\nos.sched_setaffinity(0, {{{core}}})\n"
        "end = time.process_time() + 0.3\nwhile time.process_time() < end: pass\n"
        "print('done', flush=True)\nsys.stdin.read()"
    )
    command = [sys.executable, "-c", busy]
    pipes = {"stdin": subprocess.PIPE, "stdout": subprocess.PIPE, "text": True}
    processes = [subprocess.Popen(command, **pipes) for _ in range(2)]
    try:
        assert [process.stdout.readline() for process in processes] == ["done\n"] * 2
        waited = [run_queue_wait(process.pid) for process in processes]
    finally:
        for process in processes:
            process.communicate("")
    assert sum(waited) > 0.2, waited
