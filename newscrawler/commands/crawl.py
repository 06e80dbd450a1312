"""`scrapy crawl`, with the spider's arguments and the replay store checked before the
crawl starts (a bad one is a usage error saying what to do, not a traceback), the default
feed when -o/-O and FEEDS name none, and an exit status that is non-zero when a monitor
failed, so that cron and systemd notice a crawl that ran but went wrong."""

from __future__ import annotations

import argparse

from scrapy import signals
from scrapy.commands.crawl import Command as ScrapyCrawlCommand
from scrapy.crawler import Crawler
from scrapy.exceptions import UsageError
from scrapy.spiders import Spider

from newscrawler.archives.sources import open_replay
from newscrawler.arguments import ArgumentError
from newscrawler.network.replay import ReplayStoreError


class Command(ScrapyCrawlCommand):
    def process_options(self, args: list[str], opts: argparse.Namespace) -> None:
        super().process_options(args, opts)
        # Here, not in the spider: `scrapy parse`, `shell` and `fetch` write no feed.
        # Not in FEEDS itself: Scrapy merges -o/-O into FEEDS, and a user who names a file
        # expects that file alone.
        if not self.settings.getdict("FEEDS"):
            default_feed = self.settings.get("NEWSCRAWLER_DEFAULT_FEED")
            self.settings.set("FEEDS", {default_feed: {"format": "jsonlines"}}, "command")

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
            if replay_dir := self.settings.get("REPLAY_DIR"):
                try:
                    open_replay(replay_dir)
                except ReplayStoreError as error:
                    raise UsageError(str(error), print_help=False) from None
        super().run(args, opts)

    def _create_crawler(self, spidercls: type[Spider] | str) -> Crawler:
        crawler = super()._create_crawler(spidercls)
        crawler.signals.connect(self._exit_status_of_monitors, signal=signals.engine_stopped)
        return crawler

    def _exit_status_of_monitors(self, sender: Crawler) -> None:
        if sender.stats.get_value("newscrawler/monitors/failed", 0):
            self.exitcode = 1
