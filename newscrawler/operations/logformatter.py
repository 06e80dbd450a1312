"""Log lines about records that name the record, never print it whole: a record is in the
feed already, and a crawl's log stays a log (LOG_FORMATTER)."""

from __future__ import annotations

from typing import Any

from itemadapter import ItemAdapter, is_item
from scrapy.http import Response
from scrapy.logformatter import LogFormatter, LogFormatterResult
from scrapy.spiders import Spider
from twisted.python.failure import Failure

HEADLINE_CHARS = 80  # enough to tell a record at a glance


def record_name(item: Any) -> str:
    """A record in a few words: its URL and the start of its headline."""
    if not is_item(item):
        return type(item).__name__
    record = ItemAdapter(item)
    headline = str(record.get("headline") or "")
    if len(headline) > HEADLINE_CHARS:
        headline = headline[: HEADLINE_CHARS - 1] + "…"
    return f"{record.get('url')} ({headline!r})"


class ExportedRecord:
    """A record's name and change in its "Exported" line, worked out when the line is
    written: the line is DEBUG, which a crawl at INFO never writes."""

    __slots__ = ("item",)

    def __init__(self, item: Any) -> None:
        self.item = item

    def __str__(self) -> str:
        change = ItemAdapter(self.item).get("change") if is_item(self.item) else None
        return record_name(self.item) + (f" [{change}]" if change else "")


class RecordLogFormatter(LogFormatter):
    def scraped(
        self, item: Any, response: Response | Failure | None, spider: Spider
    ) -> LogFormatterResult:
        result = super().scraped(item, response, spider)
        result["msg"] = "Exported %(record)s"
        result["args"] = {"record": ExportedRecord(item)}
        return result

    def dropped(
        self,
        item: Any,
        exception: BaseException,
        response: Response | Failure | None,
        spider: Spider,
    ) -> LogFormatterResult:
        result = super().dropped(item, exception, response, spider)
        result["msg"] = "Dropped %(record)s: %(exception)s"
        result["args"] = {"record": record_name(item), "exception": exception}
        return result

    def item_error(
        self,
        item: Any,
        exception: BaseException,
        response: Response | Failure | None,
        spider: Spider,
    ) -> LogFormatterResult:
        result = super().item_error(item, exception, response, spider)
        result["msg"] = "Error processing %(record)s"
        result["args"] = {"record": record_name(item)}
        return result
