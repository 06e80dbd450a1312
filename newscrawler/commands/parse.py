"""`scrapy parse`, as Scrapy's, showing records as a crawl exports them: the spider's
items are passed through the item pipelines (normalized text, dateline, labels, dates),
with `--raw` the spider's items as it yields them. A page that does not become a record
is logged with its reason. Nothing a crawl keeps is touched: see
newscrawler.commands.as_a_look."""

from __future__ import annotations

import argparse
import logging
from typing import Any

from scrapy.commands.parse import Command as ScrapyParseCommand
from scrapy.exceptions import DropItem
from scrapy.http import Request
from scrapy.spiders import Spider
from scrapy.utils.defer import deferred_from_coro
from twisted.internet.defer import Deferred

from newscrawler.commands import LookCommand
from newscrawler.operations.logformatter import record_name

logger = logging.getLogger(__name__)


class Command(LookCommand, ScrapyParseCommand):
    def add_options(self, parser: argparse.ArgumentParser) -> None:
        super().add_options(parser)
        parser.add_argument(
            "--raw",
            action="store_true",
            help="show the spider's items as it yields them, before the item pipelines",
        )

    def process_options(self, args: list[str], opts: argparse.Namespace) -> None:
        super().process_options(args, opts)
        # The pipelines always run here unless --raw; --pipelines is kept for Scrapy users.
        self.records = not opts.raw
        opts.pipelines = False

    def scraped_data(
        self, args: tuple[list[Any], list[Request], argparse.Namespace, int, Spider, Any]
    ) -> Deferred[list[Any]] | list[Any]:
        items, *rest = args
        if not self.records or not items:
            return super().scraped_data(args)
        show = super().scraped_data
        return deferred_from_coro(self._records(items)).addCallback(
            lambda records: show((records, *rest))
        )

    async def _records(self, items: list[Any]) -> list[Any]:
        itemproc = self.pcrawler.engine.scraper.itemproc
        records = []
        for item in items:
            try:
                records.append(await itemproc.process_item_async(item))
            except DropItem as dropped:
                logger.warning("%s is not a record: %s", record_name(item), dropped)
        return records
