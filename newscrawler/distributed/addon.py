"""The distributed mode, switched on for every spider by one setting:
``-s NEWSCRAWLER_REDIS_URL=redis://host:6379/0``. It sets scrapy-redis's scheduler (over
the leased queue) and duplicate filter, both kept in Redis across workers and runs, and
lets only the seeding worker send start requests. Without the setting it does nothing."""

from __future__ import annotations

from scrapy.settings import Settings

PRIORITY = "addon"


class DistributedCrawl:
    def update_settings(self, settings: Settings) -> None:
        url = settings.get("NEWSCRAWLER_REDIS_URL")
        if not url:
            return
        prefix = settings.get("NEWSCRAWLER_REDIS_PREFIX")
        settings.set("REDIS_URL", url, priority=PRIORITY)
        settings.set("SCHEDULER", "newscrawler.distributed.scheduler.LeasedScheduler", PRIORITY)
        settings.set("DUPEFILTER_CLASS", "scrapy_redis.dupefilter.RFPDupeFilter", PRIORITY)
        settings.set("SCHEDULER_DUPEFILTER_KEY", f"{prefix}:%(spider)s:dupefilter", PRIORITY)
        # Never emptied by a worker that closes: the queue and the fingerprints are the
        # crawl's, not the worker's (a new crawl empties the fingerprints when it starts).
        settings.set("SCHEDULER_PERSIST", True, priority=PRIORITY)
        settings["SPIDER_MIDDLEWARES"]["newscrawler.distributed.seeding.SeedOnce"] = 0
