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


def summary_lines(stats: dict[str, Any]) -> list[str]:
    def count(name: str) -> int:
        return int(stats.get(name, 0))

    rejected = {k.removeprefix(REJECTED): v for k, v in stats.items() if k.startswith(REJECTED)}
    reasons = ", ".join(f"{reason} {n}" for reason, n in sorted(rejected.items())) or "none"
    failed = count("newscrawler/monitors/failed")
    passed = count("newscrawler/monitors/passed")
    verdict = f"{passed} passed, {failed} failed" if passed or failed else "not run"
    lines = [
        f"pages fetched: {count('response_received_count')}",
        f"records: {count('newscrawler/state/new')} new, "
        f"{count('newscrawler/state/updated')} updated, "
        f"{count('newscrawler/state/unchanged') + count('newscrawler/discovery/unchanged')} "
        "unchanged (not exported again), "
        f"{count('item_scraped_count')} exported",
        f"rejected: {count('newscrawler/rejected')} ({reasons})",
        f"retries: {count('retry/count')}, given up: {count('retry/max_reached')}; "
        f"errors: {count('log_count/ERROR')}",
        f"monitors: {verdict}",
    ]
    lines += [f"  FAILED {failure}" for failure in stats.get("newscrawler/monitors/failures", [])]
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
        log(
            "Crawl summary (%s):\n  %s", self.crawler.spider.name, "\n  ".join(summary_lines(stats))
        )
