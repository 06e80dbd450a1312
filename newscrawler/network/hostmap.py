"""For tests that serve a site locally: a download handler that sends the requests for
some hosts to a loopback address instead, while everything above it (offsite filter,
robots.txt, duplicate filter, spider) sees the site's own URLs.

Not installed by the project's settings; a test turns it on with
``DOWNLOAD_HANDLERS={"http": "newscrawler.network.hostmap.HostMapDownloadHandler", "https": ...}``
and ``NEWSCRAWLER_HOST_MAP={"en.yna.co.kr": "127.0.0.1:PORT"}``."""

from __future__ import annotations

from urllib.parse import urlsplit, urlunsplit

from scrapy import Request
from scrapy.core.downloader.handlers.http11 import HTTP11DownloadHandler
from scrapy.crawler import Crawler
from scrapy.http import Response

LOOPBACK = ("127.", "localhost:", "[::1]:")


class HostMapDownloadHandler:
    lazy = False

    def __init__(self, crawler: Crawler) -> None:
        self.host_map: dict[str, str] = crawler.settings.getdict("NEWSCRAWLER_HOST_MAP")
        for host, target in self.host_map.items():
            if not target.startswith(LOOPBACK):
                raise ValueError(
                    f"NEWSCRAWLER_HOST_MAP sends {host} to {target}, not a loopback address: "
                    f"it serves a site from a local server in tests, nothing else"
                )
        self._http = HTTP11DownloadHandler(crawler)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> HostMapDownloadHandler:
        return cls(crawler)

    async def download_request(self, request: Request) -> Response:
        parts = urlsplit(request.url)
        target = self.host_map.get(parts.hostname or "")
        if target is None:
            return await self._http.download_request(request)
        local = urlunsplit(("http", target, parts.path, parts.query, ""))
        response = await self._http.download_request(request.replace(url=local))
        return response.replace(url=request.url)

    async def close(self) -> None:
        await self._http.close()
