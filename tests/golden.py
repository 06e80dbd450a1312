"""Golden records (tests/golden/<corpus|fixtures>/<site>/*.json: whole records checked by
reading the pages) and the crawls that are compared with them."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from newscrawler.archives.recording import UNCHECKED
from tests.crawling import CrawlResult
from tests.paths import GOLDEN

SITES = ("yonhap", "apnews", "reuters", "anadolu")


def golden_paths(kind: str, site: str) -> list[Path]:
    """The golden records of a site's corpus pages (kind "corpus") or fixtures."""
    return sorted((GOLDEN / kind / site).glob("*.json"))


class UncheckedGolden(AssertionError):
    pass


def load(path: Path) -> dict[str, Any]:
    """A golden record; one still marked unchecked (as `scrapy record` writes it) is
    refused: it says what the crawler extracted, not yet what the page says."""
    record = json.loads(path.read_text("utf-8"))
    if UNCHECKED in record:
        raise UncheckedGolden(
            f"{path} is marked unchecked: read the page it was recorded from, make every "
            f"field say what the page says, then delete its {UNCHECKED!r} key"
        )
    return record


def by_url(result: CrawlResult) -> dict[str, dict[str, Any]]:
    return {record["url"]: record for record in result.records}
