"""Responses read from WARC files (WARC/1.0 and 1.1, gzipped per record or not), looked up
by URL as a replay store's are: the records of a crawl's capture, or of Common Crawl's
CC-NEWS archive."""

from __future__ import annotations

import dataclasses
import logging
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from warcio.archiveiterator import ArchiveIterator
from warcio.bufferedreaders import BufferedReader
from warcio.exceptions import ArchiveLoadFailed
from warcio.recordloader import ArcWarcRecord

from newscrawler.network.replay import CaptureIndex, TooLarge

logger = logging.getLogger(__name__)

WARC_SUFFIXES = (".warc", ".warc.gz")
# Decoded on reading (warcio), so the response handed on says no Content-Encoding.
_DECODED = frozenset(BufferedReader.get_supported_decompressors())
_FRAMING = frozenset({"transfer-encoding", "content-length"})


def is_warc_file(path: Path) -> bool:
    return path.name.endswith(WARC_SUFFIXES)


def warc_files(folder: Path) -> list[Path]:
    """The WARC files in a folder and its sub-folders, by name (a capture still being
    written, *.warc.gz.open, is not one)."""
    return sorted(path for path in folder.rglob("*.warc*") if is_warc_file(path))


@dataclass(frozen=True)
class ArchivedResponse:
    url: str
    status: int
    headers: dict[str, list[str]]
    fetched_at: str | None
    path: Path
    offset: int  # of the record whose payload is the body (a revisit's: the original's)

    def body(self, max_size: int = 0) -> bytes:
        """The archived body; TooLarge over max_size bytes (0: no limit)."""
        with self.path.open("rb") as file:
            file.seek(self.offset)
            record = next(iter(ArchiveIterator(file)))
            stream = record.content_stream()
            data = stream.read(max_size + 1) if max_size else stream.read()
        if max_size and len(data) > max_size:
            raise TooLarge(f"{self.path.name}: a body over {max_size} bytes (DOWNLOAD_MAXSIZE)")
        return data


@dataclass(frozen=True)
class _Revisit:
    url: str
    fetched_at: str | None
    status: int | None
    refers_to: str | None  # WARC-Refers-To: the original's record ID
    refers_to_url: str | None
    digest: str | None


class WarcArchive(CaptureIndex[ArchivedResponse]):
    """The response and revisit records of WARC files, read once; bodies are read from the
    file when asked for. A revisit answers with the body of the record it refers to (by
    WARC-Refers-To, else by payload digest, else by WARC-Refers-To-Target-URI). ``keep``
    narrows the records kept to some URLs (a spider's sites)."""

    def __init__(self, paths: Iterable[Path], keep: Callable[[str], bool] | None = None) -> None:
        super().__init__()
        self.paths = list(paths)
        self.records_read = 0
        self.unresolved_revisits: list[str] = []
        responses: list[ArchivedResponse | _Revisit] = []
        by_id: dict[str, ArchivedResponse] = {}
        by_digest: dict[str, ArchivedResponse] = {}
        by_url: dict[str, ArchivedResponse] = {}
        for path in self.paths:
            for record, offset in _records(path):
                self.records_read += 1
                url = target_uri(record)
                kind = record.rec_type
                if kind == "response" and record.http_headers:
                    found = _response(record, url, path, offset)
                    by_id.setdefault(record.rec_headers.get_header("WARC-Record-ID"), found)
                    if digest := record.rec_headers.get_header("WARC-Payload-Digest"):
                        by_digest.setdefault(digest, found)
                    by_url.setdefault(url, found)
                    if keep is None or keep(url):
                        responses.append(found)
                elif kind == "revisit" and (keep is None or keep(url)):
                    responses.append(_revisit(record, url))
        for entry in responses:
            if isinstance(entry, _Revisit):
                original = (
                    by_id.get(entry.refers_to or "")
                    or by_digest.get(entry.digest or "")
                    or by_url.get(entry.refers_to_url or "")
                )
                if original is None:
                    self.unresolved_revisits.append(entry.url)
                    continue
                entry = dataclasses.replace(
                    original,
                    url=entry.url,
                    fetched_at=entry.fetched_at,
                    status=entry.status or original.status,
                )
            self.add(entry)

    def __iter__(self) -> Iterator[ArchivedResponse]:
        """Every URL's first capture, in the order of the files."""
        return iter(self._entries.values())

    def __len__(self) -> int:
        return len(self._entries)


def _records(path: Path) -> Iterator[tuple[ArcWarcRecord, int]]:
    """A file's records; where it is damaged, those before the damage, and one error."""
    read = 0
    try:
        with path.open("rb") as file:
            records = ArchiveIterator(file)
            for record in records:
                yield record, records.get_record_offset()
                read += 1
    except (ArchiveLoadFailed, OSError, EOFError, ValueError) as error:
        logger.error(
            "%s: unreadable after %d WARC records (%s); the records after them are not "
            "replayed. Check the file with `warcio check`.",
            path,
            read,
            str(error).strip().splitlines()[0] if str(error).strip() else error,
        )


def target_uri(record: ArcWarcRecord) -> str:
    # Some writers put the URI in angle brackets, after an error in the WARC 1.0 grammar.
    return (record.rec_headers.get_header("WARC-Target-URI") or "").strip().strip("<>")


def fetched_at(record: ArcWarcRecord) -> str | None:
    """WARC-Date as the records' fetched_at: UTC, to the second."""
    try:
        when = datetime.fromisoformat(record.rec_headers.get_header("WARC-Date") or "")
    except ValueError:
        return None
    return iso_second(when)


def iso_second(when: datetime) -> str:
    return when.astimezone(UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")


def _response(record: ArcWarcRecord, url: str, path: Path, offset: int) -> ArchivedResponse:
    http = record.http_headers
    encoding = (http.get_header("Content-Encoding") or "").strip().lower()
    dropped = _FRAMING | ({"content-encoding"} if encoding in _DECODED else set())
    headers: dict[str, list[str]] = {}
    for name, value in http.headers:
        if name.lower() not in dropped:
            headers.setdefault(name, []).append(value)
    return ArchivedResponse(
        url=url,
        status=_status(record) or 200,
        headers=headers,
        fetched_at=fetched_at(record),
        path=path,
        offset=offset,
    )


def _revisit(record: ArcWarcRecord, url: str) -> _Revisit:
    headers = record.rec_headers
    return _Revisit(
        url=url,
        fetched_at=fetched_at(record),
        status=_status(record),
        refers_to=headers.get_header("WARC-Refers-To"),
        refers_to_url=(headers.get_header("WARC-Refers-To-Target-URI") or "").strip("<>") or None,
        digest=headers.get_header("WARC-Payload-Digest"),
    )


def _status(record: ArcWarcRecord) -> int | None:
    if not record.http_headers:
        return None
    code = record.http_headers.get_statuscode()
    return int(code) if code and code.isdigit() else None
