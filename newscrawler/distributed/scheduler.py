"""scrapy-redis's scheduler over the leased queue: one worker of a crawl shared in Redis.

At open, the worker joins the crawl under way or starts a new one (and then seeds it). A
thread of its own renews its lease every second, so that a busy reactor is not taken for a
dead worker; a worker that was taken for dead all the same (stopped longer than its lease)
finds out within a second and fails its run (``CrawlRun.fail``), delivering nothing: the
requests it had taken are another's now, and what it exported is exported there. When it
has nothing to do it says so, and waits (the spider stays open) until the queue has
requests again or the crawl is over (``frontier``); the worker that finished the crawl, its
keeper, waits until every other worker has ended, and crawls again what a dead one held; a
worker with nothing to deliver stands by until the keeper has ended, and keeps the crawl
in its place if the keeper dies before it has delivered.
When the engine has stopped, after the feeds and the crawl state are written, it releases
what it leased: dropped if the crawl finished and its feeds were stored, back in the queue
otherwise (a stop, a failed feed), for the next worker or the next run."""

from __future__ import annotations

import logging
import threading
from typing import Any

from redis.exceptions import RedisError
from scrapy import signals
from scrapy.crawler import Crawler
from scrapy.exceptions import CloseSpider, DontCloseSpider, NotConfigured
from scrapy.http import Request
from scrapy.spiders import Spider
from scrapy.utils.asyncio import create_looping_call
from scrapy.utils.misc import load_object
from scrapy_redis.connection import get_redis_from_settings
from scrapy_redis.scheduler import Scheduler

from newscrawler.delivery.run import CrawlRun
from newscrawler.distributed.frontier import CrawlKeys, Frontier, LeasedQueue, worker_id
from newscrawler.operations.monitors import ARTICLE_STATS

logger = logging.getLogger(__name__)

HEARTBEAT_SECONDS = 1.0


class LeasedScheduler(Scheduler):
    crawler: Crawler
    frontier: Frontier
    queue: LeasedQueue

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> LeasedScheduler:
        settings = crawler.settings
        # Not scrapy-redis's from_settings: it pings Redis here, where a failure can only be
        # a traceback; open() says it in one message and closes the spider.
        scheduler = cls(
            server=get_redis_from_settings(settings),
            persist=True,
            dupefilter_key=settings.get("SCHEDULER_DUPEFILTER_KEY"),
            dupefilter_cls=settings.get("DUPEFILTER_CLASS"),
        )
        scheduler.crawler = crawler
        scheduler.stats = crawler.stats
        scheduler.lease_seconds = crawler.settings.getfloat("NEWSCRAWLER_REDIS_LEASE_SECONDS")
        if scheduler.lease_seconds < 3 * HEARTBEAT_SECONDS:
            raise NotConfigured(
                f"NEWSCRAWLER_REDIS_LEASE_SECONDS={scheduler.lease_seconds}: a worker renews "
                f"its lease every {HEARTBEAT_SECONDS:g} s; give it at least "
                f"{3 * HEARTBEAT_SECONDS:g} s"
            )
        scheduler.joined = False  # the crawl in Redis, once it could be reached
        scheduler.seeds = False
        scheduler.idle = False
        scheduler._idle_checks = create_looping_call(scheduler.check_while_idle)
        scheduler._unreachable = ""
        crawler.signals.connect(scheduler.on_spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(scheduler.on_spider_idle, signal=signals.spider_idle)
        crawler.signals.connect(scheduler.on_engine_stopped, signal=signals.engine_stopped)
        return scheduler

    def open(self, spider: Spider) -> None:
        self.spider = spider
        keys = CrawlKeys.of(self.crawler.settings, spider.name)
        self.frontier = Frontier(self.server, keys, worker_id(), self.lease_seconds)
        self.queue = LeasedQueue(self.frontier, server=self.server, spider=spider,
                                 serializer=self.serializer)  # fmt: skip
        if not self.df:
            self.df = load_object(self.dupefilter_cls).from_spider(spider)
        try:
            role = self.frontier.begin()
        except RedisError as error:
            address = self.server.connection_pool.connection_kwargs
            self._unreachable = (
                f"Redis at {address.get('host')}:{address.get('port')} cannot be reached "
                f"({error}): start it, or fix NEWSCRAWLER_REDIS_URL. Nothing was fetched."
            )
            return
        self.joined = True
        self.seeds = role == "seed"
        if self.seeds:
            self._filter_out_queued()
        self.crawler.stats.set_value("newscrawler/redis/worker", self.frontier.worker)
        self.crawler.stats.set_value("newscrawler/redis/role", role)
        logger.info(
            "Worker %s (%s) %s; %d requests queued",
            self.frontier.worker,
            keys.base,
            {
                "seed": "seeds the crawl",
                "join": "joins the crawl under way",
                "finishing": "found the crawl finished, its workers ending: it stands by until "
                "its keeper has delivered, and takes its place if it dies first",
            }[role],
            len(self.queue),
        )
        self._lease_keeper = LeaseKeeper(self.frontier)
        self._lease_keeper.start()
        self._idle_checks.start(HEARTBEAT_SECONDS, now=False)

    def _filter_out_queued(self) -> None:
        """A new crawl keeps the requests the last one left in the queue (a keeper that died
        before delivering, with no worker to take its place): the new crawl's duplicate
        filter gets their fingerprints, so that its start requests do not queue those
        articles again and each is fetched once."""
        left = [self.queue._decode_request(data) for data in self.frontier.queued()]
        self.frontier.filter_out(
            {self.df.request_fingerprint(request) for request in left if not request.dont_filter}
        )
        if left:
            logger.info("The new crawl starts with %d requests the last one left", len(left))

    def on_spider_opened(self) -> None:
        # Not raised in open(): Scrapy opens the scheduler before the scraper, and a spider
        # closed in between fails to close its scraper.
        if self._unreachable:
            logger.error(self._unreachable)
            raise CloseSpider("redis_unreachable")

    def close(self, reason: str) -> None:
        """The queue and the duplicate filter outlive the worker; its leases are released
        when the engine has stopped, after the feeds and the crawl state."""
        if self.joined and self.frontier.lapsed:
            # Before the feeds close: a worker that learnt it was taken for dead from the
            # very call that said the crawl is over must not deliver either.
            self._lapsed()
        if self.joined:
            self.crawler.stats.set_value(
                "newscrawler/redis/requeued_from_dead_workers", self.frontier.requeued
            )
        if self.seeds:
            # Before the monitors: the seeder answers for the articles of the whole crawl,
            # wherever they were read (another worker may have taken the feed).
            try:
                seen = self.frontier.articles_seen()
            except RedisError as error:
                logger.warning("The crawl's article count could not be read (%s)", error)
            else:
                self.crawler.stats.set_value("newscrawler/redis/articles_seen", seen)

    def enqueue_request(self, request: Request) -> bool:
        if not self.joined:
            return False
        fingerprint = None if request.dont_filter else self.df.request_fingerprint(request)
        if not self.queue.push(request, fingerprint):
            self.df.log(request, self.spider)
            return False
        self.crawler.stats.inc_value("scheduler/enqueued/redis")
        return True

    def next_request(self) -> Request | None:
        if not self.joined:
            return None
        request = self.queue.pop()
        if request is not None:
            self.idle = False
            self.crawler.stats.inc_value("scheduler/dequeued/redis")
        return request

    def has_pending_requests(self) -> bool:
        return self.joined and len(self.queue) > 0

    # -- the crawl's end -----------------------------------------------------------------

    def on_spider_idle(self) -> None:
        """Nothing to do here: the spider stays open until the crawl is over everywhere."""
        if not self.joined:
            return
        self.idle = True
        if not self._idle_check():
            raise DontCloseSpider

    def _idle_check(self) -> bool:
        stats = self.crawler.stats
        seen = sum(stats.get_value(n, 0) for n in ARTICLE_STATS)
        idle = self.frontier.idle(seen)
        if self.frontier.lapsed:
            self._lapsed()
            return True
        if idle.became_keeper not in (None, "finished"):
            stats.set_value("newscrawler/redis/keeper", 1)
            logger.warning(
                "The crawl's keeper, worker %s, ended before it had delivered (it died, or its "
                "feeds failed): this worker keeps the crawl in its place and fetches its %d "
                "requests again",
                idle.became_keeper,
                idle.queued,
            )
        elif idle.became_keeper and idle.others:
            stats.set_value("newscrawler/redis/keeper", 1)
            logger.info(
                "The crawl is finished: this worker keeps it until the %d other worker(s) have "
                "ended, and fetches again the requests of any that dies before delivering",
                idle.others,
            )
        if idle.queued and not idle.over:
            self._wake_engine()
        return idle.over

    def check_while_idle(self) -> None:
        if self.frontier.lapsed:
            self._lapsed()
        elif self.idle and self._idle_check():
            self._wake_engine()  # to close the spider now, not at its next heartbeat

    def _lapsed(self) -> None:
        if self.crawler.stats.get_value("newscrawler/redis/lease_lapsed"):
            return
        self.crawler.stats.set_value("newscrawler/redis/lease_lapsed", 1)
        # Its requests are another worker's now: what it exported is exported again there.
        CrawlRun.from_crawler(self.crawler).fail(
            f"Worker {self.frontier.worker} was taken for dead: it did not renew its lease "
            f"for NEWSCRAWLER_REDIS_LEASE_SECONDS={self.lease_seconds:g} s (a stopped or "
            f"starved process), and the requests it had taken went to other workers (give it "
            f"a longer lease if it is only slow)"
        )

    def _wake_engine(self) -> None:
        # The engine looks at an idle scheduler only every 5 s; other workers' requests
        # should be taken as soon as they are queued. Scrapy has no public call for this.
        if (slot := self._open_engine_slot()) is not None:
            slot.nextcall.schedule()

    def _open_engine_slot(self) -> Any:
        slot = getattr(self.crawler.engine, "_slot", None)
        return slot if slot is not None and slot.closing is None else None

    def on_engine_stopped(self) -> None:
        if not self.joined:
            return
        if self._idle_checks.running:
            self._idle_checks.stop()
        self._lease_keeper.stop()  # before the release, which the next beat would undo
        stats = self.crawler.stats
        failed_feeds = stats.get_value("newscrawler/delivery/failed") or any(
            key.startswith("feedexport/failed") for key in stats.get_stats()
        )
        done = stats.get_value("finish_reason") == "finished" and not failed_feeds
        done = done and not self.frontier.lapsed
        released = self.frontier.release(done)
        if not done and released:
            logger.warning(
                "%d requests this worker took are back in the queue (%s): the next worker or "
                "run fetches them again",
                released,
                "its feeds failed" if failed_feeds else stats.get_value("finish_reason"),
            )


class LeaseKeeper(threading.Thread):
    """Renews the worker's lease every second, whatever the reactor is busy with."""

    def __init__(self, frontier: Frontier) -> None:
        super().__init__(name=f"lease of {frontier.worker}", daemon=True)
        self.frontier = frontier
        self._stopped = threading.Event()

    def run(self) -> None:
        while not self._stopped.wait(HEARTBEAT_SECONDS):
            try:
                self.frontier.heartbeat()
            except RedisError as error:  # the next beat tries again, within the lease
                logger.warning("Could not renew the lease of %s: %s", self.frontier.worker, error)

    def stop(self) -> None:
        self._stopped.set()
        self.join()
