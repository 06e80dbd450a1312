"""What a record costs, stage by stage, against the floor of one lxml parse of its page:
every spider on its corpus pages, in-process, with the project's settings (schema
validation and the crawl state on). Each page comes as a crawl gets it from the replay
store: with its saved headers (a charset there is the page's encoding, not one sniffed
from its bytes), through the encoding repair. Times are CPU milliseconds per record (the
median of the rounds of each page, averaged over the pages); the machine is shared, so the
ratio to the lxml parse measured in the same rounds is the figure to read."""

from __future__ import annotations

import json
import tempfile
import time
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from statistics import median
from typing import Any

import lxml.html
from scrapy import Request
from scrapy.exceptions import DropItem, NotConfigured
from scrapy.http import Headers, Response
from scrapy.responsetypes import responsetypes
from scrapy.spiderloader import SpiderLoader
from scrapy.utils.misc import build_from_crawler, load_object
from scrapy.utils.project import get_project_settings
from scrapy.utils.reactor import install_reactor, is_reactor_installed
from scrapy.utils.test import get_crawler

from newscrawler.items import ArticleItem
from newscrawler.network.middlewares import FETCHED_AT_META, EncodingRepairMiddleware
from newscrawler.network.replay import ReplayStore
from newscrawler.spiders.base import WireSpider

# Each spider with the corpus folder of its pages: the generic spider's are other sites'
# copies of wire articles.
SPIDERS = {"yonhap": "yonhap", "apnews": "apnews", "reuters": "reuters", "anadolu": "anadolu",
           "wire": "wire"}  # fmt: skip
FLOOR = "lxml parse"
EXTRACT = "spider"


@dataclass
class Page:
    url: str
    body: bytes
    fetched_at: str | None
    headers: dict[str, str] = field(default_factory=dict)  # as saved in the replay store

    def response(self, request: Request) -> Response:
        """The response the replay middleware and the encoding repair give the spider."""
        headers = Headers(self.headers)
        cls = responsetypes.from_args(headers=headers, url=self.url, body=self.body)
        response = cls(url=self.url, headers=headers, body=self.body, request=request)
        return _ENCODING_REPAIR.process_response(request, response)


_ENCODING_REPAIR = EncodingRepairMiddleware()


def corpus_pages(corpus: Path, folder: str) -> list[Page]:
    store = ReplayStore(corpus)
    pages = []
    for line in (corpus / "index.jsonl").read_text("utf-8").splitlines():
        entry = json.loads(line) if line.strip() else {}
        if entry.get("file", "").startswith(f"{folder}/") and entry["file"].endswith(".html"):
            saved = store.get(entry["url"])
            if saved is not None:
                pages.append(Page(entry["url"], saved.body(), saved.fetched_at, saved.headers))
    return pages


class RecordBench:
    """One spider and the project's item pipelines, built as a crawl builds them."""

    def __init__(self, spider: str, pages: list[Page], output_dir: Path) -> None:
        settings = get_project_settings()
        if not is_reactor_installed():  # as a crawl does, before the crawler needs it
            install_reactor(settings["TWISTED_REACTOR"], settings["ASYNCIO_EVENT_LOOP"])
        spidercls: type[WireSpider] = SpiderLoader.from_settings(settings).load(spider)
        settings = settings.copy_to_dict()
        settings["NEWSCRAWLER_OUTPUT_DIR"] = str(output_dir)
        self.crawler = get_crawler(spidercls, settings)
        # The generic spider stays on the sites of the pages it is given.
        self.spider = self.crawler._create_spider(url=",".join(page.url for page in pages))
        self.crawler.spider = self.spider
        self.stages: list[tuple[str, Any]] = []
        pipelines = self.crawler.settings.getdict("ITEM_PIPELINES")
        for path, _ in sorted(pipelines.items(), key=lambda kv: kv[1]):
            if path is None:
                continue
            try:
                stage = build_from_crawler(load_object(path), self.crawler)
            except NotConfigured:
                continue
            self.stages.append((path.rsplit(".", 1)[-1].removesuffix("Pipeline"), stage))

    @property
    def stage_names(self) -> list[str]:
        return [FLOOR, EXTRACT, *(name for name, _ in self.stages)]

    def time_page(self, page: Page, times: dict[str, list[float]]) -> bool:
        """One pass over the page, each step's CPU seconds appended to times; False when
        the page became no record."""
        times[FLOOR].append(cpu_seconds(lambda: lxml.html.document_fromstring(page.body)))
        meta = {FETCHED_AT_META: page.fetched_at}
        request = Request(page.url, meta=meta)
        # Each pass is the page's first in its run: the spider yields one record per URL.
        self.spider._recorded.clear()
        response = page.response(request)
        found: list[ArticleItem] = []

        def extract() -> None:
            output = self.spider.parse_article(response)
            found.extend(item for item in output if isinstance(item, ArticleItem))

        times[EXTRACT].append(cpu_seconds(extract))
        if not found:
            return False
        item = found[0]
        for name, stage in self.stages:
            start = time.process_time()
            try:
                item = stage.process_item(item)
            except DropItem:
                return False
            finally:
                times[name].append(time.process_time() - start)
        return True

    def close(self) -> None:
        for _, stage in self.stages:
            if hasattr(stage, "state"):
                stage.state.close()


def cpu_seconds(work: Callable[[], object]) -> float:
    start = time.process_time()
    work()
    return time.process_time() - start


def bench(corpus: Path, rounds: int) -> None:
    rows = []
    with tempfile.TemporaryDirectory(prefix="newscrawler-bench-") as work:
        for spider, folder in SPIDERS.items():
            pages = corpus_pages(corpus, folder)
            if not pages:
                continue
            record_bench = RecordBench(spider, pages, Path(work) / spider)
            per_page: list[dict[str, list[float]]] = []
            dropped = 0
            for page in pages:
                record_bench.time_page(page, defaultdict(list))  # warm caches
                times: dict[str, list[float]] = defaultdict(list)
                for _ in range(rounds):
                    if not record_bench.time_page(page, times):
                        dropped += 1
                        break
                else:
                    per_page.append(times)
            record_bench.close()
            names = record_bench.stage_names
            means = {
                name: sum(median(times[name]) for times in per_page) / len(per_page) * 1e3
                for name in names
            }
            rows.append((spider, len(per_page), dropped, names, means))
    print_table(rows, rounds)


def print_table(rows: list[tuple[str, int, int, list[str], dict[str, float]]], rounds: int) -> None:
    names = rows[0][3]
    print(f"CPU ms per record, median of {rounds} rounds per page, mean over the pages\n")
    print("| spider | pages | " + " | ".join(names) + " | record | record / lxml |")
    print("|---" * (len(names) + 4) + "|")
    for spider, pages, dropped, _, means in rows:
        record = sum(value for name, value in means.items() if name != FLOOR)
        cells = " | ".join(f"{means[name]:.2f}" for name in names)
        note = f" ({dropped} not records)" if dropped else ""
        print(f"| {spider} | {pages}{note} | {cells} | {record:.2f} | "
              f"{record / means[FLOOR]:.2f}x |")  # fmt: skip
