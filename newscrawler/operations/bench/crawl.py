"""The whole crawl against bare Scrapy: `scrapy crawl yonhap` (the project's settings,
crawl state on, every record validated) and the bare spider, in turn (A B A B ...), over
one generated replayed site, with the same concurrency and no delay."""

from __future__ import annotations

import os
import shutil
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from newscrawler.delivery.state import CrawlState
from newscrawler.operations.bench import bare
from newscrawler.operations.bench.runs import Run, median, scrapy_process
from newscrawler.operations.bench.site import Site, build_site

MIB = 1024 * 1024
PUBLISHED = "2023-04-19T09:00:00+09:00"  # after every time the site's feed lists


@dataclass(frozen=True)
class CrawlSettings:
    concurrency: int = 32
    # NAME=VALUE settings of the bare spider's runs alone (--bare-setting): what it costs
    # with one of Scrapy's defaults changed, e.g. CONCURRENT_ITEMS=1 as the project has it.
    bare_only: tuple[str, ...] = ()

    def args(self) -> list[str]:
        settings = {
            "CONCURRENT_REQUESTS": self.concurrency,
            "CONCURRENT_REQUESTS_PER_DOMAIN": self.concurrency,
            "DOWNLOAD_DELAY": 0,
            "AUTOTHROTTLE_ENABLED": False,
            "LOG_LEVEL": "INFO",
        }
        return [arg for name, value in settings.items() for arg in ("-s", f"{name}={value}")]

    def bare_args(self) -> list[str]:
        return self.args() + [arg for setting in self.bare_only for arg in ("-s", setting)]


def project_run(site: Site, work: Path, settings: CrawlSettings, name: str) -> Run:
    output = work / name
    return scrapy_process(
        name,
        ["crawl", "yonhap", "-s", f"REPLAY_DIR={site.folder}",
         "-s", f"NEWSCRAWLER_OUTPUT_DIR={output}", *settings.args()],
        cwd=work,
        project=True,
    )  # fmt: skip


def bare_run(site: Site, work: Path, settings: CrawlSettings, name: str) -> Run:
    return scrapy_process(
        name,
        ["runspider", bare.__file__, "-a", f"feed={site.feed_url}",
         "-s", f"REPLAY_DIR={site.folder}", "-O", str(work / f"{name}.jsonl"),
         *settings.bare_args()],
        cwd=work,
        project=False,
    )  # fmt: skip


def remember(state_file: Path, articles: int, site: Site | None = None) -> None:
    """A crawl state remembering that many articles (none of the site's), and every
    article of the site as published after the feed lists it, made by SQL."""
    state_file.parent.mkdir(parents=True, exist_ok=True)
    CrawlState(state_file).close()
    with sqlite3.connect(state_file) as db:
        if site:
            db.executemany(
                "INSERT INTO articles VALUES (?, 'yonhap', NULL, 0, '', ?, NULL, ?, ?)",
                [(url, PUBLISHED, PUBLISHED, PUBLISHED) for url in site.article_urls],
            )
        db.execute(
            "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ?) "
            "INSERT INTO articles SELECT 'https://en.yna.co.kr/view/AEN1999' || "
            "printf('%012d', i), 'yonhap', 'AEN1999' || printf('%012d', i), 0, "
            "hex(randomblob(32)), '1999-01-01T09:00:00+09:00', NULL, "
            "'1999-01-01T00:00:00+00:00', '1999-01-01T00:00:00+00:00' FROM n",
            (articles,),
        )


def compare(site: Site, work: Path, rounds: int, settings: CrawlSettings) -> None:
    projects: list[Run] = []
    bares: list[Run] = []
    for number in range(1, rounds + 1):
        # Every other round runs the bare spider first (A B, B A, ...): a machine whose speed
        # drifts through the bench then favours neither crawl.
        crawls = [(projects, project_run, "project"), (bares, bare_run, "bare")]
        for measured, crawl, name in crawls if number % 2 else crawls[::-1]:
            measured.append(crawl(site, work, settings, f"{name}-{number}"))
        for run in (projects[-1], bares[-1]):
            check(run, len(site.article_urls))
            print(f"  round {number} {run.name:<12}{run.pages_per_second:>9.1f} pages/s"
                  f"{run.cpu:>9.2f} s CPU{run.peak_rss / MIB:>9.1f} MiB", flush=True)  # fmt: skip
        # The machine's load: other work on its cores moves both crawls' figures. A crawl's
        # pages per second are its pages per CPU second times its share of a core while it
        # was ready to run, which that load, different for each run, sets.
        print(f"  round {number} ratio {ratio(projects[-1].cpu, bares[-1].cpu):.2f}x CPU, "
              f"share of a core {projects[-1].cpu_share:.2f} against {bares[-1].cpu_share:.2f}, "
              f"load average {os.getloadavg()[0]:.1f}", flush=True)  # fmt: skip
    print_table(projects, bares)


def check(run: Run, articles: int) -> None:
    scraped = int(run.stats.get("item_scraped_count", 0))
    if run.returncode != 0 or scraped != articles:
        raise SystemExit(
            f"{run.name} exported {scraped} of {articles} records (exit status "
            f"{run.returncode}): its log is {run.name}.log in the work folder"
        )


@dataclass(frozen=True)
class Measure:
    label: str
    value: Callable[[Run], float]
    unit: str = ""
    digits: int = 2


MEASURES = (
    Measure("pages per second", lambda run: run.pages_per_second, digits=1),
    Measure("CPU seconds", lambda run: run.cpu),
    Measure("peak memory (RSS)", lambda run: run.peak_rss / MIB, " MiB", 0),
    Measure("share of a core while ready to run", lambda run: run.cpu_share),
)


def print_table(projects: list[Run], bares: list[Run]) -> None:
    """The medians of each crawl and their ratio, and the ratio of each round's pair of runs:
    its median and its spread (min-max). On a machine whose speed moves from minute to
    minute, a round's two runs, made one after the other, share its state; the spread says
    how far one round's ratio can be trusted."""
    print(f"\nmedians of {len(projects)} rounds; a round's ratio is its project run's figure "
          f"over its bare run's:\n")  # fmt: skip
    print("| | project (`scrapy crawl yonhap`) | bare Scrapy | ratio of the medians "
          "| median of the rounds' ratios | rounds' ratios min-max |")  # fmt: skip
    print("|---|---|---|---|---|---|")
    for measure in MEASURES:
        project = median([measure.value(run) for run in projects])
        bare_value = median([measure.value(run) for run in bares])
        paired = paired_ratios([measure.value(run) for run in projects],
                               [measure.value(run) for run in bares])  # fmt: skip
        figures = f"{project:.{measure.digits}f}{measure.unit} | {bare_value:.{measure.digits}f}"
        print(f"| {measure.label} | {figures}{measure.unit} | {ratio(project, bare_value):.2f}x "
              f"| {median(paired):.2f}x | {min(paired):.2f}x-{max(paired):.2f}x |")  # fmt: skip


def ratio(project: float, bare_value: float) -> float:
    return project / bare_value if bare_value else float("nan")


def paired_ratios(projects: list[float], bares: list[float]) -> list[float]:
    return [ratio(project, bare_value) for project, bare_value in zip(projects, bares, strict=True)]


def memory(site: Site, work: Path, settings: CrawlSettings, remembered: int) -> None:
    """One project crawl over the site with a crawl state of `remembered` articles, and its
    memory through the run."""
    state = work / "memory" / "state.sqlite"
    remember(state, remembered)
    shutil.rmtree(work / "memory" / "yonhap", ignore_errors=True)
    run = project_run(site, work, settings, "memory")
    check(run, len(site.article_urls))
    print(f"{run.pages} pages in {run.wall:.0f} s ({run.pages_per_second:.1f} pages/s), "
          f"{run.cpu:.1f} s CPU, a state of {remembered} remembered articles")  # fmt: skip
    print("RSS through the run: " + ", ".join(
        f"{share:.0%} {run.rss_at(share) / MIB:.0f} MiB" for share in (0.1, 0.25, 0.5, 0.75, 1)
    ) + f"; peak {run.peak_rss / MIB:.0f} MiB")  # fmt: skip


def incremental(corpus: Path, site: Site, work: Path, rounds: int, remembered: int) -> None:
    """Runs over the site's unchanged feed, every article remembered (with `remembered`
    others), in turn with runs over a feed of one remembered article: the start-up time.
    Both replay stores serve the feed and robots.txt alone: no article is fetched."""
    one = build_site(corpus, work / "site-one", 1, served=False)
    runs: dict[str, list[Run]] = {"start-up": [], "incremental": []}
    for name, listed in (("start-up", one), ("incremental", site)):
        remember(work / name / "state.sqlite", remembered, listed)
    for number in range(1, rounds + 1):
        for name, listed in (("start-up", one), ("incremental", site)):
            run = scrapy_process(
                f"{name}-{number}",
                ["crawl", "yonhap", "-s", f"REPLAY_DIR={listed.folder}",
                 "-s", f"NEWSCRAWLER_OUTPUT_DIR={work / name}", "-s", "LOG_LEVEL=INFO"],
                cwd=work,
                project=True,
            )  # fmt: skip
            unchanged = int(run.stats.get("newscrawler/discovery/unchanged", 0))
            if run.returncode != 0 or unchanged != len(listed.article_urls):
                raise SystemExit(
                    f"{run.name}: {unchanged} of {len(listed.article_urls)} articles known "
                    f"unchanged (exit status {run.returncode}): see {run.name}.log in {work}"
                )
            runs[name].append(run)
            print(f"  round {number} {name:<12}{run.wall:>7.2f} s wall{run.cpu:>7.2f} s CPU",
                  flush=True)  # fmt: skip
    print(f"\nmedians of {rounds} rounds, a run over a feed of {len(site.article_urls)} "
          f"unchanged articles ({remembered} others remembered) against the start-up (a "
          f"feed of 1):")  # fmt: skip
    for measure in ("wall", "cpu"):
        start_up = median([getattr(run, measure) for run in runs["start-up"]])
        whole = median([getattr(run, measure) for run in runs["incremental"]])
        print(f"  {measure.upper() if measure == 'cpu' else measure} seconds {whole:.2f} "
              f"against {start_up:.2f}: {whole / start_up:.2f}x")  # fmt: skip
