"""Where the tests find the project's fixtures, its golden records and ../shared."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "fixtures"
GOLDEN = Path(__file__).resolve().parent / "golden"
SHARED = ROOT.parent / "shared"
CORPUS = SHARED / "corpus"

needs_shared = pytest.mark.skipif(
    not CORPUS.is_dir(),
    reason=f"{SHARED} is absent: the tests over the real corpus pages need ../shared beside "
    "the checkout",
)


def store_urls(store: Path, prefix: str) -> list[str]:
    """The URLs of the web pages a replay store holds that start with prefix, in index
    order (not its feeds, sitemaps or robots.txt)."""
    lines = (store / "index.jsonl").read_text("utf-8").splitlines()
    entries = [json.loads(line) for line in lines if line.strip()]
    return [
        entry["url"]
        for entry in entries
        if entry["url"].startswith(prefix) and entry["file"].endswith((".html", ".htm"))
    ]


def store_folder_urls(store: Path, folder: str) -> list[str]:
    """The URLs of the pages a replay store keeps in one of its folders, in index order."""
    lines = (store / "index.jsonl").read_text("utf-8").splitlines()
    entries = [json.loads(line) for line in lines if line.strip()]
    return [entry["url"] for entry in entries if entry["file"].startswith(f"{folder}/")]
