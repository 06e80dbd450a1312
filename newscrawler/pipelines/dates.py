"""Dates stage: publication and modification times to ISO 8601 with the site's offset."""

from __future__ import annotations

import logging
from datetime import UTC, datetime, timedelta
from typing import Any

from newscrawler.extraction.dates import page_time
from newscrawler.items import ArticleItem
from newscrawler.pipelines import RejectedItem, Stage

logger = logging.getLogger(__name__)

FUTURE_SLACK = timedelta(days=1)


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
            self._reject_future(item)
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

    def _reject_future(self, item: ArticleItem) -> None:
        """A publication time after the page was fetched (beyond a day's slack for time
        zones and approximate capture times) is a broken page, not news from the future."""
        fetched = datetime.fromisoformat(item.fetched_at) if item.fetched_at else datetime.now(UTC)
        published = datetime.fromisoformat(item.published)
        if published.tzinfo is None:  # a bare day
            published = published.replace(tzinfo=UTC)
        if published > fetched + FUTURE_SLACK:
            raise RejectedItem(
                "future_published",
                f"the page says it was published {item.published}, after it was fetched "
                f"({item.fetched_at or 'now'}): its date is wrong",
            )
