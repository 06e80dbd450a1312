"""The crawl state: an SQLite file that remembers every article exported, so that a
scheduled run exports only what is new or changed since the last one.

Rows are written only after the run's feeds are closed (the feed storages finish their
files atomically), so a run that is killed leaves the state as the last finished run
left it: its articles are exported again by the next run, never lost."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

SCHEMA = """
CREATE TABLE IF NOT EXISTS articles (
    url TEXT PRIMARY KEY,
    source TEXT NOT NULL,
    story_id TEXT,
    version INTEGER NOT NULL,
    content_hash TEXT NOT NULL,
    published TEXT,
    modified TEXT,
    first_seen TEXT NOT NULL,
    last_seen TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS articles_story ON articles (source, story_id);
"""


@dataclass(frozen=True)
class ArticleState:
    url: str
    source: str
    story_id: str | None
    version: int
    content_hash: str
    published: str | None
    modified: str | None
    first_seen: str
    last_seen: str

    @property
    def last_changed(self) -> datetime | None:
        value = self.modified or self.published
        if not value:
            return None
        changed = datetime.fromisoformat(value)
        # A bare day (a page that prints no time) is taken at its end, in UTC: later than
        # any listing time of that day, so a known article is not fetched again for it.
        if changed.tzinfo is None:
            changed = changed.replace(hour=23, minute=59, second=59, tzinfo=UTC)
        return changed


class CrawlState:
    def __init__(self, path: Path) -> None:
        self.path = path
        path.parent.mkdir(parents=True, exist_ok=True)
        self._db = sqlite3.connect(path)
        self._db.executescript(SCHEMA)

    def get(self, url: str) -> ArticleState | None:
        row = self._db.execute(f"SELECT {_COLUMNS} FROM articles WHERE url = ?", (url,)).fetchone()
        return ArticleState(*row) if row else None

    def latest_version(self, source: str, story_id: str) -> int | None:
        row = self._db.execute(
            "SELECT MAX(version) FROM articles WHERE source = ? AND story_id = ?",
            (source, story_id),
        ).fetchone()
        return row[0]

    def save(self, articles: list[ArticleState]) -> None:
        """One transaction: all of a run's exports are remembered, or none."""
        with self._db:
            self._db.executemany(
                f"INSERT INTO articles ({_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) "
                "ON CONFLICT (url) DO UPDATE SET story_id = excluded.story_id, "
                "version = excluded.version, content_hash = excluded.content_hash, "
                "published = excluded.published, modified = excluded.modified, "
                "last_seen = excluded.last_seen",
                [
                    (a.url, a.source, a.story_id, a.version, a.content_hash, a.published,
                     a.modified, a.first_seen, a.last_seen)
                    for a in articles
                ],
            )  # fmt: skip

    def __len__(self) -> int:
        return self._db.execute("SELECT COUNT(*) FROM articles").fetchone()[0]

    def close(self) -> None:
        self._db.close()


_COLUMNS = (
    "url, source, story_id, version, content_hash, published, modified, first_seen, last_seen"
)
