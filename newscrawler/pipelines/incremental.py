"""Incremental stage: with a crawl state kept, an article is exported only when it is new
or changed (a new version of a story, changed text, a new modification time), and the
record says which; unchanged ones are counted, not exported again."""

from __future__ import annotations

import hashlib
import json
from typing import TYPE_CHECKING, Any

from scrapy import signals
from scrapy.crawler import Crawler
from scrapy.exceptions import DropItem, NotConfigured

from newscrawler.delivery.run import CrawlRun
from newscrawler.delivery.state import ArticleState, CrawlState

if TYPE_CHECKING:
    from newscrawler.distributed.state import RedisCrawlState
from newscrawler.extraction.dates import utc_now_iso
from newscrawler.items import ArticleItem
from newscrawler.pipelines import Stage


class UnchangedArticle(DropItem):
    """Not a reject: the article is in an earlier run's feed as it is now."""

    def __init__(self, url: str) -> None:
        super().__init__(f"unchanged since the last export: {url}", log_level="DEBUG")


def content_hash(item: ArticleItem) -> str:
    """What a reader would call the article's text: headline, labels, note and body."""
    return text_hash(item.headline, item.labels, item.editor_note, item.body)


def text_hash(headline: Any, labels: Any, editor_note: Any, body: Any) -> str:
    """content_hash of a record read back from a feed, too (`scrapy state rebuild`)."""
    text = json.dumps([headline, labels, editor_note, body])
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


class IncrementalPipeline(Stage):
    def __init__(self, crawler: Crawler, run: CrawlRun) -> None:
        super().__init__(crawler)
        self.run = run
        # Articles passed on to the feeds, remembered by the run once a feed holds them.
        self._passed: dict[str, ArticleState] = {}

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> IncrementalPipeline:
        if not crawler.settings.get("NEWSCRAWLER_STATE_FILE"):
            raise NotConfigured  # no state kept: every record is "new"
        pipeline = cls(crawler, CrawlRun.from_crawler(crawler))
        crawler.signals.connect(pipeline.item_scraped, signal=signals.item_scraped)
        # A record a later stage drops or fails on reaches no feed: forget it.
        crawler.signals.connect(pipeline.item_not_delivered, signal=signals.item_dropped)
        crawler.signals.connect(pipeline.item_not_delivered, signal=signals.item_error)
        return pipeline

    @property
    def state(self) -> CrawlState | RedisCrawlState | None:
        """None when the run could not open it (the run then stops before any request)."""
        return self.run.state

    def process_item(self, item: Any) -> Any:
        if not isinstance(item, ArticleItem) or self.state is None:
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
        self._passed[item.url] = ArticleState(
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
        if not item.story_id or self.state is None:
            return False
        latest = self.state.latest_version(item.source or "", item.story_id)
        return latest is not None and item.version > latest

    def item_scraped(self, item: Any) -> None:
        """Past every stage: the feeds hold it."""
        if isinstance(item, ArticleItem) and (article := self._passed.pop(item.url, None)):
            self.run.remember(article)

    def item_not_delivered(self, item: Any) -> None:
        if isinstance(item, ArticleItem):
            self._passed.pop(item.url, None)
