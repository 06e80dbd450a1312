"""robots.txt as RFC 9309 reads it, and as a hostile or broken site serves it: Scrapy's
RobotsTxtMiddleware, with the RFC's answer where the file cannot be had, and its cost
bounded where it is too large."""

from __future__ import annotations

import logging

from scrapy import Request
from scrapy.crawler import Crawler
from scrapy.downloadermiddlewares.robotstxt import RobotsTxtMiddleware
from scrapy.exceptions import IgnoreRequest
from scrapy.http import Response
from scrapy.robotstxt import RobotParser
from scrapy.utils.httpobj import urlparse_cached
from twisted.python.failure import Failure

from newscrawler.network.failures import ROBOTSTXT_UNREACHABLE, describe_failure

logger = logging.getLogger(__name__)

# RFC 9309, 2.5: a crawler should parse at least the first 500 KiB of a robots.txt, and
# need not parse more (Google reads no more). Past that, parsing costs seconds a MB.
MAX_ROBOTSTXT_BYTES = 500 * 1024
# Where Scrapy's RobotsTxtMiddleware marks the request of a site's robots.txt.
_ROBOTSTXT_META = "dont_obey_robotstxt"
# RFC 9309, 2.3.1.3: "unavailable" (any 4xx) is no robots.txt; Google, and this crawl,
# take 429 (too many requests) for the server's error it is.
_TOO_MANY_REQUESTS = 429


class RobotsTxtGuardMiddleware(RobotsTxtMiddleware):
    """Scrapy's RobotsTxtMiddleware, in its place, with RFC 9309's reading of a robots.txt
    that cannot be had. One the server answers with a 4xx is none: everything is allowed,
    whatever the error page says (Scrapy parsed that page as rules). One that cannot be
    fetched after the retries (a 5xx or 429 answer, a timeout, a reset) forbids the whole
    site for this run (2.3.1.4; Scrapy allowed everything), with one warning that says so:
    each of the site's pages is then a ``robots_unreachable`` reject, and the next run
    tries them again. A robots.txt over MAX_ROBOTSTXT_BYTES (decompressed) is read to the
    end of its last line within them. It sits below the retries and decompression, which
    are done with a robots.txt before it sees it."""

    def __init__(self, crawler: Crawler) -> None:
        super().__init__(crawler)
        # Why a site's robots.txt could not be fetched: by netloc, for the sites it forbids,
        # and (for a failure, answered with a stand-in) until it is parsed.
        self._unreachable: dict[str, str] = {}

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> RobotsTxtGuardMiddleware:
        return cls(crawler)

    def process_response(self, request: Request, response: Response) -> Response:
        body = response.body
        if len(body) <= MAX_ROBOTSTXT_BYTES or not _is_robotstxt(request):
            return response
        self._stats.inc_value("newscrawler/robotstxt/cut")
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
        self._unreachable[urlparse_cached(request).netloc] = f"{reason}: {detail}"
        # A stand-in answer, so that Scrapy's middleware does not log the failure as an
        # error with its traceback; _parse_robots reads the failure in its place.
        return Response(request.url, status=503, request=request)

    async def _parse_robots(self, response: Response, netloc: str, request: Request) -> None:
        why = self._unreachable.get(netloc)
        if why is None and (response.status >= 500 or response.status == _TOO_MANY_REQUESTS):
            why = f"http_{response.status}: the site answered HTTP {response.status}"
        if why is not None:
            self._unreachable[netloc] = why
            self._stats.inc_value(f"newscrawler/robotstxt/unreachable/{why.partition(':')[0]}")
            logger.warning(
                "%s could not be fetched (%s): RFC 9309 asks a crawler to take the whole "
                "site as forbidden, so none of its pages is fetched this run; each is a "
                "robots_unreachable reject and is tried again on the next run. Check that "
                "the site answers, or crawl it later.",
                response.url,
                why,
            )
        elif 400 <= response.status < 500:
            response = response.replace(body=b"")  # no robots.txt: no rule
        await super()._parse_robots(response, netloc, request)

    def process_request_2(self, rp: RobotParser | None, request: Request) -> None:
        why = self._unreachable.get(urlparse_cached(request).netloc)
        if why is not None:
            raise IgnoreRequest(f"{ROBOTSTXT_UNREACHABLE} ({why}); tried again on the next run")
        super().process_request_2(rp, request)


def _is_robotstxt(request: Request) -> bool:
    """Whether the request is RobotsTxtMiddleware's for a site's robots.txt."""
    return bool(request.meta.get(_ROBOTSTXT_META)) and request.url.endswith("/robots.txt")
