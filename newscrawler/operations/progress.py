"""A progress line every NEWSCRAWLER_PROGRESS_INTERVAL seconds, for a person watching a
long crawl (in place of Scrapy's LogStats line):

    Progress: 1,240 pages fetched (41/min); articles 1,180 of 3,000; records 950 new,
    12 updated, 218 unchanged; 20 rejected; 1,820 queued; about 44 min left

The total, and with it the estimate of the end, is known when the crawl follows no
related headlines: the article URLs given, or the articles the site's feed or sitemaps
listed that are to be fetched (not off the site, out of range or known unchanged).
"""

from __future__ import annotations

import logging
import time
from typing import Any

from scrapy import signals
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured
from scrapy.utils.asyncio import create_looping_call

logger = logging.getLogger(__name__)

HOP_PAGES = "newscrawler/pages/hop_"
# Articles a listing named that the crawl does not fetch.
NOT_FETCHED = ("offsite", "out_of_range", "unchanged")


def articles_expected(stats: dict[str, Any], spider: Any) -> int | None:
    """How many article pages the crawl will fetch in all, where that is known."""
    if getattr(spider, "hops", 0):
        return None  # each article fetched may lead to more
    if given := getattr(spider, "article_urls", None):
        return len(given)
    listed = stats.get("newscrawler/discovery/listed", 0) - sum(
        stats.get(f"newscrawler/discovery/{reason}", 0) for reason in NOT_FETCHED
    )
    return listed or None


def progress_line(
    stats: dict[str, Any], expected: int | None, queued: int | None, minutes: float
) -> str:
    def count(name: str) -> int:
        return int(stats.get(name, 0))

    pages = count("response_received_count")
    articles = sum(int(value) for name, value in stats.items() if name.startswith(HOP_PAGES))
    unchanged = count("newscrawler/state/unchanged") + count("newscrawler/discovery/unchanged")
    parts = [
        f"{pages:,} pages fetched ({pages / minutes:,.0f}/min)"
        if minutes
        else f"{pages:,} pages fetched",
        f"articles {articles:,}" + (f" of {expected:,}" if expected else ""),
        f"records {count('newscrawler/state/new'):,} new, "
        f"{count('newscrawler/state/updated'):,} updated, {unchanged:,} unchanged",
        f"{count('newscrawler/rejected'):,} rejected",
    ]
    if queued is not None:
        parts.append(f"{queued:,} queued")
    if expected and articles and minutes:
        left = max(expected - articles, 0) * minutes / articles
        parts.append(f"about {left:,.0f} min left" if left >= 1 else "less than a minute left")
    return "Progress: " + "; ".join(parts)


class CrawlProgress:
    def __init__(self, crawler: Crawler, interval: float) -> None:
        self.crawler = crawler
        self.interval = interval
        self.task: Any = None
        self.started = time.monotonic()

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> CrawlProgress:
        interval = crawler.settings.getfloat("NEWSCRAWLER_PROGRESS_INTERVAL")
        if not interval:
            raise NotConfigured
        extension = cls(crawler, interval)
        crawler.signals.connect(extension.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(extension.spider_closed, signal=signals.spider_closed)
        return extension

    def spider_opened(self) -> None:
        self.started = time.monotonic()
        self.task = create_looping_call(self.log)
        self.task.start(self.interval, now=False)

    def spider_closed(self) -> None:
        if self.task and self.task.running:
            self.task.stop()

    def log(self) -> None:
        stats = self.crawler.stats.get_stats()
        minutes = (time.monotonic() - self.started) / 60
        expected = articles_expected(stats, self.crawler.spider)
        logger.info("%s", progress_line(stats, expected, self._queued(), minutes))

    def _queued(self) -> int | None:
        """Requests waiting in the scheduler and in the downloader."""
        engine = self.crawler.engine
        try:
            waiting = len(engine.scheduler)  # type: ignore[arg-type]
        except TypeError:  # a scheduler that cannot count its queue
            return None
        return waiting + len(engine.downloader.active)
