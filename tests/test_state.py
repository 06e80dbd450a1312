"""The crawl state file: its schema migrated, its damage reported, its write-ahead batch
finished by the next run; the lock that keeps one run per state."""

from __future__ import annotations

import sqlite3
import subprocess
import sys

import pytest
from scrapy.utils.test import get_crawler

from newscrawler.delivery.lock import LockHeld, RunLock
from newscrawler.delivery.run import CrawlRun, apply_move
from newscrawler.delivery.state import (
    SCHEMA_VERSION,
    ArticleState,
    Batch,
    CrawlState,
    DamagedState,
    FeedMove,
)
from newscrawler.spiders.yonhap import YonhapSpider
from tests.crawling import run_scrapy, scrapy_command

ARTICLE = ArticleState(
    url="https://en.yna.co.kr/view/A",
    source="yonhap",
    story_id="A",
    version=0,
    content_hash="h",
    published="2023-04-19T14:53:59+09:00",
    modified=None,
    first_seen="2023-04-19T06:00:00+00:00",
    last_seen="2023-04-19T06:00:00+00:00",
)


def test_a_first_schema_state_is_migrated_and_keeps_its_articles(tmp_path):
    path = tmp_path / "state.sqlite"
    with sqlite3.connect(path) as db:  # the schema before version 2: articles alone
        db.execute(
            "CREATE TABLE articles (url TEXT PRIMARY KEY, source TEXT NOT NULL, story_id TEXT, "
            "version INTEGER NOT NULL, content_hash TEXT NOT NULL, published TEXT, "
            "modified TEXT, first_seen TEXT NOT NULL, last_seen TEXT NOT NULL)"
        )
        db.execute(
            "INSERT INTO articles VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", tuple(vars(ARTICLE).values())
        )
    db.close()
    state = CrawlState(path)
    assert state.get(ARTICLE.url) == ARTICLE
    assert state.pending() is None
    state.close()
    with sqlite3.connect(path) as db:
        assert db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    db.close()


def test_a_newer_schema_is_refused_not_misread(tmp_path):
    path = tmp_path / "state.sqlite"
    db = sqlite3.connect(path)
    db.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    db.close()
    with pytest.raises(DamagedState, match="written by a newer newscrawler"):
        CrawlState(path)


@pytest.mark.parametrize("damage", ["overwritten", "truncated"])
def test_a_damaged_state_names_the_file_and_what_to_do(tmp_path, damage):
    path = tmp_path / "state.sqlite"
    state = CrawlState(path)
    state.record(Batch("r1", [ARTICLE], []))
    state.promote("r1")
    state.close()
    with path.open("r+b") as file:
        if damage == "overwritten":
            file.write(b"\xff" * 200)
        else:
            file.truncate(path.stat().st_size // 2)
    with pytest.raises(DamagedState) as error:
        CrawlState(path)
    assert str(path) in str(error.value)
    assert "scrapy state" in str(error.value)


def test_a_recorded_batch_is_pending_until_promoted(tmp_path):
    state = CrawlState(tmp_path / "state.sqlite")
    move = FeedMove("f.jsonl.r1.part", "f.jsonl", True, 10)
    state.record(Batch("r1", [ARTICLE], [move]))
    assert state.get(ARTICLE.url) is None  # not delivered until the moves are made
    assert state.pending() == Batch("r1", [ARTICLE], [move])
    assert state.promote("r1") == 1
    assert state.pending() is None
    assert state.get(ARTICLE.url) == ARTICLE


def test_staged_articles_are_recorded_with_the_batch_the_latest_of_each_url(tmp_path):
    """A run stages its exports as it goes (its memory does not grow with them): they
    are not known until the commit point, then recorded with the rest of the batch."""
    state = CrawlState(tmp_path / "state.sqlite")
    other = ArticleState(**{**vars(ARTICLE), "url": "https://en.yna.co.kr/view/B"})
    updated = ArticleState(**{**vars(ARTICLE), "version": 1, "content_hash": "h2"})
    state.stage("r1", [ARTICLE, other])
    assert state.get(ARTICLE.url) is None
    assert state.pending() is None  # staged is not recorded: no commit point yet
    assert state.record(Batch("r1", [updated], [])) == 2
    assert sorted(state.pending().articles, key=lambda a: a.url) == [updated, other]
    assert state.promote("r1") == 2
    assert state.get_many([ARTICLE.url, other.url]) == {ARTICLE.url: updated, other.url: other}


def test_what_a_run_staged_before_it_died_is_forgotten_not_delivered(tmp_path):
    path = tmp_path / "state.sqlite"
    state = CrawlState(path)
    state.stage("dead", [ARTICLE])
    state.close()
    crawler = get_crawler(YonhapSpider, {"NEWSCRAWLER_STATE_FILE": str(path)})
    run = CrawlRun.from_crawler(crawler)  # the next run, which recovers what is left
    assert run.state.record(Batch("dead", [], [])) == 0
    assert run.state.get(ARTICLE.url) is None
    run.engine_stopped()


def test_an_append_cut_short_is_redone_from_the_recorded_size(tmp_path):
    target, part = tmp_path / "feed.jsonl", tmp_path / "feed.jsonl.r1.part"
    target.write_bytes(b"old\nhalf of the new")  # the append died halfway
    part.write_bytes(b"new\n")
    move = FeedMove(str(part), str(target), True, len(b"old\n"))
    apply_move(move)
    assert target.read_bytes() == b"old\nnew\n"
    assert not part.exists()
    apply_move(move)  # done: its .part is gone
    assert target.read_bytes() == b"old\nnew\n"


def test_a_held_lock_names_its_holder(tmp_path):
    state = tmp_path / "state.sqlite"
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys, time; from pathlib import Path; "
            "from newscrawler.delivery.lock import RunLock; "
            f"RunLock.acquire(Path({str(state)!r})); print('held', flush=True); time.sleep(30)",
        ],
        stdout=subprocess.PIPE,
        text=True,
        env=scrapy_command([])[1],  # this checkout on the path
    )
    try:
        assert holder.stdout.readline() == "held\n"
        with pytest.raises(LockHeld, match=f"pid {holder.pid} on "):
            RunLock.acquire(state, wait=0.3)
    finally:
        holder.kill()
        holder.wait()
    RunLock.acquire(state).release()  # the kernel dropped the dead holder's lock


def test_state_command_checks_exports_and_rebuilds(tmp_path):
    path = tmp_path / "state.sqlite"
    state = CrawlState(path)
    state.record(Batch("r1", [ARTICLE], []))
    state.promote("r1")
    state.close()
    check = run_scrapy(["state", "check", "--state", str(path)], cwd=tmp_path)
    assert check.returncode == 0, check.stderr
    assert "sound; schema version 2; 1 article(s) delivered" in check.stdout
    export = run_scrapy(["state", "export", "--state", str(path), "-o", "a.jsonl"], cwd=tmp_path)
    assert export.returncode == 0, export.stderr
    assert ARTICLE.url in (tmp_path / "a.jsonl").read_text()

    path.write_bytes(b"not a database" * 100)
    check = run_scrapy(["state", "check", "--state", str(path)], cwd=tmp_path)
    assert check.returncode == 1
    assert f"{path}: damaged" in check.stderr
    assert "Traceback" not in check.stderr
    reset = run_scrapy(["state", "reset", "--state", str(path)], cwd=tmp_path)
    assert reset.returncode == 0, reset.stderr
    assert not path.exists()
    assert list(tmp_path.glob("state.sqlite.*.old"))


def test_a_delivery_that_cannot_be_finished_stops_the_next_run_with_one_message(tmp_path):
    path = tmp_path / "state.sqlite"
    part, target = tmp_path / "f.jsonl.r1.part", tmp_path / "f.jsonl"
    part.write_text("{}\n")
    target.mkdir()  # a folder where the feed goes: the rename fails, even for root
    state = CrawlState(path)
    state.record(Batch("r1", [ARTICLE], [FeedMove(str(part), str(target), False, 0)]))
    state.close()
    settings = {"NEWSCRAWLER_OUTPUT_DIR": str(tmp_path), "NEWSCRAWLER_STATE_FILE": str(path)}
    run = CrawlRun.from_crawler(get_crawler(YonhapSpider, settings))
    try:
        assert run._refusal is not None
        reason, message = run._refusal
        assert reason == "output_unwritable"
        assert "The last run's delivery could not be finished" in message
        assert run.state.pending() is not None  # kept for the next run
    finally:
        run.engine_stopped()
