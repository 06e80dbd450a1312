"""Item pipelines: one normalization stage per module, in the order of ITEM_PIPELINES.

Each stage takes the ArticleItem a site spider yields and leaves other items alone.
A stage that finds the item is no article raises RejectedItem with a reason code.
"""

from __future__ import annotations

from scrapy.crawler import Crawler
from scrapy.exceptions import DropItem


class RejectedItem(DropItem):
    """A dropped item with a reason code (the stats key and the rejects feed's ``reason``)
    and a sentence saying what was wrong."""

    def __init__(self, reason: str, detail: str) -> None:
        super().__init__(f"{reason}: {detail}")
        self.reason = reason
        self.detail = detail


class Stage:
    """A pipeline stage built from the crawler, with access to the running spider's
    site conventions (time zone, URL rules) and the stats."""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Stage:
        return cls(crawler)
