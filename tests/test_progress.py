"""The progress line: what a person watching a long crawl wants, and an estimate of the
end only where the total is known."""

from __future__ import annotations

from types import SimpleNamespace

from newscrawler.operations.progress import articles_expected, progress_line

STATS = {
    "response_received_count": 1240,
    "newscrawler/pages/hop_0": 1180,
    "newscrawler/state/new": 950,
    "newscrawler/state/updated": 12,
    "newscrawler/state/unchanged": 200,
    "newscrawler/discovery/unchanged": 18,
    "newscrawler/rejected": 20,
    "newscrawler/discovery/listed": 3100,
    "newscrawler/discovery/offsite": 50,
    "newscrawler/discovery/out_of_range": 32,
}


def test_the_line_counts_pages_records_rejects_queue_rate_and_the_end():
    expected = articles_expected(STATS, SimpleNamespace(hops=0, article_urls=[]))
    assert expected == 3000  # listed, less off-site, out of range and known unchanged
    line = progress_line(STATS, expected, queued=1820, minutes=30)
    assert line == (
        "Progress: 1,240 pages fetched (41/min); articles 1,180 of 3,000; records 950 new, "
        "12 updated, 218 unchanged; 20 rejected; 1,820 queued; about 46 min left"
    )


def test_no_end_is_guessed_when_the_crawl_follows_links():
    assert articles_expected(STATS, SimpleNamespace(hops=2, article_urls=["u"])) is None
    line = progress_line(STATS, None, queued=None, minutes=30)
    assert "articles 1,180;" in line and "left" not in line and "queued" not in line


def test_given_urls_are_the_total():
    spider = SimpleNamespace(hops=0, article_urls=["a", "b"])
    assert articles_expected({}, spider) == 2
    assert articles_expected({}, SimpleNamespace(hops=0, article_urls=[])) is None
