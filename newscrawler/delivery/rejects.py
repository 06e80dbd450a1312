"""The rejects feed: every page that does not become a record, with the reason, counted in
the stats under ``newscrawler/rejected/<reason>`` and written as a JSON line, so that no
page vanishes silently and each can be found again."""

from __future__ import annotations

import json
import logging
from datetime import UTC, datetime
from pathlib import Path
from typing import IO, Any

from itemadapter import ItemAdapter, is_item
from scrapy import Request, signals
from scrapy.crawler import Crawler
from scrapy.exceptions import DropItem
from scrapy.http import Response
from twisted.python.failure import Failure

from newscrawler.delivery.run import CrawlRun, PartFile
from newscrawler.pipelines import RejectedItem, bounded, error_detail
from newscrawler.pipelines.incremental import UnchangedArticle
from newscrawler.pipelines.validation import URL_CHARS, within_bounds
from newscrawler.signals import page_rejected
from newscrawler.spiders.base import URL_META

logger = logging.getLogger(__name__)


class RejectsFeed:
    """Written through the run's delivery (newscrawler.delivery.run) like a feed: a
    ``.part`` file moved into place when the run commits, so that a write error fails the
    run (one message, state not advanced) instead of losing rejects silently."""

    def __init__(self, crawler: Crawler, run: CrawlRun, path: Path) -> None:
        self.crawler = crawler
        self.run = run
        self.path = path
        self._part: PartFile | None = None
        run.expect_output(path)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> RejectsFeed:
        run = CrawlRun.from_crawler(crawler)
        path = Path(
            crawler.settings.get("NEWSCRAWLER_REJECTS_FILE")
            % {
                "output_dir": crawler.settings.get("NEWSCRAWLER_OUTPUT_DIR"),
                "name": crawler.spidercls.name,
                "time": run.started.isoformat().replace(":", "-"),
                "run": run.run_id,
            }
        )
        extension = cls(crawler, run, path)
        crawler.signals.connect(extension.item_dropped, signal=signals.item_dropped)
        crawler.signals.connect(extension.spider_error, signal=signals.spider_error)
        crawler.signals.connect(extension.item_error, signal=signals.item_error)
        crawler.signals.connect(extension.page_rejected, signal=page_rejected)
        crawler.signals.connect(extension.request_dropped, signal=signals.request_dropped)
        crawler.signals.connect(extension.spider_closed, signal=signals.spider_closed)
        return extension

    def item_dropped(self, item: Any, response: Response | None, exception: DropItem) -> None:
        if isinstance(exception, UnchangedArticle):
            return  # exported by an earlier run: not a reject
        reason = exception.reason if isinstance(exception, RejectedItem) else "dropped"
        detail = exception.detail if isinstance(exception, RejectedItem) else str(exception)
        url, record = _url_and_record(item, response)
        self.reject(url, reason, detail, record)

    def spider_error(self, failure: Failure, response: Response) -> None:
        detail = f"{failure.type.__name__}: {failure.value} (a bug in the spider: please report it)"
        self.reject(response.url, "parse_error", detail)

    def item_error(self, item: Any, response: Response | None, failure: Failure) -> None:
        """An exception in a pipeline that is no stage of ours (which turn theirs into
        parse_error rejects themselves): the item is lost to the feed, not to the user."""
        detail = error_detail("an item pipeline", failure.value)
        url, record = _url_and_record(item, response)
        self.reject(url, "parse_error", detail, record)

    def request_dropped(self, request: Request) -> None:
        """A redirect to a page the crawl already has is dropped by the duplicate filter:
        the page asked for did not become a record of its own."""
        if hops := request.meta.get("redirect_urls"):
            detail = f"redirects to {request.url}, a page this crawl already has"
            self.reject(request.meta.get(URL_META, hops[0]), "duplicate", detail)

    def page_rejected(self, url: str, reason: str, detail: str, record: Any = None) -> None:
        self.reject(url, reason, detail, record)

    def reject(self, url: str | None, reason: str, detail: str, record: Any = None) -> None:
        stats = self.crawler.stats
        stats.inc_value("newscrawler/rejected")
        stats.inc_value(f"newscrawler/rejected/{reason}")
        cut: list[str] = []
        if isinstance(record, dict):
            record, cut = within_bounds(record)
        line = {
            "url": bounded(url, URL_CHARS) if url else url,
            "source": self.crawler.spider.name,
            "reason": reason,
            "detail": bounded(detail),
            "rejected_at": datetime.now(UTC).replace(microsecond=0).isoformat(),
            "record": record,
            "cut": cut,
        }
        # A lone surrogate (an undecodable byte kept by a page's text) is no UTF-8: replaced,
        # so that the line is written rather than the reject lost.
        text = json.dumps(line, ensure_ascii=False) + "\n"
        self._open().write(text.encode("utf-8", errors="replace"))

    def _open(self) -> IO[bytes]:
        # Opened on the first reject: a crawl with none leaves no empty file behind.
        if self._part is None:
            self._part = self.run.open_part(self.path, append=True)
            logger.info("Rejected pages are written to %s", self.path)
        return self._part.file

    def spider_closed(self) -> None:
        if self._part is not None:
            logger.warning(
                "%d page(s) did not become records; see %s",
                self.crawler.stats.get_value("newscrawler/rejected", 0),
                self.path,
            )


def _url_and_record(item: Any, response: Response | None) -> tuple[str | None, Any]:
    """A dropped item's URL (its own, else the page's) and the partial record."""
    record = ItemAdapter(item).asdict() if is_item(item) else None
    url = (record or {}).get("url") or (response.url if response is not None else None)
    return url, record
