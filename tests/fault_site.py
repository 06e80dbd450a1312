"""A Yonhap-like site on loopback that misbehaves on purpose: per path, as a test asks, it
answers server errors, rate limits and Retry-After, resets the connection, never answers,
cuts the body short, trickles it, redirects in chains and loops, serves pages too large
(plain or as a gzip bomb) and forbids paths in its robots.txt. The pages themselves come
from tests.yonhap_site. Every request is logged with its time, so tests can check how
often and how far apart the crawler retried. Runs repeat: the only randomness (where a
body is cut, how a drip is chunked) comes from a seeded generator."""

from __future__ import annotations

import contextlib
import gzip
import random
import re
import socket
import struct
import threading
import time
from collections import Counter
from dataclasses import dataclass
from email.message import Message
from email.utils import formatdate
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import ClassVar, Protocol

from tests.yonhap_site import Article, SiteServer, YonhapSite

# /r/<n>/<path>: a hop of a redirect chain that reaches <path>'s page n redirects later.
_CHAIN_HOP = re.compile(r"^/r/(\d+)(/.*)$")
# /loop/<path>: the other end of a redirect loop through <path>.
_LOOP_END = "/loop"


@dataclass(frozen=True)
class Page:
    """What the site would answer on a path, before any fault."""

    status: int
    content_type: str
    body: bytes


class Exchange(Protocol):
    """One request's connection, as a fault answers it."""

    path: str
    rng: random.Random
    headers: Message  # the request's

    def send(self, status: int, headers: dict[str, str], body: bytes = b"") -> None: ...
    def send_head(self, status: int, headers: dict[str, str]) -> None: ...
    def write(self, data: bytes) -> bool: ...
    def hold(self, seconds: float) -> bool: ...
    def reset(self) -> None: ...


class Fault(Protocol):
    """What the server does on a path instead of answering it normally."""

    def answer(self, exchange: Exchange, page: Page) -> None: ...


@dataclass(frozen=True)
class Status:
    """An error status with a short error page: 500, 502, 503, 404, 410, ..."""

    code: int

    def answer(self, exchange: Exchange, page: Page) -> None:
        body = f"<html><body><h1>Error {self.code}</h1></body></html>".encode()
        exchange.send(self.code, {"Content-Type": "text/html"}, body)


@dataclass(frozen=True)
class RetryAfter:
    """An error status (429 Too Many Requests, or 503) with Retry-After, in seconds or as
    an HTTP date that many seconds ahead."""

    retry_after: int
    as_http_date: bool = False
    status: int = 429

    def answer(self, exchange: Exchange, page: Page) -> None:
        value = (
            formatdate(time.time() + self.retry_after, usegmt=True)
            if self.as_http_date
            else str(self.retry_after)
        )
        headers = {"Content-Type": "text/html", "Retry-After": value}
        exchange.send(self.status, headers, b"<html><body>Come back later</body></html>")


@dataclass(frozen=True)
class Reset:
    """The connection is reset without a byte of response."""

    def answer(self, exchange: Exchange, page: Page) -> None:
        exchange.reset()


@dataclass(frozen=True)
class Hang:
    """No answer at all, for longer than any test's DOWNLOAD_TIMEOUT; then the connection
    is closed."""

    seconds: float = 15.0

    def answer(self, exchange: Exchange, page: Page) -> None:
        exchange.hold(self.seconds)


@dataclass(frozen=True)
class Truncated:
    """The headers announce the whole page, then part of it comes and the connection
    closes."""

    def answer(self, exchange: Exchange, page: Page) -> None:
        cut = exchange.rng.randint(len(page.body) // 4, len(page.body) * 3 // 4)
        exchange.send_head(page.status, _page_headers(page, len(page.body)))
        exchange.write(page.body[:cut])


@dataclass(frozen=True)
class Drip:
    """The whole page, a few bytes at a time, far slower than any test's DOWNLOAD_TIMEOUT
    allows."""

    interval: float = 0.25

    def answer(self, exchange: Exchange, page: Page) -> None:
        exchange.send_head(page.status, _page_headers(page, len(page.body)))
        sent = 0
        while sent < len(page.body):
            size = exchange.rng.randint(16, 64)
            if not exchange.write(page.body[sent : sent + size]) or not exchange.hold(
                self.interval
            ):
                return  # the crawler hung up, or the server is closing
            sent += size


@dataclass(frozen=True)
class Moved:
    """A redirect to another path of the site."""

    location: str
    code: int = 301

    def answer(self, exchange: Exchange, page: Page) -> None:
        exchange.send(self.code, {"Location": self.location, "Content-Type": "text/html"})


@dataclass(frozen=True)
class RedirectChain:
    """``hops`` redirects (301, 302, 307, 308 in turn) through /r/<n>/<path> to the page."""

    hops: int
    CODES: ClassVar[tuple[int, ...]] = (301, 302, 307, 308)

    def answer(self, exchange: Exchange, page: Page) -> None:
        target = _chain_target(exchange.path)
        code = self.CODES[self.hops % len(self.CODES)]
        Moved(f"/r/{self.hops - 1}{target}", code).answer(exchange, page)


@dataclass(frozen=True)
class RedirectLoop:
    """The path redirects to /loop<path>, which redirects back to the path."""

    def answer(self, exchange: Exchange, page: Page) -> None:
        Moved(_LOOP_END + exchange.path, 302).answer(exchange, page)


@dataclass(frozen=True)
class Oversized:
    """The page padded to ``size`` bytes, with its Content-Length (announced) or ended by
    closing the connection."""

    size: int
    announced: bool = True

    def answer(self, exchange: Exchange, page: Page) -> None:
        body = _padded(page.body, self.size)
        exchange.send_head(page.status, _page_headers(page, len(body) if self.announced else None))
        exchange.write(body)


@dataclass(frozen=True)
class GzipBomb:
    """A small gzip body (Content-Encoding: gzip) that inflates to ``size`` bytes."""

    size: int

    def answer(self, exchange: Exchange, page: Page) -> None:
        body = gzip.compress(_padded(page.body, self.size), mtime=0)
        headers = {**_page_headers(page, len(body)), "Content-Encoding": "gzip"}
        exchange.send(page.status, headers, body)


def _page_headers(page: Page, length: int | None) -> dict[str, str]:
    headers = {"Content-Type": page.content_type}
    if length is not None:
        headers["Content-Length"] = str(length)
    return headers


def _padded(body: bytes, size: int) -> bytes:
    return body + b" " * max(0, size - len(body))


def _chain_target(path: str) -> str:
    """The page a path of a redirect chain leads to (the path itself outside chains)."""
    hop = _CHAIN_HOP.match(path)
    return hop.group(2) if hop else path


@dataclass
class Injection:
    """A fault on a path for its first ``times`` requests (None: every request); the
    requests after those are answered normally."""

    fault: Fault
    times: int | None = None


@dataclass(frozen=True)
class Hit:
    path: str
    at: float  # time.monotonic() when the request came in


class FaultSite(YonhapSite):
    """The pages of a YonhapSite, with faults injected per path and a robots.txt that
    forbids the paths in ``disallowed``."""

    def __init__(self, articles: list[Article], seed: int) -> None:
        super().__init__(articles)
        self.seed = seed
        self.injections: dict[str, Injection] = {}
        self.disallowed: list[str] = []
        self.hits: list[Hit] = []
        self.stop = threading.Event()  # set when the server closes: hung answers end

    def inject(self, path: str, fault: Fault, times: int | None = None) -> None:
        self.injections[path] = Injection(fault, times)

    def disallow(self, path: str) -> None:
        self.disallowed.append(path)

    def fault_for(self, path: str) -> Fault | None:
        """The fault this request of the path meets, if any (it counts as one of the
        injection's times)."""
        with self._lock:
            injection = self.injections.get(path)
            if injection is not None and injection.times != 0:
                if injection.times is not None:
                    injection.times -= 1
                return injection.fault
        if (hop := _CHAIN_HOP.match(path)) and int(hop.group(1)) > 0:
            return RedirectChain(int(hop.group(1)))
        if path.startswith(_LOOP_END + "/"):
            return Moved(path.removeprefix(_LOOP_END), 301)
        return None

    def page(self, path: str) -> tuple[int, str, str]:
        if path == "/robots.txt":
            rules = "".join(f"Disallow: {p}\n" for p in self.disallowed) or "Allow: /\n"
            return 200, "text/plain", f"User-agent: *\n{rules}"
        return super().page(_chain_target(path))

    def log(self, path: str) -> None:
        super().log(path)
        with self._lock:
            self.hits.append(Hit(path, time.monotonic()))

    def rng_for(self, path: str) -> random.Random:
        """A generator for this request of the path: the same in every run, however the
        server's threads interleave."""
        with self._lock:
            nth = sum(hit.path == path for hit in self.hits)
        return random.Random(f"{self.seed}:{path}:{nth}")

    def times_of(self, path: str) -> list[float]:
        """When the crawler asked for a path, in order."""
        with self._lock:
            return [hit.at for hit in self.hits if hit.path == path]

    def request_counts(self) -> Counter[str]:
        with self._lock:
            return Counter(hit.path for hit in self.hits)


class FaultServer(SiteServer):
    """Serves a FaultSite on 127.0.0.1 (a free port) in a thread; its settings() send a
    crawl's requests for the site here, as SiteServer's do."""

    def __init__(self, site: FaultSite) -> None:  # SiteServer's, with the faulty handler
        self.site = site
        handler = type("Handler", (_FaultHandler,), {"site": site})
        self.server = _Server(("127.0.0.1", 0), handler)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def close(self) -> None:
        self.site.stop.set()
        super().close()


class _Server(ThreadingHTTPServer):
    # The default backlog of 5 drops connections when the crawler opens many at once:
    # they would time out connecting, a fault no test asked for.
    request_queue_size = 128


class _FaultHandler(BaseHTTPRequestHandler):
    site: FaultSite

    def do_GET(self) -> None:
        self.path = self.path.split("?", 1)[0]
        self.site.log(self.path)
        self.rng = self.site.rng_for(self.path)
        status, content_type, body = self.site.page(self.path)
        page = Page(status, content_type, body.encode("utf-8"))
        fault = self.site.fault_for(self.path)
        if fault is None:
            self.send(page.status, _page_headers(page, len(page.body)), page.body)
        else:
            fault.answer(self, page)

    def send(self, status: int, headers: dict[str, str], body: bytes = b"") -> None:
        self.send_head(status, {**headers, "Content-Length": str(len(body))})
        self.write(body)

    def send_head(self, status: int, headers: dict[str, str]) -> None:
        self.send_response(status)
        for name, value in headers.items():
            self.send_header(name, value)
        self.end_headers()

    def write(self, data: bytes) -> bool:
        """Whether the bytes went out (the crawler may have hung up)."""
        try:
            self.wfile.write(data)
        except (BrokenPipeError, ConnectionResetError):
            return False
        return True

    def hold(self, seconds: float) -> bool:
        """Wait; False when the server is closing."""
        return not self.site.stop.wait(seconds)

    def reset(self) -> None:
        # SO_LINGER 0: closing sends a TCP reset, not an orderly end of the connection.
        self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        self.connection.close()
        self.close_connection = True

    def finish(self) -> None:
        with contextlib.suppress(OSError):  # a reset connection has nothing to flush
            super().finish()

    def log_message(self, format: str, *args: object) -> None:
        pass  # the site keeps its own log
