"""Benchmark: what WARC capture costs a crawl, and what its files weigh.

    .venv/bin/python -m tests.bench_warc [PAGES] [ROUNDS]    (default 400 pages, 3 rounds)

Serves the generated Yonhap-like site of the crawl tests on loopback, PAGES articles each
padded with a navigation block to the size of a real Yonhap page (about 60 KB of HTML),
gzipped as real sites send them. Crawls it from its RSS feed with capture off (A) and on
(B), alternately, A B A B ..., each run in a fresh output folder; prints each run's pages
per second (responses received / the crawl's elapsed time, from Scrapy's stats), the size
of the capture, the time to read it back (the replay index), and a replay from it.
"""

from __future__ import annotations

import gzip
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

from scrapy import Request
from scrapy.http import Response
from scrapy.utils.test import get_crawler

from newscrawler.archives.capture import WarcCaptureMiddleware
from newscrawler.archives.reader import WarcArchive, warc_files
from newscrawler.spiders.yonhap import YonhapSpider
from tests.crawling import Crawl, CrawlResult
from tests.yonhap_site import Article, SiteServer, YonhapSite, article_id, base_time

WORDS = [
    "minister",
    "talks",
    "north",
    "korea",
    "economy",
    "exports",
    "growth",
    "inflation",
    "election",
    "court",
    "police",
    "ministry",
    "seoul",
    "busan",
    "parliament",
    "summit",
    "defense",
    "military",
    "missile",
    "trade",
    "chip",
    "samsung",
    "hyundai",
    "won",
    "rate",
    "bank",
    "central",
    "policy",
    "crisis",
    "tourism",
    "culture",
    "film",
    "music",
    "baseball",
    "soccer",
]
_pick = random.Random(12).choice
# Headlines of other stories, as a real page's navigation and sidebars carry: about 60 KB
# of HTML that compresses about as much as a real page's (no single repeated line).
NAVIGATION = (
    "<nav><ul>"
    + "".join(
        f'<li><a href="//en.yna.co.kr/view/AEN2023041800{n:04d}315">'
        f"{' '.join(_pick(WORDS) for _ in range(9)).capitalize()}</a></li>"
        for n in range(600)
    )
    + "</ul></nav>"
)


class PaddedSite(YonhapSite):
    def page(self, path: str) -> tuple[int, str, str]:
        status, content_type, body = super().page(path)
        if path.startswith("/view/"):
            body = body.replace("</body>", NAVIGATION + "</body>")
        return status, content_type, body


def articles(count: int) -> list[Article]:
    return [
        Article(
            content_id=article_id(1 + serial % 28, serial),
            headline=f"Benchmark story {serial}",
            published=base_time(1 + serial % 28, hour=8 + serial % 10),
            paragraphs=[f"SEOUL, April 1 (Yonhap) -- Story {serial}.", "Second paragraph."] * 8,
        )
        for serial in range(1, count + 1)
    ]


def run(folder: Path, settings: dict[str, str]) -> CrawlResult:
    folder.mkdir(parents=True)
    all_settings = {
        **settings,
        "LOG_LEVEL": "WARNING",
        "CONCURRENT_REQUESTS": "16",
        "CONCURRENT_REQUESTS_PER_DOMAIN": "16",
    }
    return Crawl("yonhap", folder, {"start": "rss"}, all_settings, []).run()


def pages_per_second(result: CrawlResult) -> float:
    assert result.returncode == 0, result.log[-2000:]
    return result.stats["response_received_count"] / result.stats["elapsed_time_seconds"]


def capture_cost(site: PaddedSite, folder: Path, rounds: int = 300) -> tuple[float, int]:
    """CPU seconds the capture middleware spends on one article response (records built,
    digested, gzipped, written), and the gzipped page's size as transferred."""
    settings = {"NEWSCRAWLER_WARC_DIR": str(folder), "NEWSCRAWLER_WARC_MAX_SIZE": str(1024**3)}
    crawler = get_crawler(YonhapSpider, settings_dict=settings)
    crawler.spider = crawler._create_spider()
    middleware = WarcCaptureMiddleware.from_crawler(crawler)
    article = site.articles[0]
    body = gzip.compress(site.page(f"/view/{article.content_id}")[2].encode(), mtime=0)
    headers = {"Content-Type": "text/html; charset=utf-8", "Content-Encoding": "gzip"}
    request = Request(article.url)
    response = Response(article.url, body=body, headers=headers, request=request)
    start = time.process_time()  # CPU time: the machine may be busy with other work
    for _ in range(rounds):
        middleware.process_response(request, response)
    seconds = (time.process_time() - start) / rounds
    middleware.close()
    return seconds, len(body)


def main(pages: int, rounds: int) -> None:
    site = PaddedSite(articles(pages), gzip=True)
    with tempfile.TemporaryDirectory() as temp:
        seconds, transferred = capture_cost(site, Path(temp))
    print(
        f"capture of one article response ({transferred / 1e3:.1f} KB gzipped): "
        f"{seconds * 1e3:.2f} ms of CPU",
        flush=True,
    )
    server = SiteServer(site)
    speeds: dict[str, list[float]] = {"A": [], "B": []}
    with tempfile.TemporaryDirectory() as temp:
        root = Path(temp)
        try:
            for n in range(rounds):
                for kind in ("A", "B"):
                    settings = server.settings()
                    if kind == "B":
                        settings["NEWSCRAWLER_WARC_DIR"] = str(root / f"warc-{n}")
                    speed = pages_per_second(run(root / f"{kind}{n}", settings))
                    speeds[kind].append(speed)
                    print(
                        f"round {n + 1} {kind} ({'capture' if kind == 'B' else 'no capture'}):"
                        f" {speed:.1f} pages/s",
                        flush=True,
                    )
        finally:
            server.close()
        for kind, label in (("A", "without capture"), ("B", "with capture")):
            print(
                f"{label}: median {statistics.median(speeds[kind]):.1f} pages/s "
                f"({', '.join(f'{s:.1f}' for s in speeds[kind])})"
            )
        files = warc_files(root / "warc-0")
        size = sum(path.stat().st_size for path in files)
        start = time.perf_counter()
        archive = WarcArchive(files)
        index_seconds = time.perf_counter() - start
        html = sum(len(capture.body()) for capture in archive)
        print(
            f"capture: {len(files)} file(s), {size / 1e6:.2f} MB for {len(archive)} responses "
            f"({size / len(archive) / 1e3:.1f} KB each; the HTML decoded: "
            f"{html / len(archive) / 1e3:.1f} KB each)"
        )
        print(
            f"reading it back (replay index): {index_seconds:.2f} s, "
            f"{size / 1e6 / index_seconds:.1f} MB/s, "
            f"{archive.records_read / index_seconds:.0f} records/s"
        )
        replay = run(root / "replay", {"REPLAY_DIR": str(root / "warc-0")})
        print(
            f"replay from the WARC: {pages_per_second(replay):.1f} pages/s, "
            f"{len(replay.records)} records"
        )


if __name__ == "__main__":
    main(
        int(sys.argv[1]) if len(sys.argv) > 1 else 400, int(sys.argv[2]) if len(sys.argv) > 2 else 3
    )
