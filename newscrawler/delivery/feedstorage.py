"""A local feed file that appears whole or not at all."""

from __future__ import annotations

import os
from pathlib import Path
from typing import IO, Any

from scrapy.extensions.feedexport import FileFeedStorage


class AtomicFileFeedStorage(FileFeedStorage):
    """Writes to ``<name>.part`` beside the feed and, once the feed is complete, renames it
    into place (overwrite) or appends it to the existing feed (append), after an fsync.

    A run killed mid-crawl leaves only the ``.part`` file; the crawl state, written after
    the feeds, then still lacks that run's articles, and the next run exports them again."""

    def open(self, spider: Any) -> IO[bytes]:
        target = Path(self.path)
        target.parent.mkdir(parents=True, exist_ok=True)
        self._part = target.with_name(f"{target.name}.part")
        return self._part.open("wb")

    def store(self, file: IO[bytes]) -> None:
        _sync_and_close(file)
        target = Path(self.path)
        if self.write_mode == "wb" or not target.exists():
            os.replace(self._part, target)
        else:
            with target.open("ab") as feed:
                feed.write(self._part.read_bytes())
                _sync_and_close(feed)
            self._part.unlink()


def _sync_and_close(file: IO[bytes]) -> None:
    file.flush()
    os.fsync(file.fileno())
    file.close()
