"""Discovery once, crawling by all: only the worker that seeds the crawl sends its spider's
start requests (feeds, sitemaps, listings, -a url=); the others take their work from the
queue alone. A worker that joins waits until the seeder has sent all of its start requests
(taking the seeder's place if it dies before), so that no worker takes an empty queue for
the end of a crawl that has not begun."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from typing import Any

from scrapy.crawler import Crawler
from scrapy.utils.asyncio import sleep

from newscrawler.distributed.scheduler import HEARTBEAT_SECONDS

logger = logging.getLogger(__name__)


class SeedOnce:
    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> SeedOnce:
        return cls(crawler)

    async def process_start(self, start: AsyncIterator[Any]) -> AsyncIterator[Any]:
        # Run when the engine asks for the first start request, after the scheduler has
        # joined the crawl; the worker takes requests from the queue meanwhile.
        scheduler = self.crawler.engine.scheduler
        if not scheduler.joined:
            return  # Redis could not be reached: the spider closes
        while not scheduler.seeds:
            status = scheduler.frontier.seeding()
            if status == "seeded":
                return
            if status == "seed":
                logger.warning("The seeding worker died before it was done: this one seeds")
                scheduler.seeds = True
                break
            await sleep(HEARTBEAT_SECONDS)
        async for request_or_item in start:
            yield request_or_item
        scheduler.frontier.seeding(done=True)
