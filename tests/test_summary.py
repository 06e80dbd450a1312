"""The closing summary says exactly what the stats say: a monitor Spidermon skipped is
not counted as passed, and a crawl without a crawl state does not claim new records."""

from __future__ import annotations

from newscrawler.operations.summary import summary_lines

STATS = {
    "response_received_count": 5,
    "item_scraped_count": 4,
    "newscrawler/state/new": 3,
    "newscrawler/state/updated": 1,
    "newscrawler/state/unchanged": 2,
    "newscrawler/rejected": 1,
    "newscrawler/rejected/http_404": 1,
    "newscrawler/monitors/passed": 5,
    "newscrawler/monitors/skipped": 1,
    "newscrawler/monitors/failed": 0,
    "newscrawler/monitors/skips": ["Field Coverage Monitor/rules: No items were scraped."],
}


def test_the_summary_tells_skipped_monitors_from_passed_ones():
    lines = summary_lines(STATS)
    assert "records: 3 new, 1 updated, 2 unchanged (not exported again), 4 exported" in lines
    assert "rejected: 1 (http_404 1)" in lines
    assert "monitors: 5 passed, 1 skipped, 0 failed" in lines
    assert "  skipped Field Coverage Monitor/rules: No items were scraped." in lines


def test_without_a_crawl_state_the_summary_counts_exports_only():
    stats = {"item_scraped_count": 4, "newscrawler/monitors/passed": 6}
    lines = summary_lines(stats, state_kept=False)
    assert "records: 4 exported (no crawl state kept: none told new or unchanged)" in lines
    assert not any("0 new" in line for line in lines)


def test_monitors_that_did_not_run_are_said_so():
    assert "monitors: not run" in summary_lines({})
