"""Dates stage: publication and modification times to ISO 8601 with the site's offset."""

from __future__ import annotations

import logging
from typing import Any

from newscrawler.dates import page_time
from newscrawler.items import ArticleItem
from newscrawler.pipelines import RejectedItem, Stage

logger = logging.getLogger(__name__)


class DatesPipeline(Stage):
    def process_item(self, item: Any) -> Any:
        if not isinstance(item, ArticleItem):
            return item
        timezone = self.crawler.spider.timezone
        language = item.language or self.crawler.spider.language
        if item.published:
            published = page_time(item.published, timezone, language)
            if published is None:
                raise RejectedItem(
                    "unparsable_published",
                    f"the publication time {item.published!r} is not a date this crawler reads; "
                    f"the site's markup may have changed",
                )
            item.published = published
        if item.modified:
            modified = page_time(item.modified, timezone, language)
            if modified is None:
                self.crawler.stats.inc_value("newscrawler/dates/unparsable_modified")
                logger.warning(
                    "%s: modification time %r is not a date; the record gives none",
                    item.url,
                    item.modified,
                )
            item.modified = modified
        return item
