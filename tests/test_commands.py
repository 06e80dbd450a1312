"""Scrapy's own tools on this project, as a Scrapy user runs them: `scrapy parse` (its
default callback, -c, --pipelines, --raw), `shell` and `fetch` leaving nothing behind,
a missing or broken REPLAY_DIR as one message, `scrapy score` over a folder of sites."""

from __future__ import annotations

import json
import shutil

import pytest

from tests.crawling import run_scrapy
from tests.paths import FIXTURES, GOLDEN

SAMPLE = "https://en.yna.co.kr/view/AEN20211023001800325"
REPLAY = ["-s", f"REPLAY_DIR={FIXTURES / 'yonhap'}"]


def parse(tmp_path, *options: str):
    result = run_scrapy(["parse", *REPLAY, "--spider", "yonhap", *options, SAMPLE], tmp_path)
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    return result


@pytest.mark.parametrize(
    "options", [(), ("-c", "parse_article"), ("-c", "parse_article", "--pipelines")]
)
def test_parse_shows_the_record_as_a_crawl_exports_it_and_leaves_nothing(tmp_path, options):
    result = parse(tmp_path, *options)
    # The pipelines ran: the dateline is split off the first paragraph.
    assert "'headline': \"China's Xi vows to bolster ties with N. Korea in letter to Kim\"" in (
        result.stdout
    )
    assert "'location': 'SEOUL'" in result.stdout
    assert "'body': ['Chinese President Xi Jinping has reaffirmed" in result.stdout
    assert list(tmp_path.iterdir()) == []  # no feed, no crawl state, no stats


def test_parse_raw_shows_what_the_spider_yields(tmp_path):
    result = parse(tmp_path, "--raw")
    assert "SEOUL, Oct. 23 (Yonhap) -- Chinese President" in result.stdout
    assert list(tmp_path.iterdir()) == []


def test_fetch_and_shell_leave_nothing_behind(tmp_path):
    fetched = run_scrapy(["fetch", "--nolog", *REPLAY, SAMPLE], tmp_path)
    assert fetched.returncode == 0, fetched.stderr
    assert "China&#39;s Xi vows" in fetched.stdout or "China's Xi vows" in fetched.stdout
    shell = run_scrapy(["shell", *REPLAY, "-c", "response.css('h1::text').get()", SAMPLE], tmp_path)
    assert shell.returncode == 0, shell.stderr
    assert "Xi vows" in shell.stdout
    assert "Crawl summary" not in fetched.stderr + shell.stderr
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("store", ["missing", "no_index", "broken_index"])
def test_a_missing_or_broken_replay_store_is_one_message(tmp_path, store):
    folder = tmp_path / "store"
    if store != "missing":
        folder.mkdir()
    if store == "broken_index":
        (folder / "index.jsonl").write_text("{not json\n", "utf-8")
    result = run_scrapy(["crawl", "yonhap", "-s", f"REPLAY_DIR={folder}"], tmp_path)
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    errors = [line for line in result.stderr.splitlines() if ": error: " in line]
    assert len(errors) == 1, result.stderr
    assert f"error: REPLAY_DIR={folder}: " in errors[0]


def test_score_looks_into_the_subfolders_of_a_folder(tmp_path):
    expected = tmp_path / "golden"
    for site in ("yonhap", "apnews"):
        shutil.copytree(GOLDEN / "corpus" / site, expected / site)
    feed = tmp_path / "feed.jsonl"
    records = [json.loads(p.read_text("utf-8")) for p in sorted(expected.rglob("*.json"))]
    feed.write_text("".join(json.dumps(r) + "\n" for r in records), "utf-8")
    result = run_scrapy(["score", str(feed), str(expected), "--min-headline", "1"], tmp_path)
    assert result.returncode == 0, result.stderr
    assert "yonhap" in result.stdout and "apnews" in result.stdout
    assert "not in feed" not in result.stdout
