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
from newscrawler.operations.heap import FrozenStartupHeap
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
        # The collector and allocator as a crawl has them once its engine runs (see
        # operations.heap): a record's collections are those a crawl's page pays (on the
        # corpus, 14 young ones in 340 records, against 83 with Python's threshold).
        self.heap = FrozenStartupHeap.from_crawler(self.crawler)
        self.heap.engine_started()

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
        self.heap.engine_stopped()


def cpu_seconds(work: Callable[[], object]) -> float:
    start = time.process_time()
    work()
    return time.process_time() - start


@dataclass
class Timed:
    """One spider's pages timed round after round: CPU seconds per page and stage, one
    entry per round; pages that gave no record are left out, and counted."""

    spider: str
    names: list[str]
    per_page: list[dict[str, list[float]]]
    dropped: int

    def means(self) -> dict[str, float]:
        """Milliseconds per stage: the median of its rounds for each page, mean over pages."""
        pages = len(self.per_page)
        return {
            name: sum(median(times[name]) for times in self.per_page) / pages * 1e3
            for name in self.names
        }

    def round_ratios(self) -> list[float]:
        """record / lxml of each round: its pages' records against their lxml parses."""
        ratios = []
        for index in range(len(self.per_page[0][FLOOR])):
            floor = sum(times[FLOOR][index] for times in self.per_page)
            record = sum(times[name][index] for times in self.per_page for name in self.names[1:])
            ratios.append(record / floor)
        return ratios


def time_rounds(bench: RecordBench, spider: str, pages: list[Page], rounds: int) -> Timed:
    """Each round is one pass over the pages, one after another as a crawl meets them: a
    round's ratio is a whole sample, and a burst of load on the machine lands in a round,
    which the spread of the rounds' ratios shows."""
    for page in pages:
        bench.time_page(page, defaultdict(list))  # warm caches
    per_page: list[dict[str, list[float]]] = [defaultdict(list) for _ in pages]
    records = [True] * len(pages)
    for _ in range(rounds):
        for index, page in enumerate(pages):
            if records[index]:
                records[index] = bench.time_page(page, per_page[index])
    kept = [times for times, record in zip(per_page, records, strict=True) if record]
    return Timed(spider, bench.stage_names, kept, records.count(False))


def bench(corpus: Path, rounds: int, spiders: list[str] | None = None) -> None:
    """Every spider's record (or those named) timed over its corpus pages."""
    timed = []
    with tempfile.TemporaryDirectory(prefix="newscrawler-bench-") as work:
        for spider in spiders or SPIDERS:
            pages = corpus_pages(corpus, SPIDERS[spider])
            if not pages:
                continue
            record_bench = RecordBench(spider, pages, Path(work) / spider)
            timed.append(time_rounds(record_bench, spider, pages, rounds))
            record_bench.close()
    print_table(timed, rounds)


def print_table(timed: list[Timed], rounds: int) -> None:
    names = timed[0].names
    print(f"CPU ms per record, median of {rounds} rounds per page, mean over the pages; "
          f"record / lxml of the rounds: median (min-max)\n")  # fmt: skip
    print("| spider | pages | " + " | ".join(names) + " | record | record / lxml | rounds |")
    print("|---" * (len(names) + 5) + "|")
    for spider in timed:
        means = spider.means()
        record = sum(value for name, value in means.items() if name != FLOOR)
        cells = " | ".join(f"{means[name]:.2f}" for name in names)
        note = f" ({spider.dropped} not records)" if spider.dropped else ""
        ratios = spider.round_ratios()
        spread = f"{median(ratios):.2f}x ({min(ratios):.2f}x-{max(ratios):.2f}x)"
        print(f"| {spider.spider} | {len(spider.per_page)}{note} | {cells} | {record:.2f} | "
              f"{record / means[FLOOR]:.2f}x | {spread} |")  # fmt: skip
