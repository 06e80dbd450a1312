"""`scrapy crawl`, with the spider's arguments and the replay store checked before the
crawl starts (a bad one is a usage error saying what to do, not a traceback), the default
feed when -o/-O and FEEDS name none, the crawl state's lock taken before anything else,
and an exit status cron and systemd can act on:

- 0: the crawl ran and delivered;
- 1: a monitor failed, or the run could not deliver (a feed, the rejects file or the
  state could not be written, the state is damaged): the summary or one error says why;
- 2: a usage error (a bad argument or option);
- 75 (EX_TEMPFAIL): another run holds the crawl state's lock; this run did nothing."""

from __future__ import annotations

import argparse
import logging
from typing import Any

from scrapy.commands import ScrapyHelpFormatter
from scrapy.commands.crawl import Command as ScrapyCrawlCommand
from scrapy.crawler import Crawler
from scrapy.exceptions import UsageError
from scrapy.spiderloader import get_spider_loader
from scrapy.spiders import Spider
from scrapy.utils.project import get_project_settings

from newscrawler.archives.sources import open_replay
from newscrawler.arguments import ArgumentError, spider_arguments
from newscrawler.delivery.lock import LockHeld, RunLock
from newscrawler.delivery.run import lock_path
from newscrawler.network.replay import ReplayStoreError

logger = logging.getLogger(__name__)

EXIT_FAILED = 1
EXIT_LOCK_HELD = 75


# Where the description lists the spiders' arguments. Scrapy builds every command's parser,
# description included, on every run: the list (every spider module loaded) is made only
# when the help is shown.
SPIDER_ARGUMENTS = "{spider arguments}"


class KeepLinesHelpFormatter(ScrapyHelpFormatter):
    """Scrapy's help, with the description's lines kept (the spiders' argument lists)."""

    def _fill_text(self, text: str, width: int, indent: str) -> str:
        if SPIDER_ARGUMENTS in text:
            loader = get_spider_loader(get_project_settings())
            listed = spider_arguments(loader.load(name) for name in loader.list())
            text = text.replace(SPIDER_ARGUMENTS, listed)
        return "".join(indent + line for line in text.splitlines(keepends=True))


class Command(ScrapyCrawlCommand):
    _crawler: Crawler | None = None

    def long_desc(self) -> str:
        return f"{self.short_desc()}.\n\nSpider arguments (-a NAME=VALUE):\n\n{SPIDER_ARGUMENTS}\n"

    def add_options(self, parser: argparse.ArgumentParser) -> None:
        super().add_options(parser)
        parser.formatter_class = KeepLinesHelpFormatter

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
                raise self._usage_error(
                    f"there is no spider {args[0]!r}: `scrapy list` names them"
                ) from None
            try:
                spidercls(**opts.spargs)
            except ArgumentError as error:
                raise self._usage_error(str(error)) from None
            if replay_dir := self.settings.get("REPLAY_DIR"):
                try:
                    open_replay(replay_dir)
                except ReplayStoreError as error:
                    raise self._usage_error(str(error)) from None
        # Taken here, before the crawler starts, so that a run that finds the state in
        # use says so in one line and runs no monitors; the crawl's run finds it held.
        if self.settings is not None and (path := lock_path(self.settings)):
            try:
                RunLock.acquire(path, self.settings.getfloat("NEWSCRAWLER_LOCK_WAIT"))
            except LockHeld as error:
                logger.warning("%s", error)
                self.exitcode = EXIT_LOCK_HELD
                return
            except OSError:
                pass  # the run reports an unwritable state with the other outputs
        super().run(args, opts)
        if self._crawler is not None and _failed(self._crawler.stats.get_stats()):
            self.exitcode = EXIT_FAILED

    def _usage_error(self, message: str) -> UsageError:
        """A usage error (exit status 2). With a LOG_FILE, as under Scrapyd, whose job log
        it is, the message is logged there too, not only printed on standard error."""
        if self.settings.get("LOG_FILE"):
            logger.error("%s", message)
        return UsageError(message, print_help=False)

    def _create_crawler(self, spidercls: type[Spider] | str) -> Crawler:
        self._crawler: Crawler | None = super()._create_crawler(spidercls)
        return self._crawler


def _failed(stats: dict[str, Any]) -> bool:
    return bool(
        stats.get("newscrawler/monitors/failed") or stats.get("newscrawler/delivery/failed")
    )
