"""The crawl state: an SQLite file that remembers every article exported, so that a
scheduled run exports only what is new or changed since the last one, and that holds the
write-ahead record of the run's delivery (newscrawler.delivery.run explains the protocol).

Tables: ``articles`` (what earlier runs delivered), ``pending_articles`` and
``pending_moves`` (the batch of a run that reached its commit point but may not have
finished moving its feeds into place), ``open_parts`` (the ``.part`` files a run has
created, so that the next run removes those of a run that died before its commit point),
``staged_articles`` (what a running run has exported so far, kept here rather than in
memory until its commit point; dropped with the open parts of a run that died before it).
``listed_non_articles`` (pages a feed or sitemap lists that proved to be no article, with
the listing's last change, so that they are fetched again only once it says they changed:
no delivery, written outside it).
The schema version is SQLite's ``user_version``; an older state is migrated when opened,
a newer one is refused, a damaged one is reported with what to do."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator, Sequence
from dataclasses import astuple, dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Protocol

SCHEMA_VERSION = 2

ARTICLES = """
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
# The articles of one run, before they become what the state knows.
RUN_ARTICLES = """(
    run_id TEXT NOT NULL,
    url TEXT NOT NULL,
    source TEXT NOT NULL,
    story_id TEXT,
    version INTEGER NOT NULL,
    content_hash TEXT NOT NULL,
    published TEXT,
    modified TEXT,
    first_seen TEXT NOT NULL,
    last_seen TEXT NOT NULL,
    PRIMARY KEY (run_id, url)
)"""
# Added in version 2: the write-ahead record of a run's delivery.
DELIVERY = f"""
CREATE TABLE IF NOT EXISTS pending_articles {RUN_ARTICLES};
CREATE TABLE IF NOT EXISTS pending_moves (
    run_id TEXT NOT NULL,
    seq INTEGER NOT NULL,
    part TEXT NOT NULL,
    target TEXT NOT NULL,
    append INTEGER NOT NULL,
    target_size INTEGER NOT NULL,
    PRIMARY KEY (run_id, seq)
);
CREATE TABLE IF NOT EXISTS open_parts (
    run_id TEXT NOT NULL,
    part TEXT NOT NULL,
    PRIMARY KEY (run_id, part)
);
"""
# A run's exports so far, staged on disk until its commit point. Added to version 2
# files as they are opened: a newscrawler without it reads them as before.
STAGING = f"CREATE TABLE IF NOT EXISTS staged_articles {RUN_ARTICLES};"
# Also added as files are opened: a newscrawler without it reads them as before.
LISTED_NON_ARTICLES = """
CREATE TABLE IF NOT EXISTS listed_non_articles (
    url TEXT PRIMARY KEY,
    source TEXT NOT NULL,
    reason TEXT NOT NULL,
    listed_change TEXT,
    checked TEXT NOT NULL
);
"""

# URLs looked up in one statement: well under SQLite's limit of host parameters (32,766).
LOOKUP_CHUNK = 500

COLUMNS = "url, source, story_id, version, content_hash, published, modified, first_seen, last_seen"
RUN_ROW = f"(run_id, {COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
NON_ARTICLE_COLUMNS = "url, source, reason, listed_change, checked"


class DamagedState(Exception):
    """The state file cannot be read as a crawl state; the message says what to do."""

    def __init__(self, path: Path, cause: str) -> None:
        super().__init__(
            f"The crawl state {path} cannot be used: {cause}. `scrapy state check` tells what "
            f"is readable, `scrapy state export` saves the readable articles as JSON Lines, "
            f"and `scrapy state reset` sets the file aside and starts a new state (whose "
            f"first run exports every article again, as new)."
        )


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


@dataclass(frozen=True)
class NonArticle:
    """A page a listing named as an article that is none (a static page, a section
    front): ``listed_change`` is the listing's time for it when it was fetched (ISO 8601;
    None when the listing gave none), ``checked`` when that was."""

    url: str
    source: str
    reason: str
    listed_change: str | None
    checked: str

    def still_none(self, listed_change: datetime | None, checked_after: datetime) -> bool:
        """Whether the page need not be fetched again: checked after ``checked_after`` (a
        page misjudged once, or an article that was a placeholder then, is looked at
        again in time), and no later listing time (a listing that gives no time, or a
        page remembered without one, says nothing of a change)."""
        if _aware(datetime.fromisoformat(self.checked)) <= checked_after:
            return False
        if listed_change is None or self.listed_change is None:
            return True
        return listed_change <= datetime.fromisoformat(self.listed_change)


def _aware(moment: datetime) -> datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


@dataclass(frozen=True)
class FeedMove:
    """A finished ``.part`` file and where it goes: renamed over ``target``, or appended
    to it; ``target_size`` is the target's size before the append, so that an append cut
    short is redone from there."""

    part: str
    target: str
    append: bool
    target_size: int


@dataclass(frozen=True)
class Batch:
    """What a run delivers: the articles its feeds hold and the moves that put them in
    place."""

    run_id: str
    articles: list[ArticleState]
    moves: list[FeedMove]


class StateStore(Protocol):
    """What the delivery run needs of a crawl state (SQLite here; other backends keep the
    same contract). ``stage`` keeps articles the run has exported out of its memory until
    ``record``, the commit point: once it returns, the batch (with what was staged) is
    durable and the next run finishes it (``pending``, then ``promote``) whatever happens.
    ``forget_parts`` forgets what runs that never reached it left: files and staged
    articles."""

    path: Path
    # What its storage raises when it fails: the run reports them as one message. Named
    # by the backend, so that a crawl without Redis does not import the Redis client.
    errors: tuple[type[Exception], ...]

    def get(self, url: str) -> ArticleState | None: ...
    def get_many(self, urls: Sequence[str]) -> dict[str, ArticleState]: ...
    def latest_version(self, source: str, story_id: str) -> int | None: ...
    def get_non_articles(self, urls: Sequence[str]) -> dict[str, NonArticle]: ...
    def remember_non_articles(self, pages: Sequence[NonArticle]) -> None: ...
    def note_part(self, run_id: str, part: str) -> None: ...
    def open_parts(self) -> list[str]: ...
    def forget_parts(self) -> None: ...
    def stage(self, run_id: str, articles: list[ArticleState]) -> None: ...
    def record(self, batch: Batch) -> int: ...
    def pending(self) -> Batch | None: ...
    def promote(self, run_id: str) -> int: ...
    def close(self) -> None: ...


class CrawlState:
    errors: tuple[type[Exception], ...] = (sqlite3.Error,)

    def __init__(self, path: Path) -> None:
        self.path = path
        path.parent.mkdir(parents=True, exist_ok=True)
        try:
            self._db = sqlite3.connect(path)
            self._open()
        except sqlite3.DatabaseError as error:
            raise DamagedState(path, str(error)) from None

    def _open(self) -> None:
        # quick_check reads every page once: a truncated or overwritten file is found now,
        # not halfway through the crawl.
        problems = [row[0] for row in self._db.execute("PRAGMA quick_check(5)")]
        if problems != ["ok"]:
            raise sqlite3.DatabaseError("; ".join(problems))
        version = self._db.execute("PRAGMA user_version").fetchone()[0]
        if version > SCHEMA_VERSION:
            raise sqlite3.DatabaseError(
                f"it has schema version {version}, written by a newer newscrawler than this "
                f"one (version {SCHEMA_VERSION})"
            )
        # Version 0 (no user_version) is the first schema, articles alone: the statements
        # are idempotent. Writing the version is also the check that the file is writable.
        self._db.executescript(
            f"{ARTICLES}{DELIVERY}{STAGING}{LISTED_NON_ARTICLES}"
            f"PRAGMA user_version = {SCHEMA_VERSION};"
        )

    # -- what earlier runs delivered -----------------------------------------------------

    def get(self, url: str) -> ArticleState | None:
        row = self._db.execute(f"SELECT {COLUMNS} FROM articles WHERE url = ?", (url,)).fetchone()
        return ArticleState(*row) if row else None

    def get_many(self, urls: Sequence[str]) -> dict[str, ArticleState]:
        """The remembered articles among these URLs, by URL: one statement per
        LOOKUP_CHUNK URLs (a listing of thousands costs milliseconds)."""
        return {row[0]: ArticleState(*row) for row in self._rows("articles", COLUMNS, urls)}

    def latest_version(self, source: str, story_id: str) -> int | None:
        row = self._db.execute(
            "SELECT MAX(version) FROM articles WHERE source = ? AND story_id = ?",
            (source, story_id),
        ).fetchone()
        return row[0]

    def get_non_articles(self, urls: Sequence[str]) -> dict[str, NonArticle]:
        """The pages among these URLs remembered as no article, by URL."""
        rows = self._rows("listed_non_articles", NON_ARTICLE_COLUMNS, urls)
        return {row[0]: NonArticle(*row) for row in rows}

    def _rows(self, table: str, columns: str, urls: Sequence[str]) -> Iterator[tuple[Any, ...]]:
        """A table's rows of these URLs: one statement per LOOKUP_CHUNK URLs."""
        for first in range(0, len(urls), LOOKUP_CHUNK):
            chunk = urls[first : first + LOOKUP_CHUNK]
            marks = ", ".join("?" * len(chunk))
            yield from self._db.execute(
                f"SELECT {columns} FROM {table} WHERE url IN ({marks})", chunk
            )

    def remember_non_articles(self, pages: Sequence[NonArticle]) -> None:
        with self._db:
            self._db.executemany(
                f"INSERT OR REPLACE INTO listed_non_articles ({NON_ARTICLE_COLUMNS}) "
                f"VALUES (?, ?, ?, ?, ?)",
                [astuple(page) for page in pages],
            )

    def articles(self) -> Iterator[ArticleState]:
        for row in self._db.execute(f"SELECT {COLUMNS} FROM articles ORDER BY url"):
            yield ArticleState(*row)

    def __len__(self) -> int:
        return self._db.execute("SELECT COUNT(*) FROM articles").fetchone()[0]

    # -- the delivery of a run -------------------------------------------------------------

    def note_part(self, run_id: str, part: str) -> None:
        """Written before the ``.part`` file is created."""
        with self._db:
            self._db.execute("INSERT OR IGNORE INTO open_parts VALUES (?, ?)", (run_id, part))

    def open_parts(self) -> list[str]:
        return [row[0] for row in self._db.execute("SELECT part FROM open_parts ORDER BY part")]

    def forget_parts(self) -> None:
        """Only one run at a time uses the state (its lock): what is left is a dead run's."""
        with self._db:
            self._db.execute("DELETE FROM open_parts")
            self._db.execute("DELETE FROM staged_articles")

    def stage(self, run_id: str, articles: list[ArticleState]) -> None:
        """Articles the run's feeds hold, written before its commit point: not yet known
        to ``get``, and dropped by ``forget_parts`` if the run never reaches it."""
        with self._db:
            self._db.executemany(
                f"INSERT OR REPLACE INTO staged_articles {RUN_ROW}",
                [(run_id, *astuple(article)) for article in articles],
            )

    def record(self, batch: Batch) -> int:
        """The commit point: the run's articles (those staged, then the batch's, the later
        of two for one URL winning) and moves in one transaction; their number."""
        with self._db:
            self._db.execute(
                f"INSERT OR REPLACE INTO pending_articles (run_id, {COLUMNS}) "
                f"SELECT run_id, {COLUMNS} FROM staged_articles WHERE run_id = ?",
                (batch.run_id,),
            )
            self._db.executemany(
                f"INSERT OR REPLACE INTO pending_articles {RUN_ROW}",
                [(batch.run_id, *astuple(article)) for article in batch.articles],
            )
            self._db.executemany(
                "INSERT INTO pending_moves VALUES (?, ?, ?, ?, ?, ?)",
                [
                    (batch.run_id, seq, m.part, m.target, int(m.append), m.target_size)
                    for seq, m in enumerate(batch.moves)
                ],
            )
            self._db.execute("DELETE FROM staged_articles WHERE run_id = ?", (batch.run_id,))
            self._db.execute("DELETE FROM open_parts WHERE run_id = ?", (batch.run_id,))
            return self._db.execute(
                "SELECT COUNT(*) FROM pending_articles WHERE run_id = ?", (batch.run_id,)
            ).fetchone()[0]

    def pending(self) -> Batch | None:
        """The batch of a run that reached its commit point and was not promoted."""
        row = self._db.execute(
            "SELECT run_id FROM pending_moves UNION SELECT run_id FROM pending_articles"
        ).fetchone()
        if row is None:
            return None
        run_id = row[0]
        articles = self._db.execute(
            f"SELECT {COLUMNS} FROM pending_articles WHERE run_id = ?", (run_id,)
        )
        moves = self._db.execute(
            "SELECT part, target, append, target_size FROM pending_moves WHERE run_id = ? "
            "ORDER BY seq",
            (run_id,),
        )
        return Batch(
            run_id,
            [ArticleState(*a) for a in articles],
            [FeedMove(part, target, bool(append), size) for part, target, append, size in moves],
        )

    def promote(self, run_id: str) -> int:
        """The batch's articles become what earlier runs delivered; the batch is cleared."""
        with self._db:
            count = self._db.execute(
                f"INSERT INTO articles ({COLUMNS}) SELECT {COLUMNS} FROM pending_articles "
                # "AND true": SQLite reads ON CONFLICT after a bare WHERE as a join's.
                "WHERE run_id = ? AND true "
                "ON CONFLICT (url) DO UPDATE SET story_id = excluded.story_id, "
                "version = excluded.version, content_hash = excluded.content_hash, "
                "published = excluded.published, modified = excluded.modified, "
                "last_seen = excluded.last_seen",
                (run_id,),
            ).rowcount
            self._db.execute("DELETE FROM pending_articles WHERE run_id = ?", (run_id,))
            self._db.execute("DELETE FROM pending_moves WHERE run_id = ?", (run_id,))
        return count

    def close(self) -> None:
        self._db.close()
