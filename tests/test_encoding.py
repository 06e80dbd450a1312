"""Markup nested deeper than the parser follows is cut to a depth it reads; a page without
such a run is left as it is, and costs little to check."""

from __future__ import annotations

import time

import lxml.html

from newscrawler.network.encoding import MAX_TAG_RUN, flattened
from tests.paths import CORPUS, needs_shared

ARTICLE = b"<p>The article, after the nesting.</p>"


def test_a_run_of_start_tags_is_cut_and_the_article_after_it_is_read():
    depth = 5000
    page = b"<html><body>" + b"<div>" * depth + ARTICLE + b"</div>" * depth + b"</body></html>"
    flat = flattened(page)
    assert flat is not None
    # Each run keeps its first MAX_TAG_RUN tags (<html><body> and </p> among them).
    assert MAX_TAG_RUN - 3 <= flat.count(b"<div>") < MAX_TAG_RUN
    assert MAX_TAG_RUN - 3 <= flat.count(b"</div>") < MAX_TAG_RUN
    assert "after the nesting" in lxml.html.fromstring(flat).text_content()


def test_a_run_just_over_the_limit_is_cut_and_one_at_it_is_not():
    def page(run: int) -> bytes:
        return b"<body>text" + b"<span>" * run + b"more text</body>"

    assert flattened(page(MAX_TAG_RUN)) is None
    assert flattened(page(MAX_TAG_RUN + 1)) is not None


def test_runs_broken_by_text_are_left_alone():
    page = b"<body>" + b"<b>word" * (MAX_TAG_RUN * 4) + b"</body>"
    assert flattened(page) is None


@needs_shared
def test_real_pages_are_checked_in_a_fraction_of_a_parse():
    pages = [path.read_bytes() for path in sorted(CORPUS.glob("*/*.html"))[:30]]
    assert pages
    assert all(flattened(page) is None for page in pages)

    def cpu(work: object) -> float:
        start = time.process_time()
        for _ in range(3):
            for page in pages:
                work(page)  # type: ignore[operator]
        return time.process_time() - start

    # The check is linear in the page; the run scans it replaces cost several parses.
    assert cpu(flattened) < cpu(lxml.html.fromstring)
