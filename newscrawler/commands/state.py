"""`scrapy state check|export|reset`: look after the crawl state (NEWSCRAWLER_STATE_FILE, or
the path given) when a run reports it damaged.

- ``check``: reads the whole file (SQLite's integrity check) and says what it holds (schema
  version, articles, a pending batch); exit 0 when it is sound, 1 when it is not.
- ``export -o FILE``: writes every article that can still be read as JSON Lines; exit 1 when
  reading stopped at damage (what was read before is kept).
- ``reset``: sets the file aside as ``<file>.<time>.old`` (with its SQLite journal) so that
  the next run starts a new state and exports every article again, as new.
- ``rebuild FEED [FEED ...]``: sets the file aside and writes a new state from the records
  the feeds hold (JSON Lines, oldest first: a later record of a URL wins), so that the next
  run exports only what those feeds lack.

The state is NEWSCRAWLER_STATE_FILE, or ``--state FILE``. ``reset`` and ``rebuild`` are
refused (exit 75) while a run holds the state's lock."""

from __future__ import annotations

import argparse
import json
import sqlite3
import sys
from collections.abc import Iterator
from dataclasses import asdict
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, ClassVar

from scrapy.commands import ScrapyCommand
from scrapy.exceptions import UsageError

from newscrawler.delivery.lock import LockHeld, RunLock
from newscrawler.delivery.run import state_path
from newscrawler.delivery.state import COLUMNS, ArticleState, Batch, CrawlState
from newscrawler.pipelines.incremental import text_hash

ACTIONS = ("check", "export", "reset", "rebuild")


class Command(ScrapyCommand):
    requires_crawler_process = False
    default_settings: ClassVar[dict[str, Any]] = {"LOG_ENABLED": False}

    def syntax(self) -> str:
        return "check | export -o FILE | reset | rebuild FEED [FEED ...]  [--state FILE]"

    def short_desc(self) -> str:
        return "Check, export or reset the crawl state"

    def long_desc(self) -> str:
        return __doc__ or ""

    def add_options(self, parser: argparse.ArgumentParser) -> None:
        super().add_options(parser)
        parser.add_argument("-o", "--output", metavar="FILE", help="export: the JSON Lines file")
        parser.add_argument("--state", metavar="FILE", help="the state (NEWSCRAWLER_STATE_FILE)")

    def run(self, args: list[str], opts: argparse.Namespace) -> None:
        if not args or args[0] not in ACTIONS:
            raise UsageError(f"give one of {', '.join(ACTIONS)}")
        action, feeds = args[0], [Path(arg) for arg in args[1:]]
        if bool(feeds) != (action == "rebuild"):
            raise UsageError("only rebuild takes files: the feeds", print_help=False)
        path = Path(opts.state) if opts.state else self._configured_path()
        if not path.is_file() and action != "rebuild":
            raise UsageError(f"there is no crawl state at {path}", print_help=False)
        if missing := [str(feed) for feed in feeds if not feed.is_file()]:
            raise UsageError(f"no feed at {', '.join(missing)}", print_help=False)
        if action == "check":
            self.exitcode = check(path)
        elif action == "export":
            if not opts.output:
                raise UsageError("export: say where with -o FILE", print_help=False)
            self.exitcode = export(path, Path(opts.output))
        else:
            self.exitcode = replace(path, feeds)

    def _configured_path(self) -> Path:
        assert self.settings is not None
        path = state_path(self.settings)
        if path is None:
            raise UsageError(
                "NEWSCRAWLER_STATE_FILE is empty: give the state file", print_help=False
            )
        return path


def _connect(path: Path) -> sqlite3.Connection:
    return sqlite3.connect(f"file:{path}?mode=ro", uri=True)


def check(path: Path) -> int:
    try:
        with _connect(path) as db:
            problems = [row[0] for row in db.execute("PRAGMA integrity_check(20)")]
            if problems != ["ok"]:
                raise sqlite3.DatabaseError("; ".join(problems))
            version = db.execute("PRAGMA user_version").fetchone()[0]
            articles = db.execute("SELECT COUNT(*) FROM articles").fetchone()[0]
            pending = _count(db, "pending_articles")
    except sqlite3.DatabaseError as error:
        print(
            f"{path}: damaged ({error}). `scrapy state export {path} -o FILE` keeps what can be "
            f"read; `scrapy state reset {path}` starts a new state.",
            file=sys.stderr,
        )
        return 1
    print(f"{path}: sound; schema version {version}; {articles} article(s) delivered", end="")
    print(f"; a pending batch of {pending} article(s), finished by the next run" if pending else "")
    return 0


def _count(db: sqlite3.Connection, table: str) -> int:
    try:
        return db.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0]
    except sqlite3.OperationalError:
        return 0  # an older schema, without the table


def readable_articles(path: Path) -> Iterator[ArticleState]:
    """The articles in rowid order, as far as the file can be read."""
    with _connect(path) as db:
        yield from (ArticleState(*row) for row in db.execute(f"SELECT {COLUMNS} FROM articles"))


def export(path: Path, output: Path) -> int:
    count = 0
    with output.open("w", encoding="utf-8") as out:
        try:
            for article in readable_articles(path):
                out.write(json.dumps(asdict(article), ensure_ascii=False) + "\n")
                count += 1
        except sqlite3.DatabaseError as error:
            print(
                f"{path}: reading stopped at damage ({error}); {count} article(s) written to "
                f"{output}",
                file=sys.stderr,
            )
            return 1
    print(f"{count} article(s) written to {output}")
    return 0


def replace(path: Path, feeds: list[Path]) -> int:
    """reset (no feeds) or rebuild: the old file set aside, a new state from the feeds."""
    try:
        lock = RunLock.acquire(path)
    except LockHeld as error:
        print(error, file=sys.stderr)
        return 75
    try:
        aside = set_aside(path) if path.exists() else None
        if feeds:
            articles = delivered_articles(feeds)
            state = CrawlState(path)
            state.record(Batch("rebuild", list(articles.values()), []))
            state.promote("rebuild")
            state.close()
    finally:
        lock.release()
    if aside:
        print(f"{path} set aside as {aside}.")
    if feeds:
        print(
            f"{path} rebuilt from {len(feeds)} feed(s): {len(articles)} article(s); the next run "
            f"exports only what they lack."
        )
    else:
        print(f"The next run starts a new state at {path} and exports every article, as new.")
    return 0


def set_aside(path: Path) -> Path:
    stamp = datetime.now(UTC).strftime("%Y-%m-%dT%H-%M-%S")
    aside = path.with_name(f"{path.name}.{stamp}.old")
    for suffix in ("-journal", "-wal", "-shm"):
        if (companion := path.with_name(path.name + suffix)).exists():
            companion.rename(aside.with_name(aside.name + suffix))
    path.rename(aside)
    return aside


def delivered_articles(feeds: list[Path]) -> dict[str, ArticleState]:
    """The articles of the feeds' records (rejects and other lines are skipped)."""
    articles: dict[str, ArticleState] = {}
    for feed in feeds:
        with feed.open(encoding="utf-8") as lines:
            for line in lines:
                record = json.loads(line) if line.strip() else {}
                if not {"url", "headline", "body", "version"} <= record.keys():
                    continue
                seen = record.get("fetched_at") or datetime.now(UTC).isoformat()
                known = articles.get(record["url"])
                articles[record["url"]] = ArticleState(
                    url=record["url"],
                    source=record.get("source") or "",
                    story_id=record.get("story_id"),
                    version=record["version"],
                    content_hash=text_hash(
                        record["headline"],
                        record.get("labels"),
                        record.get("editor_note"),
                        record["body"],
                    ),
                    published=record.get("published"),
                    modified=record.get("modified"),
                    first_seen=known.first_seen if known else seen,
                    last_seen=seen,
                )
    return articles
