"""The crawl state in Redis, for workers that share a crawl: the same questions and the
same all-or-nothing save as the SQLite state (``newscrawler.delivery.state``).

Keys, under ``<NEWSCRAWLER_REDIS_PREFIX>:state:``: ``articles``, a hash of article URL to
its state as JSON (the fields of ``ArticleState``); ``stories``, a hash of
``<source> <story id>`` to the latest version exported; ``non_articles``, a hash of the URL
of a listed page that proved to be no article to its ``NonArticle`` as JSON. All outlive
crawls, as the SQLite file does.

The write-ahead record of a worker's delivery (``newscrawler.delivery.run``): ``pending:
<host>:<output folder>``, a hash of run id to the run's batch as JSON (its articles, its
moves, the worker's pid). Feeds are local files, so a batch is finished by the next run on
the same machine and output folder. ``record`` (the commit point) writes the batch AND its
articles into ``articles`` in one script: the other workers, which fetch the articles of a
killed worker again, then know them as delivered; ``promote`` drops the batch once its
moves are made."""

from __future__ import annotations

import json
import os
import socket
from collections.abc import Iterator, Sequence
from dataclasses import asdict, replace
from pathlib import Path
from typing import Any

from redis import Redis
from redis.exceptions import RedisError

from newscrawler.delivery.state import LOOKUP_CHUNK, ArticleState, Batch, FeedMove, NonArticle

# One script, so that a worker's save is all or nothing, whatever the other workers do.
# KEYS: articles, stories, pending; ARGV: run id, batch JSON (or "" for no batch), then
# url, state JSON, story key (or ""), version; repeated.
_SAVE = """
if ARGV[2] ~= '' then
  redis.call('HSET', KEYS[3], ARGV[1], ARGV[2])
end
for i = 3, #ARGV, 4 do
  redis.call('HSET', KEYS[1], ARGV[i], ARGV[i + 1])
  local story, version = ARGV[i + 2], tonumber(ARGV[i + 3])
  if story ~= '' then
    local latest = tonumber(redis.call('HGET', KEYS[2], story))
    if not latest or version > latest then
      redis.call('HSET', KEYS[2], story, version)
    end
  end
end
return (#ARGV - 2) / 4
"""


class RedisCrawlState:
    errors: tuple[type[Exception], ...] = (RedisError,)

    def __init__(self, server: Redis, prefix: str, output_dir: Path) -> None:
        self.server = server
        self.path = output_dir
        self.articles_key = f"{prefix}:state:articles"
        self.stories_key = f"{prefix}:state:stories"
        self.non_articles_key = f"{prefix}:state:non_articles"
        self.pending_key = f"{prefix}:state:pending:{socket.gethostname()}:{output_dir.absolute()}"
        self._save = server.register_script(_SAVE)
        # A worker's exports before its commit point, by URL: kept in memory, as Redis
        # has no transaction that could move them into a batch at the commit point.
        self._staged: dict[str, dict[str, ArticleState]] = {}

    def __str__(self) -> str:
        return f"Redis {self.articles_key}"

    def get(self, url: str) -> ArticleState | None:
        found = self.server.hget(self.articles_key, url)
        return ArticleState(**json.loads(found)) if found else None

    def get_many(self, urls: Sequence[str]) -> dict[str, ArticleState]:
        """The remembered articles among these URLs, by URL: one HMGET per LOOKUP_CHUNK."""
        return {url: ArticleState(**found) for url, found in self._values(self.articles_key, urls)}

    def get_non_articles(self, urls: Sequence[str]) -> dict[str, NonArticle]:
        values = self._values(self.non_articles_key, urls)
        return {url: NonArticle(**found) for url, found in values}

    def remember_non_articles(self, pages: Sequence[NonArticle]) -> None:
        if pages:
            pairs = {page.url: json.dumps(asdict(page)) for page in pages}
            self.server.hset(self.non_articles_key, mapping=pairs)

    def _values(self, key: str, urls: Sequence[str]) -> Iterator[tuple[str, Any]]:
        """The JSON values a hash holds for these URLs: one HMGET per LOOKUP_CHUNK."""
        for first in range(0, len(urls), LOOKUP_CHUNK):
            chunk = urls[first : first + LOOKUP_CHUNK]
            for url, value in zip(chunk, self.server.hmget(key, chunk), strict=True):
                if value:
                    yield url, json.loads(value)

    def latest_version(self, source: str, story_id: str) -> int | None:
        found = self.server.hget(self.stories_key, _story(source, story_id))
        return int(found) if found is not None else None

    def save(self, articles: list[ArticleState], run_id: str = "", batch: str = "") -> None:
        """One script: all of a worker's exports are remembered, or none (with the batch
        that delivers them, when given)."""
        args: list[str | int] = [run_id, batch]
        for article in articles:
            story = _story(article.source, article.story_id) if article.story_id else ""
            args += [article.url, json.dumps(asdict(article)), story, article.version]
        self._save(keys=[self.articles_key, self.stories_key, self.pending_key], args=args)

    # -- the delivery of a worker's run (the StateStore contract of delivery.state) --------

    def note_part(self, run_id: str, part: str) -> None:
        """Not kept: workers of one crawl may share an output folder while they run, so
        one cannot tell another's open .part from a dead run's (see the README)."""

    def open_parts(self) -> list[str]:
        return []

    def forget_parts(self) -> None:
        self._staged.clear()

    def stage(self, run_id: str, articles: list[ArticleState]) -> None:
        self._staged.setdefault(run_id, {}).update((article.url, article) for article in articles)

    def record(self, batch: Batch) -> int:
        """The commit point: the batch and its articles (those staged, then the batch's),
        in one script; their number."""
        staged = self._staged.pop(batch.run_id, {})
        staged.update((article.url, article) for article in batch.articles)
        batch = replace(batch, articles=list(staged.values()))
        moves = [asdict(move) for move in batch.moves]
        articles = [asdict(article) for article in batch.articles]
        written = json.dumps({"pid": os.getpid(), "articles": articles, "moves": moves})
        self.save(batch.articles, batch.run_id, written)
        return len(batch.articles)

    def pending(self) -> Batch | None:
        """The batch of a run on this machine and output folder whose process is gone."""
        for run_id, written in self.server.hgetall(self.pending_key).items():
            batch = json.loads(written)
            if not _alive(batch["pid"]):
                return Batch(
                    run_id.decode(),
                    [ArticleState(**article) for article in batch["articles"]],
                    [FeedMove(**move) for move in batch["moves"]],
                )
        return None

    def promote(self, run_id: str) -> int:
        """The batch's articles were remembered at the commit point: the batch goes."""
        return self.server.hdel(self.pending_key, run_id)

    def __len__(self) -> int:
        return self.server.hlen(self.articles_key)

    def close(self) -> None:
        self.server.close()


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # another user's process
    return True


def _story(source: str, story_id: str) -> str:
    return f"{source} {story_id}"
