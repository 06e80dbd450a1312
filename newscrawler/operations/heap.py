"""The garbage collector kept off what a crawl builds before its first request.

Python's full collections walk every object the process holds, and most of those are
the modules of Scrapy, Twisted, lxml, Spidermon and the project, with the crawl's
components: a few hundred thousand objects that live as long as the process, walked
again by every full collection (about a tenth of a 1,000-page crawl's CPU, measured).
``gc.freeze()`` once the engine has started moves them out of the collector's walk; what
the crawl allocates after (requests, responses, records) is collected as before. When the
engine stops they are handed back to the collector: a process that runs crawl after crawl
(tests, a script) frees each crawl's objects once it is over.

They are frozen as they are, without a full collection first: start-up leaves almost no
garbage (41 objects of a Yonhap crawl's 90,000), and that collection cost 40-50 ms of
every crawl's CPU. What garbage there is waits for the engine to stop.

While the crawl runs, the youngest generation is collected after NEWSCRAWLER_GC_YOUNG_THRESHOLD
net new objects rather than Python's 700: a page's objects (its element proxies, strings,
the record) are freed by their reference counts when the page is done, so at 700 the
collector walked the live objects of the page in hand about once a page, for nothing
(0.2 s of a 1,000-page crawl; at 2,000, 0.05 s, a seventh of the collections). Garbage
that only the collector frees (a dropped item's traceback holds its page) waits at most
about three times as long. Python's thresholds are restored when the engine stops.

While the crawl runs, glibc's malloc keeps no freed block in its fast bins
(``NEWSCRAWLER_MALLOC_FASTBINS = False``: mallopt M_MXFAST 0). A page's parsed tree is
thousands of small blocks (libxml2's nodes and strings), freed when the page is done; in
fast bins they wait unmerged until the next large allocation merges them all, walking
every block again once they have left the caches (malloc_consolidate: the feed's JSON line
of the next record was seen paying for it). Merged as each is freed, while it is in the
cache, a 3,000-page crawl took 8-10% less CPU (alternated runs). glibc's default is
restored when the engine stops; with another C library the setting does nothing.
"""

from __future__ import annotations

import ctypes
import gc

from scrapy import signals
from scrapy.crawler import Crawler


class FrozenStartupHeap:
    def __init__(self, young_threshold: int, fastbins: bool = True) -> None:
        self.young_threshold = young_threshold  # 0: Python's own
        self.fastbins = fastbins
        self._thresholds: tuple[int, int, int] | None = None  # Python's, while raised

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> FrozenStartupHeap:
        settings = crawler.settings
        extension = cls(
            settings.getint("NEWSCRAWLER_GC_YOUNG_THRESHOLD"),
            settings.getbool("NEWSCRAWLER_MALLOC_FASTBINS"),
        )
        crawler.signals.connect(extension.engine_started, signal=signals.engine_started)
        crawler.signals.connect(extension.engine_stopped, signal=signals.engine_stopped)
        return extension

    def engine_started(self) -> None:
        gc.freeze()
        if self.young_threshold:
            self._thresholds = gc.get_threshold()
            gc.set_threshold(self.young_threshold, *self._thresholds[1:])
        if not self.fastbins:
            set_fastbin_limit(0)

    def engine_stopped(self) -> None:
        gc.unfreeze()
        if self._thresholds is not None:
            gc.set_threshold(*self._thresholds)
            self._thresholds = None
        if not self.fastbins:
            set_fastbin_limit(GLIBC_FASTBIN_LIMIT)


M_MXFAST = 1  # glibc's malloc.h
GLIBC_FASTBIN_LIMIT = 64 * ctypes.sizeof(ctypes.c_size_t) // 4  # its default, in bytes


def set_fastbin_limit(size: int) -> None:
    """glibc's mallopt(M_MXFAST): the largest freed block kept in a fast bin, unmerged until
    a later large allocation merges them all (0: none). Nothing where the C library has no
    mallopt."""
    mallopt = getattr(ctypes.CDLL(None), "mallopt", None)
    if mallopt is not None:
        mallopt(M_MXFAST, size)
