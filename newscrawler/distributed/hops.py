"""The hop counts and related links of a crawl, shared by its workers in Redis (the
``reached`` and ``related`` hashes of the crawl's keys, emptied when a new crawl starts),
so that ``-a hops=N`` reaches the same articles with one worker or four.

Reaching an article and noting it fetched are each one Lua script: whichever comes first,
an article reached by a shorter path while another worker parses it has its related
headlines followed from the shorter count, as in one process. An article a worker reached
stays in its pending set until the request is queued (``frontier``): if the worker dies in
between, the article is marked lost and is reached again when its parent, back in the
queue, is parsed again."""

from __future__ import annotations

import json

from redis import Redis
from scrapy.crawler import Crawler
from scrapy_redis.connection import get_redis_from_settings

from newscrawler.distributed.frontier import CrawlKeys
from newscrawler.spiders.hops import Reached

# KEYS: reached, related, lost, the worker's pending; ARGV: url, hop. Returns {} when
# already reached at that count or less, {-1} when to be fetched (never reached, or reached
# by a worker that died before it queued it), else {previous hop, related links as JSON or
# ""}. An article to be fetched stays in the worker's pending set until it is queued.
_REACH = """
local previous = redis.call('HGET', KEYS[1], ARGV[1])
if redis.call('SREM', KEYS[3], ARGV[1]) == 1 then
  if tonumber(previous) > tonumber(ARGV[2]) then
    redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
  end
  redis.call('SADD', KEYS[4], ARGV[1])
  return {-1}
end
if previous and tonumber(previous) <= tonumber(ARGV[2]) then
  return {}
end
redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
if not previous then
  redis.call('SADD', KEYS[4], ARGV[1])
  return {-1}
end
return {tonumber(previous), redis.call('HGET', KEYS[2], ARGV[1]) or ''}
"""

# KEYS: reached, related; ARGV: url, related links as JSON, hop it was requested at.
_FETCHED = """
redis.call('HSET', KEYS[2], ARGV[1], ARGV[2])
return tonumber(redis.call('HGET', KEYS[1], ARGV[1]) or ARGV[3])
"""


class RedisHops:
    def __init__(self, server: Redis, keys: CrawlKeys, worker: str) -> None:
        self._keys = [keys.reached, keys.related]
        self._reach_keys = [*self._keys, keys.lost, keys.pending(worker)]
        self._reach = server.register_script(_REACH)
        self._fetched = server.register_script(_FETCHED)

    @classmethod
    def from_crawler(cls, crawler: Crawler, spider_name: str) -> RedisHops:
        # Made on the first article reached, after the scheduler has joined the crawl.
        worker = crawler.engine.scheduler.frontier.worker
        keys = CrawlKeys.of(crawler.settings, spider_name)
        return cls(get_redis_from_settings(crawler.settings), keys, worker)

    def reach(self, url: str, hop: int) -> Reached | None:
        found = self._reach(keys=self._reach_keys, args=[url, hop])
        if not found:
            return None
        if found[0] == -1:
            return Reached(None, None)
        previous, related = found
        return Reached(previous, json.loads(related) if related else None)

    def fetched(self, url: str, related: list[str], hop: int) -> int:
        return self._fetched(keys=self._keys, args=[url, json.dumps(related), hop])
