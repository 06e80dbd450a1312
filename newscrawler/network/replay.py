"""The replay store of ../shared/REPLAY.md: saved responses looked up by canonical URL."""

from __future__ import annotations

import gzip
import json
import mimetypes
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Generic, Protocol, TypeVar
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


class Capture(Protocol):
    """A saved response, from a store's folder or a WARC file."""

    @property
    def url(self) -> str: ...
    @property
    def status(self) -> int: ...
    @property
    def headers(self) -> Mapping[str, str | list[str]]: ...
    @property
    def fetched_at(self) -> str | None: ...
    def body(self) -> bytes: ...


C = TypeVar("C", bound=Capture)


class CaptureIndex(Generic[C]):
    """Captures looked up by URL: saved under it, under its canonical form, or (given the
    spider's canonical_url) under another host of the same site (www., mobile); the first
    capture of a URL wins."""

    def __init__(self) -> None:
        self._entries: dict[str, C] = {}
        # A capture saved under a URL with tracking or section parameters also answers
        # the article's canonical URL, which is what the spiders request.
        self._by_canonical: dict[str, C] = {}
        self._by_site_canonical: dict[str, C] | None = None  # built on demand

    def add(self, entry: C) -> None:
        self._entries.setdefault(replay_key(entry.url), entry)
        self._by_canonical.setdefault(replay_key(canonical_url(entry.url)), entry)

    def get(self, url: str, site_canonical: Callable[[str], str] | None = None) -> C | None:
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


class ReplayStore(CaptureIndex[SavedResponse]):
    def __init__(self, folder: str | Path) -> None:
        super().__init__()
        self.folder = Path(folder)
        index = self.folder / "index.jsonl"
        if not index.is_file():
            raise FileNotFoundError(
                f"replay store {self.folder}: no index.jsonl there. REPLAY_DIR must name a "
                f"folder with an index.jsonl of saved responses, a WARC file or a folder of "
                f"them (README: Replay stores, Web archives)."
            )
        with index.open(encoding="utf-8") as lines:
            for number, line in enumerate(lines, 1):
                if line.strip():
                    self.add(self._entry(json.loads(line), index, number))

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


class ReplayStoreError(Exception):
    """REPLAY_DIR names no replay store or WARC file, or one that cannot be read."""
