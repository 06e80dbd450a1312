"""A crawl's frontier in Redis: the request queue with leases, the workers and their
heartbeats, and the crawl's life from seeding to its end.

Keys, under ``<NEWSCRAWLER_REDIS_PREFIX>:<spider>:``:

- ``requests``: the queue, a sorted set of serialized requests scored by -priority
  (scrapy-redis's ``PriorityQueue``, so its tools read it);
- ``dupefilter``: scrapy-redis's set of request fingerprints;
- ``workers``: a sorted set of worker ids scored by the time their lease runs out; each
  worker renews it every second;
- ``leases:<worker>``: a hash of the requests a worker has taken and not yet released,
  with their queue scores. A request is taken and leased in one step; it is released when
  the worker ends, after its feeds and the crawl state are written: dropped when the crawl
  finished, put back in the queue otherwise. A worker whose lease ran out (SIGKILL, a lost
  machine, a stall longer than the lease) is taken for dead by the next worker that
  touches the queue: its requests go back to the queue, to be fetched by another;
- ``idle``: a hash of the workers that have nothing to do, with the time since when;
- ``crawl``: a hash of the crawl's life: ``status`` (``crawling``, then ``finished``),
  ``seeder`` (the worker that sends the start requests; another takes over if it dies
  before it is done), ``seeded`` (1 once the seeder's start requests are all in the
  queue), ``started``, ``finished``, ``keeper`` (the worker that finished the crawl, or
  took the place of a keeper that died; dropped when the keeper has delivered), and
  ``seen:<worker>``, the articles each worker has seen (exported or known unchanged), as it
  said when last idle;
- ``reached``, ``related``: the shared hop counts (``newscrawler.distributed.hops``).

Every step is one Lua script, so that it is atomic across workers. Times are the Redis
server's own (``TIME``), so that the clocks of the workers' machines do not matter.

The crawl is finished when its seeding is done, the queue is empty and every live worker
is idle: then no request is in flight anywhere, so nothing can add to the queue again. The
worker that finds it so, the keeper, goes on crawling until no other worker holds
requests: one that died while idle, holding requests whose records it never delivered,
looks alive until its lease runs out; then its requests go back to the queue, and the
keeper fetches them again. A worker with nothing to deliver stands by until the keeper has
ended, and keeps the crawl in its place if the keeper dies first.
"""

from __future__ import annotations

import os
import socket
import uuid
from dataclasses import dataclass
from typing import Any, NamedTuple

from redis import Redis
from scrapy.http import Request
from scrapy.settings import BaseSettings
from scrapy_redis.queue import PriorityQueue

from newscrawler.spiders.base import URL_META


@dataclass(frozen=True)
class CrawlKeys:
    """The Redis keys of one spider's crawl."""

    base: str  # "<prefix>:<spider>"

    @classmethod
    def of(cls, settings: BaseSettings, spider_name: str) -> CrawlKeys:
        return cls(f"{settings.get('NEWSCRAWLER_REDIS_PREFIX')}:{spider_name}")

    def _key(self, name: str) -> str:
        return f"{self.base}:{name}"

    requests = property(lambda self: self._key("requests"))
    dupefilter = property(lambda self: self._key("dupefilter"))
    workers = property(lambda self: self._key("workers"))
    idle = property(lambda self: self._key("idle"))
    crawl = property(lambda self: self._key("crawl"))
    reached = property(lambda self: self._key("reached"))
    related = property(lambda self: self._key("related"))
    lost = property(lambda self: self._key("lost"))

    def leases(self, worker: str) -> str:
        return self._key(f"leases:{worker}")

    def pending(self, worker: str) -> str:
        return self._key(f"pending:{worker}")


# Every script below starts with this: it reads the server's time, notes whether the
# caller's own lease had run out (``lapsed``), takes every worker whose lease ran out for
# dead, and renews the caller's lease; every script returns {requeued, lapsed, ...}. A dead
# worker's leased requests go back to the queue; the articles it had reached but not yet
# queued are marked lost, to be reached again when their parents (among its leased
# requests) are parsed again; the articles it saw are no longer counted, as the worker that
# fetches them again counts them.
# KEYS: requests, workers, idle, crawl, lost; ARGV: "<base>:", worker, lease seconds.
_PRELUDE = """
local requests, workers, idle, crawl, lost = KEYS[1], KEYS[2], KEYS[3], KEYS[4], KEYS[5]
local base, worker, lease = ARGV[1], ARGV[2], tonumber(ARGV[3])
local clock = redis.call('TIME')
local now = tonumber(clock[1]) + tonumber(clock[2]) / 1000000
local mine = tonumber(redis.call('ZSCORE', workers, worker))
local lapsed = (not mine or mine < now) and 1 or 0
local requeued = 0
for _, dead in ipairs(redis.call('ZRANGEBYSCORE', workers, '-inf', now)) do
  local held = redis.call('HGETALL', base .. 'leases:' .. dead)
  for i = 1, #held, 2 do
    redis.call('ZADD', requests, held[i + 1], held[i])
  end
  requeued = requeued + #held / 2
  for _, url in ipairs(redis.call('SMEMBERS', base .. 'pending:' .. dead)) do
    redis.call('SADD', lost, url)
  end
  redis.call('DEL', base .. 'leases:' .. dead, base .. 'pending:' .. dead)
  redis.call('ZREM', workers, dead)
  redis.call('HDEL', idle, dead)
  redis.call('HDEL', crawl, 'seen:' .. dead)
end
redis.call('ZADD', workers, now + lease, worker)
"""

# Take the first request of the queue and lease it. Returns {requeued, lapsed, request or nil}.
_POP = (
    _PRELUDE
    + """
local first = redis.call('ZRANGE', requests, 0, 0, 'WITHSCORES')
if #first == 0 then
  return {requeued, lapsed, false}
end
redis.call('ZREM', requests, first[1])
redis.call('HSET', base .. 'leases:' .. worker, first[1], first[2])
redis.call('HDEL', idle, worker)
return {requeued, lapsed, first[1]}
"""
)

# Queue a request unless its fingerprint was seen, and take its article off the worker's
# reached-not-yet-queued set: one step, so that a kill leaves it either queued or lost.
# KEYS: requests, dupefilter, pending; ARGV: fingerprint ("" for dont_filter), request,
# score, article URL (or ""). Returns 1 when queued.
_PUSH = """
if ARGV[1] ~= '' and redis.call('SADD', KEYS[2], ARGV[1]) == 0 then
  return 0
end
redis.call('ZADD', KEYS[1], ARGV[3], ARGV[2])
if ARGV[4] ~= '' then
  redis.call('SREM', KEYS[3], ARGV[4])
end
return 1
"""

# Returns {requeued, lapsed, length of the queue}.
_HEARTBEAT = _PRELUDE + "return {requeued, lapsed, redis.call('ZCARD', requests)}"

# Join the crawl, or start a new one. KEYS 6-8: dupefilter, reached, related.
# Returns "seed" (a new crawl, which the caller seeds), "join" (a crawl under way), or
# "finishing" (a finished crawl whose other workers have not all ended: a new one must not
# start before they have written the crawl state; the caller stands by, see _IDLE).
_BEGIN = (
    _PRELUDE
    + """
local status = redis.call('HGET', crawl, 'status')
if status == 'crawling' then
  return {requeued, lapsed, 'join'}
end
if status == 'finished' and redis.call('ZCARD', workers) > 1 then
  return {requeued, lapsed, 'finishing'}
end
redis.call('DEL', KEYS[6], KEYS[7], KEYS[8], lost, idle, crawl)
redis.call('HSET', crawl, 'status', 'crawling', 'seeder', worker, 'started', now)
return {requeued, lapsed, 'seed'}
"""
)

# ARGV[4] = 1: the caller, the seeder, has sent all its start requests. Otherwise, asks
# whether the crawl is seeded: "seeded", "waiting" (the seeder is at it), or "seed" (the
# seeder died before it was done: the caller seeds in its place).
_SEEDING = (
    _PRELUDE
    + """
if ARGV[4] == '1' then
  redis.call('HSET', crawl, 'seeded', '1')
  return {requeued, lapsed, 'seeded'}
end
local seeded = redis.call('HGET', crawl, 'seeded') == '1'
if seeded or redis.call('HGET', crawl, 'status') ~= 'crawling' then
  return {requeued, lapsed, 'seeded'}
end
if redis.call('ZSCORE', workers, redis.call('HGET', crawl, 'seeder')) then
  return {requeued, lapsed, 'waiting'}
end
redis.call('HSET', crawl, 'seeder', worker)
return {requeued, lapsed, 'seed'}
"""
)

# The caller has nothing to do. Returns {requeued, lapsed, length of the queue, 1 when the
# caller's part of the crawl is over, how many other workers the keeper waits for, and
# what made the caller the keeper just now: "finished" (it found the crawl over), the id of
# a keeper that ended without delivering (it died, or its feeds failed), or false}.
# The worker that finishes the crawl is its keeper. The others end at once, but for those
# that hold no request (nothing to deliver): they stand by while the keeper lives. The
# keeper ends when the queue is empty and no other worker holds requests. A worker that
# died idle looked alive until its lease ran out; the keeper, still crawling, then fetches
# its requests again. A keeper that dies before it has delivered is taken for dead in
# turn: its requests go back to the queue, and the first worker of the crawl to be idle
# after that keeps the crawl in its place (a standby, or a worker started meanwhile).
_IDLE = (
    _PRELUDE
    + """
redis.call('HSETNX', idle, worker, now)
redis.call('HSET', crawl, 'seen:' .. worker, ARGV[4])
local queued = redis.call('ZCARD', requests)
local status = redis.call('HGET', crawl, 'status')
local became = false
if status ~= 'crawling' then
  local keeper = redis.call('HGET', crawl, 'keeper')
  if keeper ~= worker and not (keeper and redis.call('ZSCORE', workers, keeper)) then
    became = keeper or 'finished'
    redis.call('HSET', crawl, 'keeper', worker)
  elseif keeper ~= worker then
    local over = redis.call('EXISTS', base .. 'leases:' .. worker)
    return {requeued, lapsed, queued, over, 0, false}
  end
elseif queued > 0 or redis.call('HGET', crawl, 'seeded') ~= '1' then
  return {requeued, lapsed, queued, 0, 0, false}
else
  for _, other in ipairs(redis.call('ZRANGE', workers, 0, -1)) do
    if redis.call('HEXISTS', idle, other) == 0 then
      return {requeued, lapsed, queued, 0, 0, false}
    end
  end
  became = 'finished'
  redis.call('HSET', crawl, 'status', 'finished', 'finished', now, 'keeper', worker)
end
local holders = 0
for _, other in ipairs(redis.call('ZRANGE', workers, 0, -1)) do
  if other ~= worker and redis.call('EXISTS', base .. 'leases:' .. other) == 1 then
    holders = holders + 1
  end
end
local over = (queued == 0 and holders == 0) and 1 or 0
return {requeued, lapsed, queued, over, holders, became}
"""
)

# The worker ends. ARGV[4] = 1: its requests are done and written; its leases are dropped
# (and what it reached but did not queue was dropped by a spider middleware), and a keeper
# is no longer the crawl's. Otherwise they go back to the queue, what it reached but did
# not queue is marked lost, and the articles it saw are no longer counted.
# Returns {requeued, lapsed, how many requests it held}.
_RELEASE = (
    _PRELUDE
    + """
local held = redis.call('HGETALL', base .. 'leases:' .. worker)
if ARGV[4] == '1' and redis.call('HGET', crawl, 'keeper') == worker then
  redis.call('HDEL', crawl, 'keeper')
end
if ARGV[4] ~= '1' then
  for i = 1, #held, 2 do
    redis.call('ZADD', requests, held[i + 1], held[i])
  end
  for _, url in ipairs(redis.call('SMEMBERS', base .. 'pending:' .. worker)) do
    redis.call('SADD', lost, url)
  end
  redis.call('HDEL', crawl, 'seen:' .. worker)
end
redis.call('DEL', base .. 'leases:' .. worker, base .. 'pending:' .. worker)
redis.call('ZREM', workers, worker)
redis.call('HDEL', idle, worker)
return {requeued, lapsed, #held / 2}
"""
)


class Idle(NamedTuple):
    """What an idle worker learns of the crawl."""

    queued: int  # the length of the queue
    over: bool  # the worker's part of the crawl is over: it ends
    others: int  # as the keeper, how many other workers it waits for (0 for the others)
    # What made it the keeper just now: "finished" (it found the crawl over, or the keeper
    # had ended), the id of a keeper that ended without delivering, or None.
    became_keeper: str | None


def worker_id() -> str:
    """Unique among the workers, and saying where each runs."""
    return f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:6]}"


class Frontier:
    """One worker's side of the crawl's frontier. Each method is one round trip."""

    def __init__(self, server: Redis, keys: CrawlKeys, worker: str, lease_seconds: float):
        self.server = server
        self.keys = keys
        self.worker = worker
        self.lease_seconds = lease_seconds
        self.requeued = 0  # requests of dead workers this worker put back in the queue
        # Whether this worker was taken for dead once it had joined (a stall longer than
        # its lease): the requests it had taken were given to others.
        self.lapsed = False
        self._joined = False
        self._pop = server.register_script(_POP)
        self._push = server.register_script(_PUSH)
        self._heartbeat = server.register_script(_HEARTBEAT)
        self._begin = server.register_script(_BEGIN)
        self._seeding = server.register_script(_SEEDING)
        self._idle = server.register_script(_IDLE)
        self._release = server.register_script(_RELEASE)

    def _call(self, script: Any, *more_keys: str, args: tuple[Any, ...] = ()) -> list[Any]:
        keys = self.keys
        requeued, lapsed, *result = script(
            keys=[keys.requests, keys.workers, keys.idle, keys.crawl, keys.lost, *more_keys],
            args=[f"{keys.base}:", self.worker, self.lease_seconds, *args],
        )
        self.requeued += requeued
        self.lapsed = self.lapsed or (self._joined and bool(lapsed))
        self._joined = True
        return result

    def begin(self) -> str:
        """The worker's role: "seed", "join" or "finishing" (see _BEGIN)."""
        keys = self.keys
        (role,) = self._call(self._begin, keys.dupefilter, keys.reached, keys.related)
        return role.decode()

    def seeding(self, done: bool = False) -> str:
        """Whether the crawl is "seeded", "waiting" for its seeder, or to "seed" by the caller
        in place of a dead seeder; done: the caller has seeded it."""
        (status,) = self._call(self._seeding, args=("1" if done else "0",))
        return status.decode()

    def push(self, data: bytes, score: float, fingerprint: str | None, article_url: str) -> bool:
        """Queue a request unless its fingerprint was seen (None: never filtered)."""
        keys = [self.keys.requests, self.keys.dupefilter, self.keys.pending(self.worker)]
        return bool(self._push(keys=keys, args=[fingerprint or "", data, score, article_url]))

    def queued(self) -> list[bytes]:
        """Every request in the queue."""
        return self.server.zrange(self.keys.requests, 0, -1)

    def filter_out(self, fingerprints: set[str]) -> None:
        """Adds these to the crawl's duplicate filter: their requests are not queued again."""
        if fingerprints:
            self.server.sadd(self.keys.dupefilter, *fingerprints)

    def pop(self) -> bytes | None:
        """The first request of the queue, leased to this worker; None when it is empty."""
        (data,) = self._call(self._pop)
        return data

    def heartbeat(self) -> int:
        """Renews the worker's lease; the length of the queue."""
        (queued,) = self._call(self._heartbeat)
        return queued

    def idle(self, articles_seen: int) -> Idle:
        """Notes the worker idle, with the articles it has seen so far (see _IDLE)."""
        queued, over, others, became = self._call(self._idle, args=(articles_seen,))
        return Idle(queued, bool(over), others, became.decode() if became else None)

    def articles_seen(self) -> int:
        """The articles every worker of the crawl has seen: all of them once it is over (a
        worker is idle, and has said so, after its last page)."""
        crawl = self.server.hgetall(self.keys.crawl)
        return sum(int(count) for name, count in crawl.items() if name.startswith(b"seen:"))

    def release(self, done: bool) -> int:
        """Drop the worker's leases (done) or put their requests back in the queue; how
        many it held."""
        (held,) = self._call(self._release, args=("1" if done else "0",))
        return held


class LeasedQueue(PriorityQueue):
    """scrapy-redis's priority queue, whose pop leases the request to the worker instead of
    removing it for good."""

    def __init__(self, frontier: Frontier, **kwargs: Any) -> None:
        super().__init__(key=frontier.keys.requests, **kwargs)
        self.frontier = frontier

    def push(self, request: Request, fingerprint: str | None = None) -> bool:
        """Queue the request unless its fingerprint was seen (None: never filtered)."""
        data = self._encode_request(request)
        article_url = request.meta.get(URL_META, "")
        return self.frontier.push(data, -request.priority, fingerprint, article_url)

    def pop(self, timeout: int = 0) -> Request | None:
        data = self.frontier.pop()
        return self._decode_request(data) if data else None
