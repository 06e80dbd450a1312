"""A bug in a spider's extraction or in any item pipeline costs the page only: it becomes
a parse_error reject whose detail names the exception and where it was raised, logged in
one line, never a traceback, never a lost page; the crawl's monitors report it."""

from __future__ import annotations

import json

import pytest

from newscrawler import settings
from tests.crawling import CrawlResult, crawl, tracebacks
from tests.paths import FIXTURES

STORE = FIXTURES / "bad"
VIEW = "https://en.yna.co.kr/view/"
BUSAN = f"{VIEW}AEN20230502001200315"  # the pipeline's bug
HANGEUL = f"{VIEW}AEN20230502002100315"  # the spider's bug
FINE = f"{VIEW}AEN20230502001100315"


@pytest.fixture(scope="module")
def buggy_crawl(tmp_path_factory: pytest.TempPathFactory) -> CrawlResult:
    pipelines = {**settings.ITEM_PIPELINES, "tests.broken.PipelineWithABug": 450}
    return crawl(
        "yonhap_with_a_bug",
        tmp_path_factory.mktemp("bugs"),
        store=STORE,
        urls=[BUSAN, HANGEUL, FINE],
        settings={
            "SPIDER_MODULES": "newscrawler.spiders,tests.broken",
            "ITEM_PIPELINES": json.dumps(pipelines),
        },
    )


def reject(result: CrawlResult, url: str) -> dict:
    [line] = [line for line in result.rejects if line["url"] == url]
    return line


def test_a_bug_in_a_pipeline_is_a_parse_error_reject_with_the_exception(buggy_crawl):
    line = reject(buggy_crawl, BUSAN)
    assert line["reason"] == "parse_error"
    assert "KeyError: 'dateline'" in line["detail"]
    assert "broken.py" in line["detail"] and "process_item" in line["detail"]
    assert line["record"]["headline"].startswith("Busan port cargo volume")  # kept for the report


def test_a_bug_in_the_extraction_is_a_parse_error_reject_with_the_exception(buggy_crawl):
    line = reject(buggy_crawl, HANGEUL)
    assert line["reason"] == "parse_error"
    assert "ZeroDivisionError: division by zero in a selector" in line["detail"]
    assert "extract_article" in line["detail"]


def test_the_other_pages_are_records_and_the_monitors_report_the_bugs(buggy_crawl):
    assert [record["url"] for record in buggy_crawl.records] == [FINE]
    assert buggy_crawl.stats["newscrawler/rejected/parse_error"] == 2
    assert buggy_crawl.returncode == 1  # errors in the log fail the crawl's monitors


def test_each_bug_is_one_log_line_not_a_traceback(buggy_crawl):
    assert tracebacks(buggy_crawl.log) == 0
    errors = [line for line in buggy_crawl.log.splitlines() if "] ERROR:" in line]
    assert sum("parse_error" in line for line in errors) == 2
