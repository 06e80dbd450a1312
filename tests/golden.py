"""Golden records (tests/golden/<corpus|fixtures>/<site>/*.json: whole records checked by
reading the pages) and the crawls that are compared with them."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from tests.crawling import CrawlResult
from tests.paths import GOLDEN

SITES = ("yonhap", "apnews", "reuters", "anadolu")


def golden_paths(kind: str, site: str) -> list[Path]:
    """The golden records of a site's corpus pages (kind "corpus") or fixtures."""
    return sorted((GOLDEN / kind / site).glob("*.json"))


def load(path: Path) -> dict[str, Any]:
    return json.loads(path.read_text("utf-8"))


def by_url(result: CrawlResult) -> dict[str, dict[str, Any]]:
    return {record["url"]: record for record in result.records}
