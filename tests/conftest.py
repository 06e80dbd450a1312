from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
from scrapy.crawler import Crawler
from scrapy.utils.test import get_crawler

from newscrawler.items import ArticleItem
from newscrawler.spiders.yonhap import YonhapSpider
from tests.crawling import CrawlResult, crawl
from tests.paths import CORPUS, FIXTURES, store_folder_urls, store_urls
from tests.redis_server import RedisServer

ARTICLE_URL = "https://en.yna.co.kr/view/AEN20230419003851320"


@pytest.fixture
def crawler() -> Crawler:
    """A crawler of the yonhap spider, as the pipelines see it while a crawl runs."""
    crawler = get_crawler(YonhapSpider)
    crawler.spider = crawler._create_spider(url=ARTICLE_URL)
    return crawler


@pytest.fixture(scope="session")
def site_crawl(tmp_path_factory: pytest.TempPathFactory) -> Callable[..., CrawlResult]:
    """A spider's crawl of every page of a store, once per test session: kind "corpus"
    (a folder of ../shared/corpus, the spider's own unless named) or "fixtures" (the
    spider's store in fixtures/). Golden-record, site and scoring tests share them."""
    crawls: dict[tuple[str, str, str], CrawlResult] = {}

    def crawl_of(spider: str, kind: str, folder: str | None = None) -> CrawlResult:
        key = (spider, kind, folder or spider)
        if key not in crawls:
            store = CORPUS if kind == "corpus" else FIXTURES / key[2]
            if kind == "corpus":
                urls = store_folder_urls(store, key[2])
            else:
                urls = store_urls(store, "http")
            tmp_path = tmp_path_factory.mktemp(f"{spider}-{kind}-{key[2]}")
            crawls[key] = crawl(spider, tmp_path, store=store, urls=urls)
        return crawls[key]

    return crawl_of


def article(**fields: object) -> ArticleItem:
    """A record as a spider yields it, with the required fields filled."""
    defaults: dict[str, object] = {
        "url": ARTICLE_URL,
        "source": "yonhap",
        "agency": "Yonhap",
        "headline": "S. Korea to support investments",
        "published": "2023-04-19T14:53:59+09:00",
        "body": ["SEOUL, April 19 (Yonhap) -- South Korea plans to pave the way."],
        "language": "en",
    }
    return ArticleItem(**{**defaults, **fields})


@pytest.fixture(scope="session")
def redis_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RedisServer]:
    """One real redis-server for the session (tests empty it with the redis_url fixture)."""
    server = RedisServer(tmp_path_factory.mktemp("redis"))
    yield server
    server.stop()


@pytest.fixture
def redis_url(redis_server: RedisServer) -> str:
    """The URL of an empty Redis database."""
    redis_server.client.flushall()
    return redis_server.url
