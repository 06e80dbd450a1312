"""Downloader middlewares."""

from __future__ import annotations

import asyncio
import codecs
import random
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from ipaddress import IPv4Address, IPv6Address, ip_address
from typing import Any
from urllib.parse import urlsplit, urlunsplit

from scrapy import Request
from scrapy.crawler import Crawler
from scrapy.downloadermiddlewares.httpcompression import HttpCompressionMiddleware
from scrapy.downloadermiddlewares.redirect import MetaRefreshMiddleware, RedirectMiddleware
from scrapy.downloadermiddlewares.retry import RetryMiddleware
from scrapy.exceptions import IgnoreRequest, NotConfigured
from scrapy.http import Headers, HtmlResponse, Response, TextResponse
from scrapy.responsetypes import responsetypes
from scrapy.settings import Settings
from scrapy.utils.response import get_meta_refresh, response_status_message
from w3lib.encoding import read_bom
from w3lib.url import canonicalize_url

from newscrawler.archives.sources import CaptureSource, replay_source
from newscrawler.network.encoding import base_url, repaired_encoding
from newscrawler.network.replay import TooLarge

# When the response was fetched, where it is known before the spider parses it (replay,
# capture): the record's fetched_at.
FETCHED_AT_META = "newscrawler_fetched_at"
REPLAYED = "replayed"  # the flag of a response answered by replay, shown in the log


class ReplayMiddleware:
    """With REPLAY_DIR set (a replay store or WARC files), or WARC files named by the
    spider's -a warc=, every request is answered from them and none reaches the network; a
    URL they lack gets a 404, counted as a replay miss. It sits after RobotsTxtMiddleware,
    so a replay crawl obeys the archived robots.txt."""

    def __init__(self, crawler: Crawler, store: CaptureSource) -> None:
        self.crawler = crawler
        self.store = store
        self.max_size = crawler.settings.getint("DOWNLOAD_MAXSIZE")

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> ReplayMiddleware:
        source = replay_source(crawler)
        if source is None:
            raise NotConfigured  # a live crawl: no warning in every log
        return cls(crawler, source)

    def process_request(self, request: Request) -> Response:
        stats = self.crawler.stats
        # Scrapy's own robots.txt lookups (ROBOTSTXT_OBEY) are counted apart: a store
        # without robots.txt is a site without one, not a page the crawl missed.
        counter = "replay/robotstxt" if request.meta.get("dont_obey_robotstxt") else "replay"
        saved = self.store.get(request.url, getattr(self.crawler.spider, "canonical_url", None))
        if saved is None:
            stats.inc_value(f"{counter}/miss")
            request.meta["replay_miss"] = True
            return Response(request.url, status=404, request=request)
        stats.inc_value(f"{counter}/hit")
        max_size = request.meta.get("download_maxsize", self.max_size)
        try:
            body = saved.body(max_size)
        except TooLarge as error:
            raise IgnoreRequest(f"replay store: {error}") from None
        except OSError as error:
            raise IgnoreRequest(f"replay store: {error}; fix or remove its line") from None
        headers = Headers(saved.headers)
        cls = responsetypes.from_args(headers=headers, url=saved.url, body=body)
        request.meta[FETCHED_AT_META] = saved.fetched_at
        return cls(
            url=request.url,
            status=saved.status,
            headers=headers,
            body=body,
            request=request,
            flags=[REPLAYED],
        )


class BackoffRetryMiddleware(RetryMiddleware):
    """Scrapy's retries (RETRY_TIMES, RETRY_HTTP_CODES, RETRY_EXCEPTIONS), spaced out: a
    retry waits what the site's Retry-After header asks, or else an exponential backoff
    with jitter. A site that asks for a longer wait than NEWSCRAWLER_RETRY_AFTER_MAX is
    given up on for this run (the page goes to the rejects feed with the wait it asked)."""

    def __init__(self, settings: Settings) -> None:
        super().__init__(settings)
        self.backoff_base = settings.getfloat("NEWSCRAWLER_RETRY_BACKOFF_BASE")
        self.backoff_max = settings.getfloat("NEWSCRAWLER_RETRY_BACKOFF_MAX")
        self.retry_after_max = settings.getfloat("NEWSCRAWLER_RETRY_AFTER_MAX")
        self.random = random.Random(settings.get("NEWSCRAWLER_RETRY_SEED"))

    async def process_response(self, request: Request, response: Response) -> Request | Response:
        if request.meta.get("dont_retry") or response.status not in self.retry_http_codes:
            return response
        asked = retry_after_seconds(response.headers.get(b"Retry-After"))
        if asked is not None and asked > self.retry_after_max:
            self.crawler.stats.inc_value("newscrawler/retry/wait_too_long")
            return response
        retry = self._retry(request, response_status_message(response.status))
        if retry is None:
            return response
        await self._wait(retry, asked)
        return retry

    async def process_exception(self, request: Request, exception: Exception) -> Request | None:
        retry = super().process_exception(request, exception)
        if isinstance(retry, Request):
            await self._wait(retry, None)
        return retry

    async def _wait(self, retry: Request, asked: float | None) -> None:
        attempt = retry.meta.get("retry_times", 1)
        if asked is None:
            backoff = min(self.backoff_max, self.backoff_base * 2 ** (attempt - 1))
            asked = backoff * (0.5 + self.random.random() / 2)  # jitter: no thundering herd
        self.crawler.stats.inc_value("newscrawler/retry/waited_seconds", round(asked, 3))
        await asyncio.sleep(asked)


def retry_after_seconds(value: bytes | None) -> float | None:
    """Retry-After as seconds: a number of seconds, or an HTTP date (RFC 9110)."""
    if not value:
        return None
    text = value.decode("latin-1").strip()
    if text.isdigit():
        return float(text)
    try:
        when = parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError):
        return None
    return max(0.0, (when - datetime.now(UTC)).total_seconds())


class AddressGuardMiddleware:
    """No request to a private, loopback, link-local or otherwise non-public address, by
    a link or a redirect (redirected requests pass here again). Host names are checked
    where they resolve, by the project's DNS resolver (newscrawler.network.resolver).
    NEWSCRAWLER_ALLOW_LOOPBACK opens loopback, for tests against a local server only."""

    def __init__(self, allow_loopback: bool) -> None:
        self.allow_loopback = allow_loopback

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> AddressGuardMiddleware:
        return cls(crawler.settings.getbool("NEWSCRAWLER_ALLOW_LOOPBACK"))

    def process_request(self, request: Request) -> None:
        address = host_address(urlsplit(request.url).hostname or "")
        if address and not is_public(address, self.allow_loopback):
            raise IgnoreRequest(f"{request.url} points to a private address ({address})")


def host_address(host: str) -> IPv4Address | IPv6Address | None:
    """The address a URL's host is written as (localhost counts), None for a name: names
    are checked where they resolve (newscrawler.network.resolver)."""
    if host == "localhost" or host.endswith(".localhost"):
        return ip_address("127.0.0.1")
    if ":" not in host and not host.replace(".", "").isdigit():
        # An address is written with colons (IPv6) or in digits and dots (IPv4): this is a
        # name, told without ip_address raising twice (15-50 us a request).
        return None
    try:
        return ip_address(host)
    except ValueError:
        return None


def is_public(address: IPv4Address | IPv6Address, allow_loopback: bool = False) -> bool:
    if address.is_loopback:
        return allow_loopback
    return address.is_global and not address.is_multicast


class CheckedDecompressionMiddleware(HttpCompressionMiddleware):
    """Scrapy's decompression, where a body that does not decode as its Content-Encoding
    says (gzip that is no gzip, a cut brotli stream) is refused with that reason: Scrapy
    lets the decoder's own error out (BadGzipFile, zlib.error, brotli.error), a
    download_error that names neither the header nor the body."""

    def process_response(self, request: Request, response: Response) -> Request | Response:
        try:
            return super().process_response(request, response)
        except IgnoreRequest:
            raise  # over DOWNLOAD_MAXSIZE once decompressed: too_large
        except Exception as error:  # each decoder has its own errors
            coding = b", ".join(response.headers.getlist(b"Content-Encoding")).decode("latin-1")
            raise IgnoreRequest(
                f"the body does not decode as its Content-Encoding ({coding}) says: "
                f"{type(error).__name__}: {error}"
            ) from None


class EncodingRepairMiddleware:
    """A page is read in the encoding the HTML standard's sniffing gives, with the
    repairs of newscrawler.network.encoding (mostly-UTF-8 bytes labelled Latin-1, a
    UTF-16 label in a <meta>)."""

    def process_response(self, request: Request, response: Response) -> Response:
        if not isinstance(response, TextResponse):
            return response
        content_type = response.headers.get(b"Content-Type", b"").decode("latin-1")
        if repaired := repaired_encoding(response.body, content_type or None):
            encoding, body = repaired
            return response.replace(encoding=encoding, body=body)
        return response


class GuardedRedirects:
    """Every redirect checked before it is followed, HTTP (Location) and HTML (meta
    refresh) alike: one off the spider's sites, to another scheme, to a private address or
    back into its own chain fails with its reason, so the page goes to the rejects feed.
    (Followed, it would be dropped without a word by the offsite or duplicate filter, or
    be requested where the crawl must not go.) Credentials in the target are dropped."""

    crawler: Crawler

    def _build_redirect_request(
        self, source_request: Request, response: Response, *, url: str, **kwargs: Any
    ) -> Request:
        target = without_userinfo(url)
        chain = [*source_request.meta.get("redirect_urls", ()), source_request.url]
        if target in chain:
            raise IgnoreRequest(f"redirect loop: {' -> '.join([*chain, target])}")
        if (problem := self._refused(target)) is not None:
            raise IgnoreRequest(f"redirect from {source_request.url} to {target}: {problem}")
        return super()._build_redirect_request(source_request, response, url=target, **kwargs)

    def _refused(self, target: str) -> str | None:
        parts = urlsplit(target)
        if parts.scheme not in ("http", "https"):
            return f"{parts.scheme}: is no web address (offsite)"
        host = parts.hostname or ""
        allow_loopback = self.crawler.settings.getbool("NEWSCRAWLER_ALLOW_LOOPBACK")
        if (address := host_address(host)) and not is_public(address, allow_loopback):
            return f"a private address ({address})"
        spider = self.crawler.spider
        if hasattr(spider, "is_site_url") and not spider.is_site_url(target):
            return "another site (offsite)"
        return None


class GuardedRedirectMiddleware(GuardedRedirects, RedirectMiddleware):
    def process_response(self, request: Request, response: Response) -> Request | Response:
        """A Location that is no URL (``http://[::1``, a port out of range) is refused
        with its reason; Scrapy lets w3lib's ValueError out, a download_error."""
        try:
            return super().process_response(request, response)
        except ValueError as error:
            location = response.headers.get(b"Location", b"").decode("latin-1")
            raise IgnoreRequest(
                f"redirect from {request.url} to {location!r}, which is no URL ({error})"
            ) from None


class GuardedMetaRefreshMiddleware(GuardedRedirects, MetaRefreshMiddleware):
    def process_response(self, request: Request, response: Response) -> Request | Response:
        """A page whose meta refresh names the page itself reloads itself (a live page,
        a front page): it is the page, not a redirect, and never a loop."""
        if not isinstance(response, HtmlResponse) or not may_refresh(response):
            return response  # what Scrapy's middleware answers for it, without decoding it
        base_url(response)  # a <base href> that is no URL is passed over, not an error
        try:
            _, target = get_meta_refresh(response, ignore_tags=self._ignore_tags)
        except ValueError:  # a refresh to no URL: a browser stays on the page
            return response
        if target and canonicalize_url(target) == canonicalize_url(request.url):
            return response
        return super().process_response(request, response)


# Scrapy looks for a meta refresh in a page's first 4,096 characters: in UTF-8 at most
# 4 bytes each, after a byte-order mark of 3.
_REFRESH_SCAN_BYTES = 4 * 4096 + 3


def may_refresh(response: HtmlResponse) -> bool:
    """Whether a page may hold the meta refresh Scrapy looks for. False only for a page
    Scrapy decodes as UTF-8 (by its byte-order mark, else its encoding) whose first 4,096
    characters hold no "refresh" in any case: Scrapy passes over every tag without that
    word, no other character lowercases to those ASCII letters, and in UTF-8 no other
    character is written with their bytes. Scrapy's own check decodes the whole page
    (about 0.1 ms), a text nothing else in a crawl reads."""
    body = response.body
    bom_encoding, _ = read_bom(body)
    if codecs.lookup(bom_encoding or response.encoding).name != "utf-8":
        return True
    return b"refresh" in body[:_REFRESH_SCAN_BYTES].lower()


def without_userinfo(url: str) -> str:
    """A URL without the user:password@ some links carry: never sent, never logged."""
    parts = urlsplit(url)
    if "@" not in parts.netloc:
        return url
    return urlunsplit(parts._replace(netloc=parts.netloc.rpartition("@")[2]))
