"""`scrapy crawl`, with the spider's arguments checked before the crawl starts (a bad one
is a usage error saying what to do, not a traceback), and an exit status that is non-zero
when a monitor failed, so that cron and systemd notice a crawl that ran but went wrong."""

from __future__ import annotations

import argparse

from scrapy import signals
from scrapy.commands.crawl import Command as ScrapyCrawlCommand
from scrapy.crawler import Crawler
from scrapy.exceptions import UsageError
from scrapy.spiders import Spider

from newscrawler.arguments import ArgumentError


class Command(ScrapyCrawlCommand):
    def run(self, args: list[str], opts: argparse.Namespace) -> None:
        if len(args) == 1 and self.crawler_process is not None:
            try:
                spidercls = self.crawler_process.spider_loader.load(args[0])
            except KeyError:
                raise UsageError(
                    f"there is no spider {args[0]!r}: `scrapy list` names them", print_help=False
                ) from None
            try:
                spidercls(**opts.spargs)
            except ArgumentError as error:
                raise UsageError(str(error), print_help=False) from None
        super().run(args, opts)

    def _create_crawler(self, spidercls: type[Spider] | str) -> Crawler:
        crawler = super()._create_crawler(spidercls)
        crawler.signals.connect(self._exit_status_of_monitors, signal=signals.engine_stopped)
        return crawler

    def _exit_status_of_monitors(self, sender: Crawler) -> None:
        if sender.stats.get_value("newscrawler/monitors/failed", 0):
            self.exitcode = 1
