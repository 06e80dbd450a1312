"""`scrapy crawl`, whose exit status is non-zero when a monitor failed, so that cron and
systemd notice a crawl that ran but went wrong."""

from __future__ import annotations

from scrapy import signals
from scrapy.commands.crawl import Command as ScrapyCrawlCommand
from scrapy.crawler import Crawler
from scrapy.spiders import Spider


class Command(ScrapyCrawlCommand):
    def _create_crawler(self, spidercls: type[Spider] | str) -> Crawler:
        crawler = super()._create_crawler(spidercls)
        crawler.signals.connect(self._exit_status_of_monitors, signal=signals.engine_stopped)
        return crawler

    def _exit_status_of_monitors(self, sender: Crawler) -> None:
        if sender.stats.get_value("newscrawler/monitors/failed", 0):
            self.exitcode = 1
