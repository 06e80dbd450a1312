"""Monitoring: every crawl ends with Spidermon's checks and a readable summary, and
`scrapy crawl` exits non-zero when a check fails, so that cron notices."""

from __future__ import annotations

from tests.crawling import crawl
from tests.paths import FIXTURES

STORE = FIXTURES / "yonhap"
SAMPLE = "https://en.yna.co.kr/view/AEN20211023001800325"
MISSING = "https://en.yna.co.kr/view/AEN20211022006000315"


def test_a_healthy_crawl_passes_its_monitors_and_says_so(tmp_path):
    result = crawl("yonhap", tmp_path, store=STORE, urls=[SAMPLE], hops=1)
    assert result.returncode == 0, result.log
    assert result.stats["newscrawler/monitors/failed"] == 0
    assert result.stats["newscrawler/monitors/passed"] == 7
    assert "Crawl summary (yonhap):" in result.log
    assert "records: 4 new, 0 updated, 0 unchanged (not exported again), 4 exported" in result.log
    assert "rejected: 9 (http_404 9)" in result.log
    assert "monitors: 7 passed, 0 skipped, 0 failed" in result.log


def test_a_crawl_that_finds_no_article_fails_and_exits_non_zero(tmp_path):
    # At DEBUG, where Spidermon's own report of the failed check goes.
    result = crawl("yonhap", tmp_path, store=STORE, urls=[MISSING], settings={"LOG_LEVEL": "DEBUG"})
    assert result.returncode == 1
    assert result.stats["newscrawler/monitors/failed"] == 1
    assert "FAILED Article count/Saw the minimum number of articles: 0 articles seen" in result.log
    # One message: the summary's, which names the check; no traceback that reads as a crash.
    errors = [line for line in result.log.splitlines() if "] ERROR: " in line]
    assert errors == [errors[0]] and errors[0].endswith("ERROR: Crawl summary (yonhap):")
    assert "Traceback" not in result.log


def test_a_quiet_incremental_run_is_healthy(tmp_path):
    crawl("yonhap", tmp_path, store=STORE, urls=[SAMPLE])
    again = crawl("yonhap", tmp_path, store=STORE, urls=[SAMPLE])
    assert again.returncode == 0, again.log
    assert again.records == []
    assert "records: 0 new, 0 updated, 1 unchanged (not exported again), 0 exported" in again.log


def test_field_coverage_under_its_threshold_fails(tmp_path):
    rules = '{"ArticleItem/headline": 1.0, "ArticleItem/authors": 1.0}'
    result = crawl(
        "yonhap",
        tmp_path,
        store=STORE,
        urls=[SAMPLE],
        settings={"SPIDERMON_FIELD_COVERAGE_RULES": rules},
    )
    assert result.returncode == 1
    assert result.stats["newscrawler/monitors/failures"][0].startswith("Field Coverage Monitor")
    assert "ArticleItem/authors (expected 1.0, got 0" in result.log


def test_unwanted_http_codes_over_their_limit_fail(tmp_path):
    result = crawl(
        "yonhap",
        tmp_path,
        store=STORE,
        urls=[SAMPLE],
        hops=1,
        settings={"SPIDERMON_UNWANTED_HTTP_CODES": '{"404": 3}'},
    )
    assert result.returncode == 1
    assert any(
        f.startswith("Unwanted HTTP codes") for f in result.stats["newscrawler/monitors/failures"]
    )


def test_every_exported_record_is_validated_against_the_schema(tmp_path):
    result = crawl("yonhap", tmp_path, store=STORE, urls=[SAMPLE])
    assert result.stats["spidermon/validation/items"] == 1
    assert "spidermon/validation/items/errors" not in result.stats
