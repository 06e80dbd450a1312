"""Bad inputs of every class of issue 10 (tests/defects.py): one real crawl over the store
fixtures/defects; each input gives the record a reader of the page expects, or a reject
with its reason. None crashes, none is lost, none logs a traceback."""

from __future__ import annotations

import re

import pytest

from tests.crawling import CrawlResult
from tests.defects import CASES, SKIPPED_LINES, STORE, Case, crash_count, crawl_store, outcome


@pytest.fixture(scope="module")
def defects_crawl(tmp_path_factory: pytest.TempPathFactory) -> CrawlResult:
    return crawl_store(tmp_path_factory.mktemp("defects"))


def test_the_store_covers_every_class_with_several_inputs():
    classes = {case.defect for case in CASES}
    assert classes == {"decoding", "text", "depth", "structured", "dates", "urls", "shapes",
                       "store"}  # fmt: skip
    assert all(sum(case.defect == defect for case in CASES) >= 2 for defect in classes)
    assert len(CASES) >= 40


def test_every_input_ends_as_one_record_or_one_reject_and_none_crashes(defects_crawl):
    assert defects_crawl.returncode == 0, defects_crawl.log[-3000:]
    assert sum(crash_count(defects_crawl).values()) == 0
    outcomes = sorted(line["url"] for line in defects_crawl.records + defects_crawl.rejects)
    assert outcomes == sorted(case.url for case in CASES)  # each once: none lost, none twice
    assert "parse_error" not in {line["reason"] for line in defects_crawl.rejects}
    assert defects_crawl.stats.get("log_count/ERROR", 0) == 0


@pytest.mark.parametrize("case", [c for c in CASES if c.reason is None], ids=lambda c: c.name)
def test_the_record_is_what_the_page_says(defects_crawl, case: Case):
    [record], rejects = outcome(defects_crawl, case)
    assert rejects == []
    assert {name: record[name] for name in case.record} == case.record


@pytest.mark.parametrize("case", [c for c in CASES if c.reason], ids=lambda c: c.name)
def test_the_reject_gives_its_reason(defects_crawl, case: Case):
    records, [reject] = outcome(defects_crawl, case)
    assert records == []
    assert reject["reason"] == case.reason
    assert reject["detail"]
    in_feed = sum(line["reason"] == case.reason for line in defects_crawl.rejects)
    assert defects_crawl.stats[f"newscrawler/rejected/{case.reason}"] == in_feed


def test_a_store_line_that_cannot_be_served_is_named_in_a_warning(defects_crawl):
    warned = dict(re.findall(r"index\.jsonl:(\d+) skipped: (.+?); fix", defects_crawl.log))
    assert {int(number): said for number, said in warned.items()}.keys() == SKIPPED_LINES.keys()
    for number, said in SKIPPED_LINES.items():
        assert said in warned[str(number)]
    # The store's first line sits after a BOM: it is served.
    assert (STORE / "index.jsonl").read_bytes().startswith(b"\xef\xbb\xbf")


def test_no_refused_canonical_becomes_a_record_url(defects_crawl):
    # Three pages name a canonical URL that is no article URL of the site.
    assert defects_crawl.stats["newscrawler/url/refused_canonical"] >= 4
    assert all(r["url"].startswith("https://en.yna.co.kr/view/AEN") for r in defects_crawl.records)


def test_no_crawl_logs_a_traceback(defects_crawl):
    assert "Traceback (most recent call last)" not in defects_crawl.log
