"""Benchmark: what a Yonhap page costs, against the floor of one lxml parse of it.

    .venv/bin/python -m tests.bench_yonhap [STORE]    (default ../shared/corpus)

Prints, per page, the lxml parse time and the time of the spider's extraction plus all
item pipelines on a fresh response (which includes its one lxml parse), then the wall time
of a replayed `scrapy crawl yonhap` over all the store's Yonhap pages.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

import lxml.html
from scrapy import Request
from scrapy.exceptions import NotConfigured
from scrapy.http import HtmlResponse
from scrapy.utils.misc import load_object
from scrapy.utils.project import get_project_settings
from scrapy.utils.test import get_crawler

from newscrawler.items import ArticleItem
from newscrawler.network.replay import ReplayStore
from newscrawler.spiders.yonhap import YonhapSpider
from tests.crawling import run_scrapy
from tests.paths import CORPUS, store_urls

ROUNDS = 50


def best_of(rounds: int, work) -> float:
    best = float("inf")
    for _ in range(rounds):
        start = time.perf_counter()
        work()
        best = min(best, time.perf_counter() - start)
    return best


def main(store_dir: Path) -> None:
    store = ReplayStore(store_dir)
    urls = store_urls(store_dir, "https://en.yna.co.kr/")
    settings = get_project_settings()
    crawler = get_crawler(YonhapSpider)
    spider = crawler._create_spider(url=urls[0])
    crawler.spider = spider
    stages = []
    for path, _ in sorted(settings.getdict("ITEM_PIPELINES").items(), key=lambda kv: kv[1]):
        try:
            stages.append(load_object(path).from_crawler(crawler))
        except NotConfigured:
            print(f"(not timed: {path}, off without the project's settings)")

    def process(body: bytes, url: str) -> ArticleItem:
        response = HtmlResponse(url=url, body=body, encoding="utf-8", request=Request(url))
        item = next(i for i in spider.parse_article(response) if isinstance(i, ArticleItem))
        for stage in stages:
            item = stage.process_item(item)
        return item

    print(f"{'page':<24}{'KiB':>6}{'lxml ms':>9}{'record ms':>11}{'ratio':>7}")
    total_lxml = total_record = 0.0
    for url in urls:
        saved = store.get(url)
        body = saved.body()
        process(body, url)  # warm caches (dateparser's first call loads its data)
        lxml_s = best_of(ROUNDS, lambda body=body: lxml.html.document_fromstring(body))
        record_s = best_of(ROUNDS, lambda body=body, url=url: process(body, url))
        total_lxml += lxml_s
        total_record += record_s
        print(
            f"{url.rsplit('/', 1)[-1]:<24}{len(body) / 1024:>6.0f}{lxml_s * 1e3:>9.2f}"
            f"{record_s * 1e3:>11.2f}{record_s / lxml_s:>7.2f}"
        )
    print(f"{'all pages':<30}{total_lxml * 1e3:>9.2f}{total_record * 1e3:>11.2f}"
          f"{total_record / total_lxml:>7.2f}")  # fmt: skip

    start = time.perf_counter()
    process_run = run_scrapy(
        ["crawl", "yonhap", "-a", "url=" + ",".join(urls), "-s", f"REPLAY_DIR={store_dir}",
         "-O", "/dev/null:jsonlines", "-s", "LOG_LEVEL=WARNING"],
        cwd=Path.cwd(),
    )  # fmt: skip
    wall = time.perf_counter() - start
    status = "ok" if process_run.returncode == 0 else f"failed: {process_run.stderr[-500:]}"
    print(f"replayed `scrapy crawl yonhap` over {len(urls)} pages: {wall:.2f} s wall ({status})")


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else CORPUS)
