"""Why a page did not become a record: a reason code (the stats key and the rejects
feed's ``reason``) and a sentence for the person who reads it."""

from __future__ import annotations

from scrapy.exceptions import (
    CannotResolveHostError,
    DownloadCancelledError,
    DownloadConnectionRefusedError,
    DownloadFailedError,
    DownloadTimeoutError,
    IgnoreRequest,
    ResponseDataLossError,
)
from scrapy.http import Response, TextResponse
from scrapy.spidermiddlewares.httperror import HttpError
from twisted.internet.error import ConnectError, ConnectionDone, ConnectionLost
from twisted.python.failure import Failure
from w3lib.encoding import read_bom

# Bytes that open files which are no web page, whatever the server calls them.
_BINARY_SIGNATURES = (
    b"%PDF", b"\x89PNG", b"\xff\xd8\xff", b"GIF8", b"PK\x03\x04", b"\x1f\x8b", b"RIFF",
    b"\x00\x00\x00", b"ID3", b"OggS", b"\x1aE\xdf\xa3",
)  # fmt: skip
# How the robots.txt middleware refuses a page of a site whose robots.txt it could not fetch.
ROBOTSTXT_UNREACHABLE = "the site's robots.txt could not be fetched"


def describe_failure(failure: Failure) -> tuple[str, str]:
    """(reason, detail) for a request that failed."""
    error = failure.value
    message = str(error) or type(error).__name__
    if "private address" in message:
        return "private_address", f"{message}: the crawler never goes there"
    if isinstance(error, HttpError):
        status = error.response.status
        if error.response.meta.get("replay_miss"):
            return f"http_{status}", "not in the replay store: add the page or crawl live"
        retry_after = error.response.headers.get(b"Retry-After")
        wait = f" and asked to wait {retry_after.decode()} s" if retry_after else ""
        return f"http_{status}", f"the site answered HTTP {status}{wait}; the crawl gave up"
    if isinstance(error, IgnoreRequest):
        if message.startswith(ROBOTSTXT_UNREACHABLE):
            return "robots_unreachable", message
        if "robots.txt" in message:
            return "robots_disallowed", "the site's robots.txt forbids this page"
        if "max redirections" in message:
            return "redirect_loop", "too many redirects (a long chain)"
        if "redirect loop" in message:
            return "redirect_loop", message
        if "does not decode as its Content-Encoding" in message:
            return "undecodable", f"{message}: the site sent a broken body; crawl it again later"
        if "which is no URL" in message:
            return "bad_redirect", f"{message}: the site's redirect leads to no page"
        if "DOWNLOAD_MAXSIZE" in message:  # a compressed body that grows too large
            return "too_large", message
        if "offsite" in message.lower():
            return "offsite", f"{message}: the crawl stays on the spider's sites"
        return "ignored", message
    if isinstance(error, DownloadCancelledError):
        # Scrapy cancels a download only for its size (with or without a message).
        return "too_large", f"larger than DOWNLOAD_MAXSIZE: {message}"
    if isinstance(error, DownloadTimeoutError):
        return "timeout", f"{message} (DOWNLOAD_TIMEOUT), after retries"
    if isinstance(error, ResponseDataLossError):
        return "truncated", f"the response ended before its announced length: {message}"
    if isinstance(error, CannotResolveHostError):
        return "dns_error", message
    if isinstance(
        error,
        DownloadConnectionRefusedError
        | DownloadFailedError
        | ConnectError
        | ConnectionDone
        | ConnectionLost,
    ):
        return "connection_error", f"{type(error).__name__}: {message}, after retries"
    return "download_error", f"{type(error).__name__}: {message}"


def page_problem(response: Response) -> tuple[str, str] | None:
    """(reason, detail) when an answered page cannot be an article page at all."""
    body = response.body
    if not body.strip():
        return "empty_response", "the site answered with an empty page"
    if _is_binary(body):
        kind = response.headers.get(b"Content-Type", b"?").decode(errors="replace")
        return "not_html", f"the page is a binary file (served as {kind}), not a web page"
    if not isinstance(response, TextResponse):
        return "not_text", f"the page is not text but {type(response).__name__}"
    return None


def _is_binary(body: bytes) -> bool:
    """A file format's signature, or (in a body that opens with no markup) a start full
    of the bytes that text never holds. A stray NUL in a page's head is no file format:
    the page is still read (lxml drops the NUL, the text stage any other control)."""
    head = body.lstrip()[:1024]
    if head.startswith(_BINARY_SIGNATURES):
        return not read_bom(body)[0]
    if read_bom(body)[0] or head.startswith(b"<"):
        return False
    return len(head.translate(None, _TEXT_BYTES)) > len(head) // 10


# Bytes text holds: printable ASCII and tab/line breaks, and every byte of 0x80 and above
# (the other half of an 8-bit charset, or part of a UTF-8 sequence).
_TEXT_BYTES = bytes([9, 10, 12, 13, *range(32, 127), *range(128, 256)])
