"""`scrapy score FEED.jsonl EXPECTED_DIR [EXPECTED_DIR ...]`: a crawl's records scored
against expected records (newscrawler.operations.scoring), a table per site, and a non-zero exit
when a site's mean falls under a minimum given as an option."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any, ClassVar

from scrapy.commands import ScrapyCommand
from scrapy.exceptions import UsageError

BENCHMARK_FIGURES = ("f1", "precision", "recall", "exact")


class Command(ScrapyCommand):
    requires_crawler_process = False
    default_settings: ClassVar[dict[str, Any]] = {"LOG_ENABLED": False}

    def syntax(self) -> str:
        return "[options] FEED.jsonl EXPECTED_DIR [EXPECTED_DIR ...]"

    def short_desc(self) -> str:
        return "Score a crawl's JSON Lines against folders of expected records"

    def long_desc(self) -> str:
        return (
            "Scores each expected record (*.json, or *.articleBody.txt beside the pages of an "
            "index.jsonl) against the feed's record of the same URL: headline, dateline and "
            "published exactly, the body by token-level F1, related headlines by precision and "
            "recall; a page missing from the feed scores 0. Under each site's table, the "
            "article-extraction benchmark's figures over the pages with an expected body "
            "(4-word shingles: F1, precision, recall, exact). Prints a table per site and "
            "exits with 1 when a site's mean or benchmark figure is under a --min-* option."
        )

    def add_options(self, parser: argparse.ArgumentParser) -> None:
        super().add_options(parser)
        # Imported by the command when it runs, not whenever Scrapy lists the commands
        # (every crawl's start).
        from newscrawler.operations.scoring import METRICS

        group = parser.add_argument_group("Minimums")
        for metric in METRICS:
            group.add_argument(
                "--min-" + metric.replace("_", "-"),
                dest="min_" + metric,
                type=float,
                metavar="X",
                help=f"fail when a site's mean {metric.replace('_', ' ')} is under X (0 to 1)",
            )
        for figure in BENCHMARK_FIGURES:
            group.add_argument(
                f"--min-benchmark-{figure}",
                dest=f"min_benchmark_{figure}",
                type=float,
                metavar="X",
                help=f"fail when a site's benchmark {figure} is under X (0 to 1)",
            )
        parser.add_argument(
            "--worst",
            type=int,
            default=0,
            metavar="N",
            help="list the N pages of lowest benchmark (shingle) F1",
        )

    def run(self, args: list[str], opts: argparse.Namespace) -> None:
        if len(args) < 2:
            raise UsageError("give the feed and at least one folder of expected records")
        from newscrawler.operations.scoring import (
            METRICS,
            benchmark_shortfalls,
            render_table,
            score,
            shingle_f1,
            shortfalls,
            worst_pages,
        )

        feed, *folders = map(Path, args)
        if not feed.is_file():
            raise UsageError(f"no feed at {feed}")
        try:
            pages = score(feed, folders)
        except ValueError as error:
            raise UsageError(str(error)) from None
        print(render_table(pages))
        if opts.worst > 0:
            print(f"\nworst {opts.worst} by benchmark F1:")
            for page in worst_pages(pages, opts.worst):
                print(f"{shingle_f1(page.shingles):.3f}  {page.site}/{page.name}")
        minimums = {
            metric: value
            for metric in METRICS
            if (value := getattr(opts, "min_" + metric)) is not None
        }
        benchmark_minimums = {
            figure: value
            for figure in BENCHMARK_FIGURES
            if (value := getattr(opts, f"min_benchmark_{figure}")) is not None
        }
        failures = shortfalls(pages, minimums) + benchmark_shortfalls(pages, benchmark_minimums)
        for failure in failures:
            print(failure, file=sys.stderr)
        self.exitcode = 1 if failures else 0
