"""Monitoring: every crawl ends with Spidermon's checks and a readable summary, and
`scrapy crawl` exits non-zero when a check fails, so that cron notices."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from scrapy.utils.test import get_crawler
from spidermon.contrib.scrapy.extensions import Spidermon

from newscrawler import settings as project_settings
from newscrawler.items import ArticleItem
from newscrawler.operations.monitors import CrawlChecks
from newscrawler.operations.statscollector import PlainStatsCollector
from tests.crawling import crawl
from tests.paths import FIXTURES

SPIDERMON_SETTINGS = {
    name: getattr(project_settings, name)
    for name in dir(project_settings)
    if name.startswith("SPIDERMON_")
}

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


_RECORDS = [
    ArticleItem(
        url="https://en.yna.co.kr/view/AEN1", headline="N/A", labels=[], authors=["-"],
        dateline={"text": "SEOUL, May 1 (Yonhap) --", "location": "SEOUL", "date": None,
                  "agency": ""},
        section="-", keywords=["x"], body=["Text."], version=0, change="new",
    ),
    ArticleItem(
        url="https://en.yna.co.kr/view/AEN2", headline="Headline", story_id="0",
        dateline={"text": "x", "location": {"name": "N/A", "deeper": {"a": 1}}, "date": "-",
                  "agency": None},
        related=[{"headline": "h", "url": "u"}], version=3, editor_note="",
    ),
]  # fmt: skip


@pytest.mark.parametrize(
    "settings",
    [
        {},
        {"SPIDERMON_FIELD_COVERAGE_SKIP_NONE": True},
        {"SPIDERMON_FIELD_COVERAGE_SKIP_FALSY": False},
        {"SPIDERMON_FIELD_COVERAGE_SKIP_FALSY": False, "SPIDERMON_FIELD_COVERAGE_SKIP_NONE": True},
        {"SPIDERMON_FIELD_COVERAGE_SKIP_VALUES": [None, 0, "x", "", [], 3]},
        {"SPIDERMON_FIELD_COVERAGE_SKIP_VALUES": '[null, false, "Headline"]'},
        {"SPIDERMON_DICT_FIELDS_COVERAGE_LEVELS": 0},
        {"SPIDERMON_DICT_FIELDS_COVERAGE_LEVELS": 1},
        {"SPIDERMON_DICT_FIELDS_COVERAGE_LEVELS": {"dateline": 0}},
        {"SPIDERMON_LIST_FIELDS_COVERAGE_LEVELS": 1},
    ],
)
def test_field_coverage_is_counted_as_spidermon_counts_it(settings):
    """Every count Spidermon's own extension makes of the same records and a dict item."""
    counts = []
    for extension in (CrawlChecks, Spidermon):
        crawler = get_crawler(settings_dict={**SPIDERMON_SETTINGS, **settings})
        crawler.stats = PlainStatsCollector(crawler)
        spider = SimpleNamespace(crawler=crawler)
        checks = extension.from_crawler(crawler)
        for item in [*_RECORDS, {"url": "https://en.yna.co.kr/view/AEN3", "body": None}]:
            checks.item_scraped(item, None, spider)
        counts.append(crawler.stats.get_stats())
    assert counts[0] == counts[1]
    assert counts[0]["spidermon_item_scraped_count/ArticleItem"] == 2
