"""Item pipelines: one normalization stage per module, in the order of ITEM_PIPELINES.

Each stage takes the ArticleItem a site spider yields and leaves other items alone.
A stage that finds the item is no article raises RejectedItem with a reason code. Any
other exception in any pipeline (a bug, or a page shape no one foresaw) becomes a
``parse_error`` reject naming where it was raised and the exception, by the item
processor below (ITEM_PROCESSOR): never a lost item, never a traceback per item.
"""

from __future__ import annotations

import traceback
from pathlib import Path
from typing import Any

from scrapy.crawler import Crawler
from scrapy.exceptions import DropItem
from scrapy.pipelines import ItemPipelineManager

# A detail quotes what the page said (a time, a URL, an exception's message), which a
# hostile page makes megabytes long: a log line and a rejects line stay readable.
MAX_DETAIL_CHARS = 1000


def bounded(detail: str, most: int = MAX_DETAIL_CHARS) -> str:
    """A reject's detail (or any text it quotes), cut to ``most`` characters, the note of
    its whole length included."""
    if len(detail) <= most:
        return detail
    note = f"… ({len(detail):,} characters in all)"
    return detail[: max(most - len(note), 0)] + note


class RejectedItem(DropItem):
    """A dropped item with a reason code (the stats key and the rejects feed's ``reason``)
    and a sentence saying what was wrong."""

    def __init__(self, reason: str, detail: str) -> None:
        detail = bounded(detail)
        super().__init__(f"{reason}: {detail}")
        self.reason = reason
        self.detail = detail


def error_detail(where: str, error: BaseException) -> str:
    """The rejects feed's detail of a ``parse_error``: where, and the exception."""
    name = type(error).__name__
    return bounded(f"{where} failed: {name}: {error} (a bug: please report it with this line)")


def parse_error(where: str, error: BaseException) -> RejectedItem:
    """The reject of a record that an exception stopped: one line in the log (ERROR, so
    that the crawl's monitors report it), not a traceback."""
    rejected = RejectedItem("parse_error", error_detail(where, error))
    rejected.log_level = "ERROR"
    return rejected


class Stage:
    """A pipeline stage built from the crawler, with access to the running spider's
    site conventions (time zone, URL rules) and the stats."""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Stage:
        return cls(crawler)


class RejectingPipelineManager(ItemPipelineManager):
    """Scrapy's item pipeline manager, with an exception in any pipeline turned into a
    ``parse_error`` reject: Scrapy would log a traceback per item and the item would
    reach neither the feed nor the rejects feed."""

    async def process_item_async(self, item: Any) -> Any:
        try:
            return await super().process_item_async(item)
        except DropItem:
            raise
        except Exception as error:
            raise parse_error(f"an item pipeline ({raised_at(error)})", error) from error


def raised_at(error: BaseException) -> str:
    """Where an exception was raised: file, line and function."""
    frames = traceback.extract_tb(error.__traceback__)
    if not frames:
        return "?"
    frame = frames[-1]
    return f"{Path(frame.filename).name}:{frame.lineno} in {frame.name}"
