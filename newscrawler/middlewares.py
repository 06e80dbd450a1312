"""Downloader middlewares."""

from __future__ import annotations

from scrapy import Request
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured
from scrapy.http import Headers, Response
from scrapy.responsetypes import responsetypes

from newscrawler.replay import ReplayStore


class ReplayMiddleware:
    """With REPLAY_DIR set, every request is answered from that replay store and none
    reaches the network; a URL the store lacks gets a 404, counted as a replay miss."""

    def __init__(self, crawler: Crawler, store: ReplayStore) -> None:
        self.crawler = crawler
        self.store = store

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> ReplayMiddleware:
        folder = crawler.settings.get("REPLAY_DIR")
        if not folder:
            raise NotConfigured  # a live crawl: no warning in every log
        return cls(crawler, ReplayStore(folder))

    def process_request(self, request: Request) -> Response:
        stats = self.crawler.stats
        saved = self.store.get(request.url, getattr(self.crawler.spider, "canonical_url", None))
        if saved is None:
            stats.inc_value("replay/miss")
            request.meta["replay_miss"] = True
            return Response(request.url, status=404, request=request)
        stats.inc_value("replay/hit")
        body = saved.body()
        headers = Headers(saved.headers)
        cls = responsetypes.from_args(headers=headers, url=saved.url, body=body)
        request.meta["replay_fetched_at"] = saved.fetched_at
        return cls(
            url=request.url, status=saved.status, headers=headers, body=body, request=request
        )
