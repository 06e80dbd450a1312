"""The replay store of ../shared/REPLAY.md: saved responses looked up by canonical URL."""

from __future__ import annotations

import gzip
import json
import mimetypes
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

from w3lib.url import canonicalize_url

from newscrawler.extraction.urls import canonical_url

_CONTENT_TYPES = {
    ".html": "text/html; charset=utf-8",
    ".htm": "text/html; charset=utf-8",
    ".xml": "application/xml",
    ".json": "application/json",
    ".txt": "text/plain; charset=utf-8",
}


def replay_key(url: str) -> str:
    """The form a store matches URLs on: scheme-relative, no fragment, query keys sorted."""
    parts = urlsplit(canonicalize_url(url, keep_fragments=False))
    return urlunsplit(("", parts.netloc.lower(), parts.path, parts.query, ""))


@dataclass(frozen=True)
class SavedResponse:
    url: str
    path: Path
    status: int = 200
    headers: dict[str, str] = field(default_factory=dict)
    fetched_at: str | None = None

    def body(self) -> bytes:
        data = self.path.read_bytes()
        return gzip.decompress(data) if self.path.suffix == ".gz" else data


class ReplayStore:
    def __init__(self, folder: str | Path) -> None:
        self.folder = Path(folder)
        index = self.folder / "index.jsonl"
        if not index.is_file():
            raise FileNotFoundError(
                f"replay store {self.folder}: no index.jsonl there. REPLAY_DIR must name a "
                f"folder with an index.jsonl of saved responses (README: Replay stores)."
            )
        self._entries: dict[str, SavedResponse] = {}
        # A capture saved under a URL with tracking or section parameters also answers
        # the article's canonical URL, which is what the spiders request.
        self._by_canonical: dict[str, SavedResponse] = {}
        self._by_site_canonical: dict[str, SavedResponse] | None = None  # built on demand
        with index.open(encoding="utf-8") as lines:
            for number, line in enumerate(lines, 1):
                if line.strip():
                    entry = self._entry(json.loads(line), index, number)
                    self._entries.setdefault(replay_key(entry.url), entry)
                    self._by_canonical.setdefault(replay_key(canonical_url(entry.url)), entry)

    def _entry(self, line: dict[str, Any], index: Path, number: int) -> SavedResponse:
        try:
            url, file = line["url"], line["file"]
        except KeyError as missing:
            raise ValueError(f"{index}:{number}: a store line needs {missing}") from None
        path = self.folder / file
        headers = dict(line.get("headers") or {})
        if not any(name.lower() == "content-type" for name in headers):
            suffix = Path(file.removesuffix(".gz")).suffix.lower()
            guessed = _CONTENT_TYPES.get(suffix) or mimetypes.guess_type(file)[0]
            if guessed:
                headers["Content-Type"] = guessed
        return SavedResponse(
            url=url,
            path=path,
            status=int(line.get("status", 200)),
            headers=headers,
            fetched_at=line.get("fetched_at"),
        )

    def get(
        self, url: str, site_canonical: Callable[[str], str] | None = None
    ) -> SavedResponse | None:
        """The capture of a URL: saved under it, under its canonical form, or (given the
        spider's canonical_url) under another host of the same site (www., mobile)."""
        found = self._entries.get(replay_key(url)) or self._by_canonical.get(
            replay_key(canonical_url(url))
        )
        if found is None and site_canonical is not None:
            if self._by_site_canonical is None:
                self._by_site_canonical = {}
                for entry in self._entries.values():
                    key = replay_key(site_canonical(entry.url))
                    self._by_site_canonical.setdefault(key, entry)
            found = self._by_site_canonical.get(replay_key(site_canonical(url)))
        return found


class ReplayStoreError(Exception):
    """REPLAY_DIR names no replay store, or one that cannot be read."""


@cache
def open_store(folder: str) -> ReplayStore:
    """The replay store of a REPLAY_DIR, read once per process: `scrapy crawl` checks it
    before the crawl starts, and the replay middleware then answers from it."""
    try:
        return ReplayStore(folder)
    except (OSError, ValueError) as error:
        raise ReplayStoreError(f"REPLAY_DIR={folder}: {error}") from None
