"""The crawl state in Redis, for workers that share a crawl: the same questions and the
same all-or-nothing save as the SQLite state (``newscrawler.delivery.state``).

Keys, under ``<NEWSCRAWLER_REDIS_PREFIX>:state:``: ``articles``, a hash of article URL to
its state as JSON (the fields of ``ArticleState``); ``stories``, a hash of
``<source> <story id>`` to the latest version exported. Both outlive crawls, as the SQLite
file does."""

from __future__ import annotations

import json
from dataclasses import asdict

from redis import Redis

from newscrawler.delivery.state import ArticleState

# One script, so that a worker's save is all or nothing, whatever the other workers do.
# KEYS: articles, stories; ARGV: url, state JSON, story key (or ""), version; repeated.
_SAVE = """
for i = 1, #ARGV, 4 do
  redis.call('HSET', KEYS[1], ARGV[i], ARGV[i + 1])
  local story, version = ARGV[i + 2], tonumber(ARGV[i + 3])
  if story ~= '' then
    local latest = tonumber(redis.call('HGET', KEYS[2], story))
    if not latest or version > latest then
      redis.call('HSET', KEYS[2], story, version)
    end
  end
end
return #ARGV / 4
"""


class RedisCrawlState:
    def __init__(self, server: Redis, prefix: str) -> None:
        self.server = server
        self.articles_key = f"{prefix}:state:articles"
        self.stories_key = f"{prefix}:state:stories"
        self._save = server.register_script(_SAVE)

    def __str__(self) -> str:
        return f"Redis {self.articles_key}"

    def get(self, url: str) -> ArticleState | None:
        found = self.server.hget(self.articles_key, url)
        return ArticleState(**json.loads(found)) if found else None

    def latest_version(self, source: str, story_id: str) -> int | None:
        found = self.server.hget(self.stories_key, _story(source, story_id))
        return int(found) if found is not None else None

    def save(self, articles: list[ArticleState]) -> None:
        """One script: all of a worker's exports are remembered, or none."""
        args: list[str | int] = []
        for article in articles:
            story = _story(article.source, article.story_id) if article.story_id else ""
            args += [article.url, json.dumps(asdict(article)), story, article.version]
        if args:
            self._save(keys=[self.articles_key, self.stories_key], args=args)

    def __len__(self) -> int:
        return self.server.hlen(self.articles_key)

    def close(self) -> None:
        self.server.close()


def _story(source: str, story_id: str) -> str:
    return f"{source} {story_id}"
