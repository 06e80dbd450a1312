"""Fixtures recorded from live pages (`scrapy record`, or NEWSCRAWLER_RECORD_DIR): every
response a crawl receives is saved into a replay store (index.jsonl and one body file a
response, REPLAY.md), and every article it exports gets a skeleton golden record, marked
unchecked: the golden tests refuse it until a person has read the page, corrected the
record by what the page says, and removed the mark."""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path
from typing import Any, TextIO
from urllib.parse import urlsplit

from itemadapter import ItemAdapter
from scrapy import Request, signals
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured
from scrapy.http import Response

from newscrawler.extraction.dates import utc_now_iso
from newscrawler.network.middlewares import FETCHED_AT_META
from newscrawler.network.replay import replay_key

UNCHECKED = "unchecked"
UNCHECKED_NOTE = (
    "written from the crawler's output, not yet checked: read the page, make every field "
    "say what the page says, then delete this key"
)
_SUFFIXES = (("html", ".html"), ("xml", ".xml"), ("rss", ".xml"), ("json", ".json"))
_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")


class FixtureRecorder:
    def __init__(self, crawler: Crawler, store: Path, golden: Path) -> None:
        self.crawler = crawler
        self.store = store
        self.golden = golden
        store.mkdir(parents=True, exist_ok=True)
        index = store / "index.jsonl"
        self._known: set[str] = set()
        if index.is_file():
            for line in index.read_text("utf-8").splitlines():
                if line.strip():
                    self._known.add(replay_key(json.loads(line)["url"]))
        self._names = {path.name for path in store.iterdir()}
        self._index: TextIO = index.open("a", encoding="utf-8")
        self._stems: dict[str, str] = {}  # page URL -> its body file's name without suffix

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> FixtureRecorder:
        settings = crawler.settings
        store = settings.get("NEWSCRAWLER_RECORD_DIR")
        if not store:
            raise NotConfigured
        store = Path(store)
        golden = settings.get("NEWSCRAWLER_RECORD_GOLDEN_DIR") or (
            Path("tests", "golden", "fixtures", store.resolve().name)
        )
        recorder = cls(crawler, store, Path(golden))
        crawler.signals.connect(recorder.response_received, signal=signals.response_received)
        crawler.signals.connect(recorder.item_scraped, signal=signals.item_scraped)
        crawler.signals.connect(recorder.close, signal=signals.engine_stopped)
        return recorder

    def response_received(self, response: Response, request: Request) -> None:
        key = replay_key(response.url)
        if key in self._known:
            self.crawler.stats.inc_value("newscrawler/record/already_in_store")
            return
        self._known.add(key)
        content_type = response.headers.get(b"Content-Type", b"").decode("latin-1")
        name = self._file_name(response.url, content_type)
        (self.store / name).write_bytes(response.body)
        self._stems[response.url] = name.rpartition(".")[0]
        headers = {"Content-Type": content_type} if content_type else {}
        # Before the spider parses the page: the record and its replay say the same time.
        fetched_at = request.meta.setdefault(FETCHED_AT_META, utc_now_iso())
        lines = [
            {
                "url": response.url,
                "file": name,
                "status": response.status,
                "headers": headers,
                "fetched_at": fetched_at,
            }
        ]
        # The URLs redirected here answer with the same redirect when replayed.
        for source in request.meta.get("redirect_urls", ()):
            if replay_key(source) not in self._known:
                self._known.add(replay_key(source))
                lines.append(
                    {
                        "url": source,
                        "file": name,
                        "status": 301,
                        "headers": {"Location": response.url},
                        "fetched_at": fetched_at,
                    }
                )
        for line in lines:
            self._index.write(json.dumps(line, ensure_ascii=False) + "\n")
        self._index.flush()
        self.crawler.stats.inc_value("newscrawler/record/responses")

    def item_scraped(self, item: Any, response: Response) -> None:
        stem = self._stems.get(response.url)
        if stem is None:
            return  # a page the store held already
        path = self.golden / f"{stem}.json"
        if path.exists():
            self.crawler.stats.inc_value("newscrawler/record/golden_kept")
            return
        self.golden.mkdir(parents=True, exist_ok=True)
        record = {UNCHECKED: UNCHECKED_NOTE, **ItemAdapter(item).asdict()}
        path.write_text(json.dumps(record, ensure_ascii=False, indent=2) + "\n", "utf-8")
        self.crawler.stats.inc_value("newscrawler/record/golden_unchecked")

    def close(self) -> None:
        self._index.close()

    def _file_name(self, url: str, content_type: str) -> str:
        """A file name said by the URL's path, unique in the store."""
        parts = urlsplit(url)
        stem = _UNSAFE.sub("_", parts.path.strip("/"))[-80:].strip("._") or "index"
        if parts.query:
            stem += "-" + _digest(parts.query)
        suffix = next((s for word, s in _SUFFIXES if word in content_type), ".txt")
        name = stem if stem.endswith(suffix) else stem + suffix
        if name in self._names:
            name = f"{stem.removesuffix(suffix)}-{_digest(url)}{suffix}"
        self._names.add(name)
        return name


def _digest(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:8]
