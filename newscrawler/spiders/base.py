"""What every agency's spider shares: its arguments, the article request flow, following
related headlines within the site, and the record fields every site fills the same way.

A site spider names its hosts and conventions and implements ``extract_article``.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable, Iterator
from typing import Any, ClassVar, TypeVar
from urllib.parse import urlsplit

import scrapy
from scrapy.crawler import Crawler
from scrapy.http import Response, TextResponse
from scrapy.settings import BaseSettings
from scrapy.spidermiddlewares.httperror import HttpError
from twisted.python.failure import Failure

from newscrawler.dates import utc_now_iso
from newscrawler.items import ArticleItem
from newscrawler.signals import page_rejected
from newscrawler.structured import StructuredData
from newscrawler.urls import canonical_url, is_http_url

T = TypeVar("T")

HOP_META = "newscrawler_hop"


class WireSpider(scrapy.Spider):
    agency: ClassVar[str]  # credited when the copy carries no dateline
    language: ClassVar[str] = "en"
    timezone: ClassVar[str] = "UTC"  # for times a page prints without an offset
    allowed_domains: ClassVar[list[str]]
    host_aliases: ClassVar[dict[str, str]] = {}  # alias host -> the site's main host

    def __init__(self, *args: Any, url: str | None = None, hops: str | int = 0, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.article_urls = self._parse_url_argument(url)
        self.hops = self._parse_hops_argument(hops)

    @classmethod
    def update_settings(cls, settings: BaseSettings) -> None:
        super().update_settings(settings)
        # Not in FEEDS itself: Scrapy merges -o/-O into FEEDS, and a user who names a
        # file expects that file alone.
        if not settings.getdict("FEEDS"):
            default_feed = settings.get("NEWSCRAWLER_DEFAULT_FEED")
            settings.set("FEEDS", {default_feed: {"format": "jsonlines"}}, priority="spider")

    @classmethod
    def from_crawler(cls, crawler: Crawler, *args: Any, **kwargs: Any) -> WireSpider:
        spider = super().from_crawler(crawler, *args, **kwargs)
        # Feed URIs are formatted with the spider's attributes: %(output_dir)s.
        spider.output_dir = crawler.settings.get("NEWSCRAWLER_OUTPUT_DIR", "output")
        return spider

    # -- arguments -------------------------------------------------------------------------

    def _parse_url_argument(self, value: str | None) -> list[str]:
        if not value:
            raise ValueError(
                f"{self.name}: no article to start from. Pass -a url=URL[,URL...] with article "
                f"pages of {', '.join(self.allowed_domains)}."
            )
        urls = [part.strip() for part in value.split(",") if part.strip()]
        for url in urls:
            if not self.is_site_url(url):
                raise ValueError(
                    f"{self.name}: -a url={url!r} is not an http(s) page of "
                    f"{', '.join(self.allowed_domains)}. Give article URLs of this site, or use "
                    f"the spider of the site the URL belongs to."
                )
        return [self.canonical_url(url) for url in urls]

    def _parse_hops_argument(self, value: str | int) -> int:
        try:
            hops = int(value)
        except (TypeError, ValueError):
            hops = -1
        if hops < 0:
            raise ValueError(
                f"{self.name}: -a hops={value!r} is not a whole number of 0 or more. Use 0 to "
                f"crawl only the given pages, N to follow related headlines N links out."
            )
        return hops

    # -- URLs ------------------------------------------------------------------------------

    def canonical_url(self, url: str) -> str:
        return canonical_url(url, self.host_aliases)

    def is_site_url(self, url: str) -> bool:
        host = (urlsplit(url).hostname or "").lower()
        return is_http_url(url) and any(
            host == domain or host.endswith("." + domain) for domain in self.allowed_domains
        )

    # -- crawl flow ------------------------------------------------------------------------

    async def start(self) -> AsyncIterator[scrapy.Request]:
        for url in self.article_urls:
            yield self.article_request(url, hop=0)

    def article_request(self, url: str, hop: int) -> scrapy.Request:
        # Nearer pages first, so a page reached by several paths is usually met at its
        # smallest hop count.
        return scrapy.Request(
            url,
            callback=self.parse_article,
            errback=self.on_request_failed,
            meta={HOP_META: hop},
            priority=-hop,
        )

    def parse_article(self, response: Response) -> Iterator[ArticleItem | scrapy.Request]:
        hop = response.meta.get(HOP_META, 0)
        self._count_reached(hop)
        if not isinstance(response, TextResponse):
            self.reject(
                response.url, "not_text", f"the page is not text but {type(response).__name__}"
            )
            return
        item = self.extract_article(response, StructuredData(response))
        item.source = self.name
        item.agency = item.agency or self.agency
        item.language = item.language or self.language
        item.url = item.url or response.url
        item.fetched_at = response.meta.get("replay_fetched_at", utc_now_iso())
        # Followed before the item is handed on: the pipelines rewrite item.related.
        followed = [link["url"] for link in item.related] if hop < self.hops else []
        yield item
        for url in followed:
            if self.is_site_url(url):
                yield self.article_request(self.canonical_url(url), hop + 1)
            else:
                self.crawler.stats.inc_value("newscrawler/links/not_followed_offsite")

    def extract_article(self, response: TextResponse, data: StructuredData) -> ArticleItem:
        """The site's fields of the record, as found on the page (text still raw)."""
        raise NotImplementedError

    def pick(self, field: str, *sources: Callable[[], T | None]) -> T | None:
        """The first non-empty value of the sources, tried in order: the site's selectors
        first, structured data after. A value from a later source is counted as a fallback,
        so the stats show when the site's markup has moved under its selectors."""
        for index, source in enumerate(sources):
            value = source()
            if value:
                if index:
                    self.crawler.stats.inc_value(f"newscrawler/fallback/{field}")
                return value
        return None

    # -- failures --------------------------------------------------------------------------

    def _count_reached(self, hop: int) -> None:
        self.crawler.stats.inc_value(f"newscrawler/pages/hop_{hop}")

    def on_request_failed(self, failure: Failure) -> None:
        request = failure.request
        self._count_reached(request.meta.get(HOP_META, 0))
        if failure.check(HttpError):
            status = failure.value.response.status
            if request.meta.get("replay_miss"):
                detail = "not in the replay store: add the page to the store or crawl live"
            else:
                detail = f"the site answered HTTP {status}"
            self.reject(request.url, f"http_{status}", detail)
        else:
            self.reject(request.url, "download_error", f"{failure.type.__name__}: {failure.value}")

    def reject(self, url: str, reason: str, detail: str) -> None:
        self.crawler.signals.send_catch_log(
            signal=page_rejected, url=url, reason=reason, detail=detail
        )
