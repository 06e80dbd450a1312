"""Where a replayed crawl's responses come from: REPLAY_DIR (a replay store, a WARC file, a
folder of WARC files, or a store with WARC files in it) and the WARC files of -a warc=."""

from __future__ import annotations

from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import Protocol

from scrapy.crawler import Crawler

from newscrawler.archives.reader import WarcArchive, is_warc_file, warc_files
from newscrawler.network.replay import Capture, ReplayStore, ReplayStoreError


class CaptureSource(Protocol):
    def get(
        self, url: str, site_canonical: Callable[[str], str] | None = None
    ) -> Capture | None: ...


class FirstOf:
    """Several sources asked in turn: the first that holds a URL answers."""

    def __init__(self, sources: list[CaptureSource]) -> None:
        self.sources = sources

    def get(self, url: str, site_canonical: Callable[[str], str] | None = None) -> Capture | None:
        for source in self.sources:
            if (found := source.get(url, site_canonical)) is not None:
                return found
        return None


@cache
def open_replay(location: str) -> CaptureSource:
    """REPLAY_DIR's source, read once per process: `scrapy crawl` checks it before the
    crawl starts, and the replay middleware then answers from it."""
    try:
        return _open(Path(location))
    except (OSError, ValueError) as error:
        raise ReplayStoreError(f"REPLAY_DIR={location}: {error}") from None


def _open(path: Path) -> CaptureSource:
    """A WARC file, a folder of them, a replay store, or a store with WARC files in it (its
    index.jsonl answers first)."""
    if path.is_file() and is_warc_file(path):
        return WarcArchive([path])
    archives = warc_files(path) if path.is_dir() else []
    if not (path / "index.jsonl").is_file() and archives:
        return WarcArchive(archives)
    store = ReplayStore(path)  # says what REPLAY_DIR must name when it is none of these
    return FirstOf([store, WarcArchive(archives)]) if archives else store


def replay_source(crawler: Crawler) -> CaptureSource | None:
    """What answers a crawl's requests instead of the network: the spider's -a warc=
    archive (a backfill), then REPLAY_DIR; None for a crawl of the web."""
    sources: list[CaptureSource] = []
    if (archive := getattr(crawler.spider, "warc_archive", None)) is not None:
        sources.append(archive)
    if location := crawler.settings.get("REPLAY_DIR"):
        sources.append(open_replay(location))
    if len(sources) > 1:
        return FirstOf(sources)
    return sources[0] if sources else None
