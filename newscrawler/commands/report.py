"""`scrapy report [-o report.html] [--last N]`: the HTML run report of the last runs
(newscrawler.operations.report), from the stats files under NEWSCRAWLER_OUTPUT_DIR and
the crawl state."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any, ClassVar

from scrapy.commands import ScrapyCommand
from scrapy.exceptions import UsageError


class Command(ScrapyCommand):
    requires_project = True
    requires_crawler_process = False
    default_settings: ClassVar[dict[str, Any]] = {"LOG_ENABLED": False}

    def syntax(self) -> str:
        return "[options]"

    def short_desc(self) -> str:
        return "Write an HTML report of the last crawls: records, rejects, fallbacks"

    def long_desc(self) -> str:
        return (
            "Writes one self-contained HTML file (no script, nothing fetched) charting the last "
            "runs, from the stats file each run leaves under NEWSCRAWLER_OUTPUT_DIR "
            "(NEWSCRAWLER_STATS_FILE) and the crawl state (NEWSCRAWLER_STATE_FILE): articles by "
            "hour of publication, new/updated/unchanged records per run, rejects by reason per "
            "run, fields from structured data per run."
        )

    def add_options(self, parser: argparse.ArgumentParser) -> None:
        super().add_options(parser)
        parser.add_argument(
            "-o", "--output", metavar="FILE", default="report.html", help="where to write it"
        )
        parser.add_argument("--last", metavar="N", type=int, default=30, help="how many runs (30)")

    def run(self, args: list[str], opts: argparse.Namespace) -> None:
        if args:
            raise UsageError("scrapy report takes options only")
        if opts.last < 1:
            raise UsageError(f"--last {opts.last}: give 1 or more runs")
        # Here, not at the top: Scrapy imports every command module on every run, and the
        # charting library is 0.1 s of a crawl's start-up.
        from newscrawler.operations.report import articles_by_hour, read_runs, write_report

        output_dir = self.settings.get("NEWSCRAWLER_OUTPUT_DIR")
        state = self.settings.get("NEWSCRAWLER_STATE_FILE") or ""
        runs = read_runs(Path(output_dir), opts.last)
        hours = articles_by_hour(Path(state % {"output_dir": output_dir})) if state else {}
        write_report(Path(opts.output), runs, hours)
        print(f"{opts.output}: {len(runs)} runs, {sum(map(sum, hours.values()))} articles")
