"""robots.txt as a hostile or broken site serves it: too large to parse, or not served at
all. Scrapy's RobotsTxtMiddleware fetches and obeys it; this keeps its cost bounded and
its failure to one warning."""

from __future__ import annotations

import logging

from scrapy import Request
from scrapy.crawler import Crawler
from scrapy.exceptions import IgnoreRequest
from scrapy.http import Response
from twisted.python.failure import Failure

from newscrawler.network.failures import describe_failure

logger = logging.getLogger(__name__)

# RFC 9309, 2.5: a crawler should parse at least the first 500 KiB of a robots.txt, and
# need not parse more (Google reads no more). Past that, parsing costs seconds a MB.
MAX_ROBOTSTXT_BYTES = 500 * 1024
# Where Scrapy's RobotsTxtMiddleware marks the request of a site's robots.txt.
_ROBOTSTXT_META = "dont_obey_robotstxt"


class RobotsTxtGuardMiddleware:
    """A site's robots.txt that cannot be fetched after the retries (a timeout, a reset, a
    broken answer) is one warning that says so, and the site is crawled as if it had none,
    as Scrapy does; without this Scrapy logs an error with a traceback, and the crawl's
    monitors fail it for that error. A robots.txt over MAX_ROBOTSTXT_BYTES (decompressed)
    is read to the end of its last line within them. It sits below the retries, which give
    up first, and decompression."""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> RobotsTxtGuardMiddleware:
        return cls(crawler)

    def process_response(self, request: Request, response: Response) -> Response:
        body = response.body
        if len(body) <= MAX_ROBOTSTXT_BYTES or not _is_robotstxt(request):
            return response
        self.crawler.stats.inc_value("newscrawler/robotstxt/cut")
        logger.warning(
            "%s holds %s bytes: only its first %s KiB are read (RFC 9309), the rules "
            "after them are not obeyed",
            request.url,
            f"{len(body):,}",
            MAX_ROBOTSTXT_BYTES // 1024,
        )
        head = body[:MAX_ROBOTSTXT_BYTES]
        return response.replace(body=head[: head.rfind(b"\n") + 1] or head)

    def process_exception(self, request: Request, exception: Exception) -> Response | None:
        if isinstance(exception, IgnoreRequest) or not _is_robotstxt(request):
            return None
        reason, detail = describe_failure(Failure(exception))
        self.crawler.stats.inc_value(f"newscrawler/robotstxt/unreachable/{reason}")
        logger.warning(
            "%s could not be fetched (%s: %s): the site is crawled as if it had no "
            "robots.txt. Check that the site answers, or crawl it later.",
            request.url,
            reason,
            detail,
        )
        # Answered as a robots.txt the site does not have (RFC 9309: any 4xx): no rule.
        return Response(request.url, status=404, request=request)


def _is_robotstxt(request: Request) -> bool:
    """Whether the request is RobotsTxtMiddleware's for a site's robots.txt."""
    return bool(request.meta.get(_ROBOTSTXT_META)) and request.url.endswith("/robots.txt")
