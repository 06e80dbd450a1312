"""Several workers, on one machine or many, crawling over one frontier and one crawl state in
Redis. Switched on by ``-s NEWSCRAWLER_REDIS_URL=redis://...`` (the add-on in ``addon``),
for every spider, with nothing else to change.

- ``frontier``: the keys of a crawl in Redis, the leased request queue (a request taken by
  a worker returns to the queue when the worker stops renewing its lease), and the crawl's
  life: one process seeds, every process consumes, the crawl is over when the queue is
  empty and every live worker is idle; the worker that finds it so stays until the others
  have ended, to fetch again what one that died before delivering held.
- ``scheduler``: scrapy-redis's scheduler and duplicate filter over that queue, with the
  worker's heartbeat and its end of crawl.
- ``seeding``: the spider middleware that lets only the seeding process send its start
  requests.
- ``hops``: the smallest hop count per article and the related links per fetched article,
  shared by the workers.
- ``state``: the crawl state (every article exported) in Redis.
"""
