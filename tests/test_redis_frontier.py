"""The frontier of a crawl shared in Redis, against a real redis-server: leased requests,
dead workers, the crawl's life, the shared hop counts and the crawl state."""

from __future__ import annotations

import subprocess
import sys
import time

import pytest
import redis
from scrapy import Request
from scrapy.utils.test import get_crawler

from newscrawler.delivery.state import ArticleState, Batch, FeedMove
from newscrawler.distributed.frontier import CrawlKeys, Frontier, LeasedQueue
from newscrawler.distributed.hops import RedisHops
from newscrawler.distributed.state import RedisCrawlState
from newscrawler.spiders.base import URL_META
from newscrawler.spiders.hops import LocalHops, Reached
from newscrawler.spiders.yonhap import YonhapSpider

KEYS = CrawlKeys("test:yonhap")
LEASE = 0.3  # seconds: short, so that a worker that stops renewing it is soon taken for dead


@pytest.fixture
def server(redis_url):
    client = redis.Redis.from_url(redis_url)
    yield client
    client.close()


@pytest.fixture
def spider():
    return get_crawler(YonhapSpider)._create_spider()


def worker(server, spider, name: str) -> LeasedQueue:
    return LeasedQueue(Frontier(server, KEYS, name, LEASE), server=server, spider=spider)


def outlive_lease(*alive: LeasedQueue) -> None:
    """Wait until a worker that renews nothing is taken for dead; the alive ones renew."""
    deadline = time.monotonic() + LEASE + 0.1
    while time.monotonic() < deadline:
        time.sleep(LEASE / 4)
        for queue in alive:
            queue.frontier.heartbeat()


def request(n: int) -> Request:
    url = f"https://en.yna.co.kr/view/AEN2023041900{n:02d}00315"
    return Request(url, meta={URL_META: url}, priority=-n)


def seeded_pair(server, spider, seeder: str, joiner: str) -> tuple[LeasedQueue, LeasedQueue]:
    """Two workers of one crawl: the first seeds it with requests 1 and 2, the second joins."""
    first, second = worker(server, spider, seeder), worker(server, spider, joiner)
    first.frontier.begin()
    assert second.frontier.begin() == "join"
    for n in (1, 2):
        first.push(request(n), f"fp{n}")
    first.frontier.seeding(done=True)
    return first, second


def test_a_request_taken_is_leased_not_gone(server, spider):
    queue = worker(server, spider, "a")
    queue.frontier.begin()
    assert queue.push(request(1), "fp1")
    assert not queue.push(request(1), "fp1")  # seen
    taken = queue.pop()
    assert taken.url == request(1).url
    assert queue.pop() is None
    assert len(queue) == 0
    assert server.hlen(KEYS.leases("a")) == 1


def test_the_requests_of_a_dead_worker_go_back_to_the_queue(server, spider):
    dead, alive = worker(server, spider, "dead"), worker(server, spider, "alive")
    dead.frontier.begin()
    for n in (1, 2):
        dead.push(request(n), f"fp{n}")
    assert dead.pop().url == request(1).url
    alive.frontier.heartbeat()
    assert alive.pop().url == request(2).url  # the dead worker's lease has not run out yet
    assert alive.pop() is None
    outlive_lease(alive)
    assert alive.pop().url == request(1).url
    assert alive.frontier.requeued == 1
    assert not server.exists(KEYS.leases("dead"))
    assert not alive.frontier.lapsed
    dead.frontier.heartbeat()  # it was only stopped, and finds out
    assert dead.frontier.lapsed


def test_a_worker_that_ends_drops_its_leases_when_done_and_requeues_them_otherwise(server, spider):
    queue = worker(server, spider, "a")
    queue.frontier.begin()
    queue.push(request(1), "fp1")
    queue.pop()
    assert queue.frontier.release(done=False) == 1
    assert len(queue) == 1
    queue.pop()
    assert queue.frontier.release(done=True) == 1
    assert len(queue) == 0
    assert not server.exists(KEYS.leases("a"))


def test_one_seeds_the_others_join_and_a_new_crawl_starts_only_after_the_last_closes(
    server, spider
):
    first, second = worker(server, spider, "first"), worker(server, spider, "second")
    assert first.frontier.begin() == "seed"
    assert second.frontier.begin() == "join"
    assert second.frontier.seeding() == "waiting"
    for n in (1, 2):
        first.push(request(n), f"fp{n}")
    first.frontier.seeding(done=True)
    assert second.frontier.seeding() == "seeded"

    assert second.pop() is not None
    assert first.pop() is not None
    assert first.frontier.idle(articles_seen=0) == (0, False, 0, None)
    # Queue empty, all idle: finished. The second, its keeper, waits for the first, which
    # holds a request, to end.
    assert second.frontier.idle(articles_seen=2) == (0, False, 1, "finished")
    assert first.frontier.idle(articles_seen=0) == (0, True, 0, None)
    # The seeder read no article itself; the crawl saw the second worker's.
    assert first.frontier.articles_seen() == 2
    late = worker(server, spider, "late")
    assert late.frontier.begin() == "finishing"  # "first" and "second" are still there
    first.frontier.release(done=True)
    # The late one has nothing to deliver: it stands by, and the keeper does not wait for it.
    assert late.frontier.idle(articles_seen=0) == (0, False, 0, None)
    assert second.frontier.idle(articles_seen=2) == (0, True, 0, None)  # the last one
    second.frontier.release(done=True)
    assert late.frontier.idle(articles_seen=0) == (0, True, 0, "finished")  # nothing left
    late.frontier.release(done=True)
    third = worker(server, spider, "third")
    assert third.frontier.begin() == "seed"
    assert third.push(request(1), "fp1")  # a new crawl forgets the fingerprints
    assert third.frontier.articles_seen() == 0  # and the counts


def test_a_keeper_that_dies_before_delivering_is_replaced_by_a_worker_standing_by(server, spider):
    keeper, standby = seeded_pair(server, spider, "keeper", "standby")
    assert keeper.pop() is not None and keeper.pop() is not None
    assert standby.frontier.idle(articles_seen=0) == (0, False, 0, None)
    # The keeper finds the crawl over and ends at once: no other worker holds requests.
    assert keeper.frontier.idle(articles_seen=2) == (0, True, 0, "finished")
    # It is killed before it has delivered. While its lease runs, it looks alive: the
    # other stands by, and a worker started now stands by too.
    assert standby.frontier.idle(articles_seen=0) == (0, False, 0, None)
    late = worker(server, spider, "late")
    assert late.frontier.begin() == "finishing"
    outlive_lease(standby, late)
    assert standby.frontier.idle(articles_seen=0) == (2, False, 0, "keeper")  # its place
    assert late.frontier.idle(articles_seen=0) == (2, False, 0, None)
    assert standby.pop() is not None and standby.pop() is not None
    assert late.pop() is None
    assert late.frontier.idle(articles_seen=0) == (0, False, 0, None)
    assert standby.frontier.idle(articles_seen=2) == (0, True, 0, None)
    assert standby.frontier.requeued + late.frontier.requeued == 2
    assert standby.frontier.articles_seen() == 2  # the dead keeper's articles counted once
    standby.frontier.release(done=True)
    assert late.frontier.idle(articles_seen=0) == (0, True, 0, "finished")
    late.frontier.release(done=True)
    assert worker(server, spider, "next").frontier.begin() == "seed"


def test_a_busy_worker_that_dies_holds_the_end_until_its_requests_are_back(server, spider):
    dead, alive = worker(server, spider, "dead"), worker(server, spider, "alive")
    dead.frontier.begin()
    dead.push(request(1), "fp1")
    dead.frontier.seeding(done=True)
    dead.pop()
    assert alive.frontier.idle(articles_seen=0) == (0, False, 0, None)
    outlive_lease(alive)
    assert alive.frontier.idle(articles_seen=0) == (1, False, 0, None)  # back in the queue
    assert alive.pop() is not None
    assert alive.frontier.idle(articles_seen=1) == (0, True, 0, "finished")


def test_a_worker_that_dies_idle_before_delivering_has_its_requests_crawled_by_the_keeper(
    server, spider
):
    dead, keeper = seeded_pair(server, spider, "dead", "keeper")
    assert dead.pop().url == request(1).url
    assert keeper.pop().url == request(2).url
    # Its page read, its record in a feed not yet delivered: idle, then killed.
    assert dead.frontier.idle(articles_seen=1) == (0, False, 0, None)
    # Finished: every live worker looks idle, "dead" too until its lease runs out. The
    # worker that finished the crawl keeps it.
    assert keeper.frontier.idle(articles_seen=1) == (0, False, 1, "finished")
    outlive_lease(keeper)
    assert keeper.frontier.idle(articles_seen=1) == (1, False, 0, None)
    assert keeper.pop().url == request(1).url  # fetched again, for the keeper's feed
    assert keeper.frontier.idle(articles_seen=2) == (0, True, 0, None)
    assert keeper.frontier.requeued == 1
    assert keeper.frontier.articles_seen() == 2  # the dead worker's article counted once


def test_a_seeder_that_dies_before_it_is_done_is_replaced(server, spider):
    seeder, other = worker(server, spider, "seeder"), worker(server, spider, "other")
    seeder.frontier.begin()
    other.frontier.begin()
    assert other.frontier.seeding() == "waiting"
    outlive_lease(other)
    assert other.frontier.seeding() == "seed"


def test_redis_hops_answer_as_the_local_ones(server):
    local = LocalHops({}, {})
    shared = RedisHops(server, KEYS, "a")
    steps = [
        ("reach", "A", 0), ("reach", "A", 0), ("fetched", "A", ["B", "C"]), ("reach", "B", 2),
        ("reach", "B", 1), ("reach", "C", 1), ("fetched", "B", ["D"]), ("reach", "C", 0),
        ("fetched", "C", []), ("reach", "B", 0), ("reach", "B", 3),
    ]  # fmt: skip
    for step, url, arg in steps:
        if step == "reach":
            assert shared.reach(url, arg) == local.reach(url, arg), (step, url, arg)
        else:
            assert shared.fetched(url, arg, 5) == local.fetched(url, arg, 5), (step, url)


def test_an_article_reached_by_a_worker_that_died_before_queueing_it_is_reached_again(
    server, spider
):
    dead, alive = worker(server, spider, "dead"), worker(server, spider, "alive")
    dead.frontier.begin()
    url = request(1).url
    assert RedisHops(server, KEYS, "dead").reach(url, 1) == Reached(None, None)
    outlive_lease(alive)  # "dead" was killed before the request was queued
    hops = RedisHops(server, KEYS, "alive")
    assert hops.reach(url, 2) == Reached(None, None)  # fetched, at the smallest count known
    assert hops.fetched(url, [], 2) == 1
    assert alive.push(request(1), "fp1")
    assert not server.sismember(KEYS.pending("alive"), url)


def test_the_crawl_state_in_redis_answers_as_the_sqlite_one(server, tmp_path):
    state = RedisCrawlState(server, "test", tmp_path)
    article = _article()
    assert state.get(article.url) is None
    assert len(state) == 0
    state.save([article, ArticleState(**{**article.__dict__, "url": "u2", "version": 0})])
    assert state.get(article.url) == article
    assert state.latest_version("yonhap", "AEN20230419003800320") == 1
    assert state.latest_version("yonhap", "other") is None
    assert len(state) == 2
    assert state.get_many([article.url, "u3", "u2"]) == {
        article.url: article,
        "u2": ArticleState(**{**article.__dict__, "url": "u2", "version": 0}),
    }


def test_a_workers_staged_exports_are_saved_with_its_batch(server, tmp_path):
    state = RedisCrawlState(server, "test", tmp_path)
    article = _article()
    updated = ArticleState(**{**article.__dict__, "version": 2})
    other = ArticleState(**{**article.__dict__, "url": "u2"})
    state.stage("r1", [article, other])
    assert state.get(article.url) is None
    assert state.record(Batch("r1", [updated], [])) == 2
    assert state.get_many([article.url, "u2"]) == {article.url: updated, "u2": other}


def test_a_recorded_batch_is_known_at_once_and_pending_on_its_folder_once_its_run_died(
    server, tmp_path, monkeypatch
):
    state = RedisCrawlState(server, "test", tmp_path)
    move = FeedMove(str(tmp_path / "f.jsonl.r1.part"), str(tmp_path / "f.jsonl"), False, 0)
    batch = Batch("r1", [_article()], [move])
    state.record(batch)
    assert state.get(batch.articles[0].url) == batch.articles[0]  # other workers know it
    assert state.pending() is None  # its run (this process) is alive
    other_folder = RedisCrawlState(server, "test", tmp_path / "elsewhere")
    # The batch as a run that has died left it: recorded by a process that is gone.
    ended = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                           capture_output=True, text=True, check=True)  # fmt: skip
    monkeypatch.setattr("os.getpid", lambda: int(ended.stdout))
    state.record(batch)
    assert state.pending() == batch
    assert other_folder.pending() is None  # its feeds are another folder's files
    assert state.promote("r1") == 1
    assert state.pending() is None


def _article() -> ArticleState:
    return ArticleState(
        url="https://en.yna.co.kr/view/AEN20230419003851320",
        source="yonhap",
        story_id="AEN20230419003800320",
        version=1,
        content_hash="abc",
        published="2023-04-19T14:53:59+09:00",
        modified=None,
        first_seen="2023-04-19T06:00:00Z",
        last_seen="2023-04-19T06:00:00Z",
    )
