"""The bare Scrapy spider the project's crawl is measured against: it reads the same feed,
fetches the same pages and yields only each headline, with Scrapy's default settings
(run with `scrapy runspider`, outside the project). The replay middleware stands in for
the network, as it does for the project's crawl."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from typing import Any, ClassVar

import scrapy
from scrapy.http import Response


class BareSpider(scrapy.Spider):
    name = "bare"
    custom_settings: ClassVar[dict[str, Any]] = {
        "DOWNLOADER_MIDDLEWARES": {"newscrawler.network.middlewares.ReplayMiddleware": 60},
        "TELNETCONSOLE_ENABLED": False,
    }

    def __init__(self, feed: str, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.feed = feed

    async def start(self) -> AsyncIterator[scrapy.Request]:
        yield scrapy.Request(self.feed, callback=self.parse_feed)

    def parse_feed(self, response: Response) -> Iterator[scrapy.Request]:
        for url in response.xpath("//item/link/text()").getall():
            yield scrapy.Request(url.strip())

    def parse(self, response: Response, **kwargs: Any) -> Iterator[dict[str, str | None]]:
        yield {"headline": response.css("h1::text").get()}
