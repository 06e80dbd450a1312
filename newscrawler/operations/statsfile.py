"""The crawl's stats, written as one JSON object when it has ended, to
NEWSCRAWLER_STATS_FILE (by default a file per spider and run beside its feed), for the
scheduler or monitor that runs the crawl and for `scrapy report`."""

from __future__ import annotations

import json
from pathlib import Path

from scrapy import signals
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured

from newscrawler.delivery.run import CrawlRun

SPIDER_STAT = "newscrawler/spider"


class StatsFile:
    def __init__(self, crawler: Crawler, path: Path) -> None:
        self.crawler = crawler
        self.path = path

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> StatsFile:
        template = crawler.settings.get("NEWSCRAWLER_STATS_FILE")
        if not template:
            raise NotConfigured
        run = CrawlRun.from_crawler(crawler)
        path = Path(
            template
            % {
                "output_dir": crawler.settings.get("NEWSCRAWLER_OUTPUT_DIR"),
                "name": crawler.spidercls.name,
                "run": run.run_id,
            }
        )
        extension = cls(crawler, path)
        # After spider_closed, when the monitors have run and the stats are final.
        crawler.signals.connect(extension.engine_stopped, signal=signals.engine_stopped)
        return extension

    def engine_stopped(self) -> None:
        self.crawler.stats.set_value(SPIDER_STAT, self.crawler.spidercls.name)
        stats = self.crawler.stats.get_stats()
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.path.write_text(json.dumps(stats, default=str, indent=1, sort_keys=True), "utf-8")
