"""The replay store of ../shared/REPLAY.md: saved responses looked up by canonical URL."""

from __future__ import annotations

import json
import logging
import mimetypes
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Generic, Protocol, TypeVar
from urllib.parse import urlsplit, urlunsplit

from scrapy.utils.gz import gunzip
from w3lib.url import canonicalize_url

from newscrawler.extraction.urls import canonical_url

logger = logging.getLogger(__name__)
MAX_WARNINGS = 20  # skipped lines named in the log; the rest counted

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
    def body(self, max_size: int = 0) -> bytes:
        """The body; TooLarge over max_size bytes (0: no limit)."""
        ...


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


class StoreLineError(ValueError):
    """An index line the store cannot serve, and why."""


class TooLarge(ValueError):
    """A saved body over the size limit (DOWNLOAD_MAXSIZE), compressed or not."""


@dataclass(frozen=True)
class SavedResponse:
    url: str
    path: Path
    status: int = 200
    headers: dict[str, str] = field(default_factory=dict)
    fetched_at: str | None = None

    def body(self, max_size: int = 0) -> bytes:
        """The saved body, decompressed; TooLarge over max_size bytes (0: no limit),
        OSError when it cannot be read."""
        if max_size and self.path.stat().st_size > max_size:
            raise TooLarge(f"{self.path.name} holds over {max_size} bytes (DOWNLOAD_MAXSIZE)")
        data = self.path.read_bytes()
        if self.path.suffix != ".gz":
            return data
        try:
            return gunzip(data, max_size=max_size)
        except ValueError:  # Scrapy's own: decompressed over max_size
            raise TooLarge(
                f"{self.path.name} decompresses to over {max_size} bytes (DOWNLOAD_MAXSIZE)"
            ) from None
        except (OSError, EOFError) as error:
            raise OSError(f"{self.path.name} is no readable gzip file: {error}") from None


class ReplayStore(CaptureIndex[SavedResponse]):
    """A store's index read line by line: a line that cannot be served (not JSON, no
    url or file, a status that is none, a file outside the store or missing) is skipped
    with a warning naming it, and every other line is served. An index none of whose
    lines can be served is no store (ValueError)."""

    def __init__(self, folder: str | Path) -> None:
        super().__init__()
        self.folder = Path(folder)
        self._root = self.folder.resolve()
        index = self.folder / "index.jsonl"
        if not index.is_file():
            raise FileNotFoundError(
                f"replay store {self.folder}: no index.jsonl there. REPLAY_DIR must name a "
                f"folder with an index.jsonl of saved responses, a WARC file or a folder of "
                f"them (README: Replay stores, Web archives)."
            )
        self.skipped = 0
        first_problem = ""
        for number, line in enumerate(index.read_bytes().splitlines(), 1):
            try:
                entry = self._entry(line)
            except StoreLineError as problem:
                first_problem = first_problem or f"line {number}: {problem}"
                self._skip(index, number, str(problem))
                continue
            if entry is not None:
                self.add(entry)
        if self.skipped and not self._entries:
            raise ValueError(
                f"{index}: none of its {self.skipped} lines can be served ({first_problem}); "
                f"each line is a JSON object with url and file (README: Replay stores)"
            )
        if self.skipped > MAX_WARNINGS:
            logger.warning(
                "%s: %d lines skipped in all (the first %d are named above)",
                index,
                self.skipped,
                MAX_WARNINGS,
            )

    def _skip(self, index: Path, number: int, problem: str) -> None:
        self.skipped += 1
        if self.skipped <= MAX_WARNINGS:
            logger.warning("%s:%d skipped: %s; fix or remove the line", index, number, problem)

    def _entry(self, raw: bytes) -> SavedResponse | None:
        """The saved response of an index line; None for a blank line."""
        try:
            text = raw.decode("utf-8").lstrip("\ufeff").strip()  # a BOM: files joined
        except UnicodeDecodeError as error:
            raise StoreLineError(f"not UTF-8 ({error.reason} at byte {error.start})") from None
        if not text:
            return None
        try:
            line = json.loads(text)
        except (ValueError, RecursionError):
            raise StoreLineError(f"not JSON: {text[:80]!r}") from None
        if not isinstance(line, dict):
            raise StoreLineError(f"a JSON {type(line).__name__}, not an object")
        url, file = line.get("url"), line.get("file")
        for name, value in (("url", url), ("file", file)):
            if not isinstance(value, str) or not value.strip():
                raise StoreLineError(f"a store line needs a {name} (a string), it has {value!r}")
        status = line.get("status", 200)
        if isinstance(status, bool) or not isinstance(status, int) or not 100 <= status <= 599:
            raise StoreLineError(f"status {status!r} is no HTTP status (100-599)")
        headers = line.get("headers") or {}
        if not isinstance(headers, dict):
            raise StoreLineError(f"headers must be an object, not {headers!r}")
        path = (self.folder / file).resolve()
        if not path.is_relative_to(self._root):
            raise StoreLineError(f"file {file!r} is outside the store: refused")
        if not path.is_file():
            raise StoreLineError(f"file {file!r} is not in the store")
        headers = {str(name): str(value) for name, value in headers.items()}
        if not any(name.lower() == "content-type" for name in headers):
            suffix = Path(file.removesuffix(".gz")).suffix.lower()
            guessed = _CONTENT_TYPES.get(suffix) or mimetypes.guess_type(file)[0]
            if guessed:
                headers["Content-Type"] = guessed
        fetched_at = line.get("fetched_at")
        return SavedResponse(
            url=url.strip(),
            path=path,
            status=status,
            headers=headers,
            fetched_at=fetched_at if isinstance(fetched_at, str) else None,
        )


class ReplayStoreError(Exception):
    """REPLAY_DIR names no replay store or WARC file, or one that cannot be read."""
