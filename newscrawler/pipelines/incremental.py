"""Incremental stage: with a crawl state kept, an article is exported only when it is new
or changed (a new version of a story, changed text, a new modification time), and the
record says which; unchanged ones are counted, not exported again."""

from __future__ import annotations

import hashlib
import json
import logging
from pathlib import Path
from typing import Any

from scrapy import signals
from scrapy.crawler import Crawler
from scrapy.exceptions import DropItem, NotConfigured
from scrapy_redis.connection import get_redis_from_settings

from newscrawler.delivery.state import ArticleState, CrawlState
from newscrawler.distributed.state import RedisCrawlState
from newscrawler.extraction.dates import utc_now_iso
from newscrawler.items import ArticleItem
from newscrawler.pipelines import Stage

logger = logging.getLogger(__name__)


class UnchangedArticle(DropItem):
    """Not a reject: the article is in an earlier run's feed as it is now."""

    def __init__(self, url: str) -> None:
        super().__init__(f"unchanged since the last export: {url}", log_level="DEBUG")


def content_hash(item: ArticleItem) -> str:
    """What a reader would call the article's text: headline, labels, note and body."""
    text = json.dumps([item.headline, item.labels, item.editor_note, item.body])
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


class IncrementalPipeline(Stage):
    def __init__(self, crawler: Crawler, state: CrawlState | RedisCrawlState) -> None:
        super().__init__(crawler)
        self.state = state
        self._exported: dict[str, ArticleState] = {}

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> IncrementalPipeline:
        settings = crawler.settings
        template = settings.get("NEWSCRAWLER_STATE_FILE")
        if not template:
            raise NotConfigured  # no state kept: every record is "new"
        if settings.get("NEWSCRAWLER_REDIS_URL"):  # shared by the workers of one crawl
            server = get_redis_from_settings(settings)
            state = RedisCrawlState(server, settings.get("NEWSCRAWLER_REDIS_PREFIX"))
        else:
            output_dir = settings.get("NEWSCRAWLER_OUTPUT_DIR")
            state = CrawlState(Path(template % {"output_dir": output_dir}))
        pipeline = cls(crawler, state)
        # Remembered only once every feed is closed, i.e. the records are safely written.
        crawler.signals.connect(pipeline.remember_exported, signal=signals.feed_exporter_closed)
        return pipeline

    def process_item(self, item: Any) -> Any:
        if not isinstance(item, ArticleItem):
            return item
        stats = self.crawler.stats
        refresh = getattr(self.crawler.spider, "refresh", False)
        digest = content_hash(item)
        known = self.state.get(item.url)
        unchanged = known and (known.content_hash, known.modified) == (digest, item.modified)
        if unchanged and not refresh:
            stats.inc_value("newscrawler/state/unchanged")
            raise UnchangedArticle(item.url)
        item.change = "updated" if known or self._newer_version_of_known_story(item) else "new"
        stats.inc_value(f"newscrawler/state/{item.change}")
        now = utc_now_iso()
        self._exported[item.url] = ArticleState(
            url=item.url,
            source=item.source or "",
            story_id=item.story_id,
            version=item.version,
            content_hash=digest,
            published=item.published,
            modified=item.modified,
            first_seen=known.first_seen if known else now,
            last_seen=now,
        )
        return item

    def _newer_version_of_known_story(self, item: ArticleItem) -> bool:
        if not item.story_id:
            return False
        latest = self.state.latest_version(item.source or "", item.story_id)
        return latest is not None and item.version > latest

    def remember_exported(self) -> None:
        """Sent after every feed is closed (and after the pipelines' close_spider)."""
        stats = self.crawler.stats
        failed = sum(v for k, v in stats.get_stats().items() if k.startswith("feedexport/failed"))
        if failed:
            logger.error(
                "%d feed(s) could not be stored: the crawl state keeps what it knew, and the "
                "next run exports this run's %d articles again",
                failed,
                len(self._exported),
            )
        else:
            self.state.save(list(self._exported.values()))
            stats.set_value("newscrawler/state/remembered", len(self._exported))
        self._exported.clear()
        self.state.close()
