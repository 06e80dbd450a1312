"""Dates stage: publication and modification times to ISO 8601 with the site's offset."""

from __future__ import annotations

import logging
from datetime import UTC, datetime, timedelta
from typing import Any

from newscrawler.extraction.dates import EARLIEST_YEAR, page_time
from newscrawler.items import ArticleItem
from newscrawler.pipelines import RejectedItem, Stage, bounded

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
                    f"the publication time {item.published!r} is not a date this crawler reads, "
                    f"or is before {EARLIEST_YEAR} (a placeholder such as the Unix epoch); the "
                    f"site's markup may have changed",
                )
            item.published = published
            self._reject_future(item)
        if item.modified:
            modified = page_time(item.modified, timezone, language)
            if modified is None:
                self._report(
                    "unparsable_modified",
                    f"{item.url}: modification time {item.modified!r} is not a date; the "
                    f"record gives none",
                )
            item.modified = modified and self._modified_in_range(item, modified)
        return item

    def _modified_in_range(self, item: ArticleItem, modified: str) -> str | None:
        """A modification time within [published, fetched] (a day's slack after the fetch,
        as for publication), else None: a page cannot be changed before it was published,
        nor after it was fetched."""
        fetched = _aware(item.fetched_at) if item.fetched_at else datetime.now(UTC)
        if item.published and _earlier(modified, item.published):
            problem = f"before the publication time {item.published}"
        elif _aware(modified) > fetched + FUTURE_SLACK:
            problem = f"after the page was fetched ({item.fetched_at or 'now'})"
        else:
            return modified
        self._report(
            "modified_out_of_range",
            f"{item.url}: modification time {modified} is {problem}; the record gives none",
        )
        return None

    def _report(self, problem: str, message: str) -> None:
        """Counted for every page; a warning for the first page with the problem in a run,
        the rest at DEBUG: a site that prints a placeholder on every page would otherwise
        log a warning per page."""
        stat = f"newscrawler/dates/{problem}"
        message = bounded(message)  # it quotes the page's time, of any length
        stats = self.crawler.stats
        stats.inc_value(stat)
        if stats.get_value(stat) == 1:
            logger.warning(
                "%s (further pages with this problem are logged at DEBUG and counted in the "
                "stat %s)",
                message,
                stat,
            )
        else:
            logger.debug(message)

    def _reject_future(self, item: ArticleItem) -> None:
        """A publication time after the page was fetched (beyond a day's slack for time
        zones and approximate capture times) is a broken page, not news from the future."""
        fetched = _aware(item.fetched_at) if item.fetched_at else datetime.now(UTC)
        if _aware(item.published) > fetched + FUTURE_SLACK:
            raise RejectedItem(
                "future_published",
                f"the page says it was published {item.published}, after it was fetched "
                f"({item.fetched_at or 'now'}): its date is wrong",
            )


def _aware(value: str) -> datetime:
    """An ISO time of the record as a datetime; a bare day is taken at 00:00 UTC."""
    parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def _earlier(first: str, second: str) -> bool:
    """Whether one time of the record is before another; by the day when either is a
    bare day (no time of day is made up)."""
    if "T" not in first or "T" not in second:
        return _aware(first).date() < _aware(second).date()
    return _aware(first) < _aware(second)
