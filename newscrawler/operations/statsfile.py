"""With NEWSCRAWLER_STATS_FILE set, the crawl's stats are written there as one JSON object
when it has ended, for the scheduler or monitor that runs the crawl."""

from __future__ import annotations

import json
from pathlib import Path

from scrapy import signals
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured


class StatsFile:
    def __init__(self, crawler: Crawler, path: Path) -> None:
        self.crawler = crawler
        self.path = path

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> StatsFile:
        path = crawler.settings.get("NEWSCRAWLER_STATS_FILE")
        if not path:
            raise NotConfigured  # off unless asked for: no warning in every log
        extension = cls(crawler, Path(path))
        # After spider_closed, when the monitors have run and the stats are final.
        crawler.signals.connect(extension.engine_stopped, signal=signals.engine_stopped)
        return extension

    def engine_stopped(self) -> None:
        stats = self.crawler.stats.get_stats()
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.path.write_text(json.dumps(stats, default=str, indent=1, sort_keys=True), "utf-8")
