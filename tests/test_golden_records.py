"""Every site spider over its real pages (../shared/corpus/<site>) and its own fixtures:
a real crawl through the Scrapy engine, each record compared whole with its golden
record, checked by reading the page."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from newscrawler.items import field_names
from tests.crawling import CrawlResult
from tests.golden import SITES, by_url, golden_paths, load
from tests.paths import needs_shared


def cases(kind: str) -> list[pytest.ParameterSet]:
    return [
        pytest.param(site, path, id=f"{site}-{path.stem}")
        for site in SITES
        for path in golden_paths(kind, site)
    ]


@needs_shared
@pytest.mark.parametrize("site", SITES)
def test_every_corpus_page_becomes_a_record(site: str, site_crawl: Callable[..., CrawlResult]):
    result = site_crawl(site, "corpus")
    assert result.returncode == 0, result.log
    assert sorted(by_url(result)) == sorted(load(p)["url"] for p in golden_paths("corpus", site))
    assert result.rejects == []
    assert result.stats.get("replay/miss", 0) == 0


@needs_shared
@pytest.mark.parametrize(("site", "golden"), cases("corpus"))
def test_corpus_page_gives_its_golden_record(
    site: str, golden: Path, site_crawl: Callable[..., CrawlResult]
):
    expected = load(golden)
    assert by_url(site_crawl(site, "corpus")).get(expected["url"]) == expected


@pytest.mark.parametrize(("site", "golden"), cases("fixtures"))
def test_fixture_page_gives_its_golden_record(
    site: str, golden: Path, site_crawl: Callable[..., CrawlResult]
):
    expected = load(golden)
    assert by_url(site_crawl(site, "fixtures")).get(expected["url"]) == expected


@pytest.mark.parametrize("site", SITES)
def test_records_keep_the_contracts_field_order(site: str, site_crawl: Callable[..., CrawlResult]):
    records = site_crawl(site, "fixtures").records
    assert records
    assert all(list(record) == field_names() for record in records)
