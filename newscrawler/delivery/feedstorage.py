"""A local feed file that appears whole or not at all, and only when the run commits."""

from __future__ import annotations

from pathlib import Path
from typing import IO, Any

from scrapy.crawler import Crawler
from scrapy.extensions.feedexport import FileFeedStorage

from newscrawler.delivery.run import CrawlRun, PartFile, kill_point


class AtomicFileFeedStorage(FileFeedStorage):
    """Writes to ``<name>.<run id>.part`` beside the feed. Storing the feed only seals the
    ``.part`` (flush, fsync, close); the run's commit (newscrawler.delivery.run) renames
    it into place (overwrite) or appends it to the existing feed (append).

    Errors never reach Scrapy's feed exporter (which would log a traceback per item and
    go on): the first one fails the run, once."""

    delivered_by_run = True  # the run checks the path before the first request

    def __init__(
        self, uri: str, *, feed_options: dict[str, Any] | None = None, crawler: Crawler
    ) -> None:
        super().__init__(uri, feed_options=feed_options)
        self.crawler = crawler
        self._part: PartFile | None = None

    @classmethod
    def from_crawler(
        cls, crawler: Crawler, uri: str, *, feed_options: dict[str, Any] | None = None
    ) -> AtomicFileFeedStorage:
        return cls(uri, feed_options=feed_options, crawler=crawler)

    def open(self, spider: Any) -> IO[bytes]:
        run = CrawlRun.from_crawler(self.crawler)
        self._part = run.open_part(Path(self.path), append=self.write_mode == "ab")
        return self._part.file

    def store(self, file: IO[bytes]) -> None:
        assert self._part is not None
        self._part.seal()
        kill_point("feed_synced")
