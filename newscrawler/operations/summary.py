"""A short readable summary at the end of every crawl: pages fetched, records new,
updated and unchanged, pages rejected by reason, retries and errors, and the monitors'
verdicts."""

from __future__ import annotations

import logging
from typing import Any

from scrapy import signals
from scrapy.crawler import Crawler

logger = logging.getLogger(__name__)

REJECTED = "newscrawler/rejected/"


def summary_lines(stats: dict[str, Any], state_kept: bool = True) -> list[str]:
    """The summary's lines. Without a crawl state (NEWSCRAWLER_STATE_FILE empty) no record
    is told new, updated or unchanged: the records line gives the count exported alone."""

    def count(name: str) -> int:
        return int(stats.get(name, 0))

    rejected = {k.removeprefix(REJECTED): v for k, v in stats.items() if k.startswith(REJECTED)}
    reasons = ", ".join(f"{reason} {n}" for reason, n in sorted(rejected.items())) or "none"
    verdicts = {
        verdict: count(f"newscrawler/monitors/{verdict}")
        for verdict in ("passed", "skipped", "failed")
    }
    ran = any(verdicts.values())
    exported = count("item_scraped_count")
    if state_kept:
        unchanged = count("newscrawler/state/unchanged") + count("newscrawler/discovery/unchanged")
        records = (
            f"records: {count('newscrawler/state/new')} new, "
            f"{count('newscrawler/state/updated')} updated, "
            f"{unchanged} unchanged (not exported again), {exported} exported"
        )
    else:
        records = f"records: {exported} exported (no crawl state kept: none told new or unchanged)"
    lines = [
        f"pages fetched: {count('response_received_count')}",
        records,
        f"rejected: {count('newscrawler/rejected')} ({reasons})",
        f"retries: {count('retry/count')}, given up: {count('retry/max_reached')}; "
        f"errors: {count('log_count/ERROR')}",
        "monitors: "
        + (", ".join(f"{n} {verdict}" for verdict, n in verdicts.items()) if ran else "not run"),
    ]
    lines += [f"  FAILED {failure}" for failure in stats.get("newscrawler/monitors/failures", [])]
    lines += [f"  skipped {skip}" for skip in stats.get("newscrawler/monitors/skips", [])]
    return lines


class CrawlSummary:
    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> CrawlSummary:
        extension = cls(crawler)
        # After spider_closed, when the monitors have run and the stats are final.
        crawler.signals.connect(extension.engine_stopped, signal=signals.engine_stopped)
        return extension

    def engine_stopped(self) -> None:
        stats = self.crawler.stats.get_stats()
        failed = stats.get("newscrawler/monitors/failed", 0)
        log = logger.error if failed else logger.info
        state_kept = bool(self.crawler.settings.get("NEWSCRAWLER_STATE_FILE"))
        lines = summary_lines(stats, state_kept)
        log("Crawl summary (%s):\n  %s", self.crawler.spider.name, "\n  ".join(lines))
