from __future__ import annotations

import pytest
from scrapy.crawler import Crawler
from scrapy.utils.test import get_crawler

from newscrawler.items import ArticleItem
from newscrawler.spiders.yonhap import YonhapSpider

ARTICLE_URL = "https://en.yna.co.kr/view/AEN20230419003851320"


@pytest.fixture
def crawler() -> Crawler:
    """A crawler of the yonhap spider, as the pipelines see it while a crawl runs."""
    crawler = get_crawler(YonhapSpider)
    crawler.spider = crawler._create_spider(url=ARTICLE_URL)
    return crawler


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
