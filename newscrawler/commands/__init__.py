"""Scrapy commands of this project (COMMANDS_MODULE): `scrapy <name>`."""

from __future__ import annotations

import argparse
from typing import Any

from scrapy.settings import BaseSettings

# What a crawl does beside fetching and parsing that a look at a page (`scrapy parse`,
# `shell`, `fetch`, `view`) must not: remember articles in the crawl state (and so hide
# them from the next crawl), judge a crawl with monitors, summarize it, write its stats.
# Rejected pages are still written to the rejects feed: it says why a page gave no record.
_NOT_IN_A_LOOK = (
    "newscrawler.operations.statsfile.StatsFile",
    "newscrawler.operations.summary.CrawlSummary",
    "newscrawler.operations.progress.CrawlProgress",
)


def as_a_look(settings: BaseSettings) -> None:
    """Settings of a command that fetches a page to look at, not to crawl."""
    settings.set("NEWSCRAWLER_STATE_FILE", "", priority="cmdline")
    settings.set("SPIDERMON_ENABLED", False, priority="cmdline")
    extensions = settings.getdict("EXTENSIONS")
    extensions.update(dict.fromkeys(_NOT_IN_A_LOOK))
    settings.set("EXTENSIONS", extensions, priority="cmdline")


class LookCommand:
    """A Scrapy command that looks at pages (mixed in before the Scrapy command)."""

    settings: Any

    def process_options(self, args: list[str], opts: argparse.Namespace) -> None:
        super().process_options(args, opts)  # type: ignore[misc]
        as_a_look(self.settings)
