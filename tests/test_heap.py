"""The start-up heap is kept out of the collector's walks while the crawl runs, and handed
back when the engine stops."""

import ctypes
import gc

import pytest
from scrapy import Spider, signals
from scrapy.utils.project import get_project_settings
from scrapy.utils.test import get_crawler

from newscrawler.operations.heap import FrozenStartupHeap


def test_startup_objects_are_frozen_for_the_crawl_and_released_after():
    crawler = get_crawler(Spider, {"MEMUSAGE_ENABLED": False})  # its start needs a reactor
    extension = FrozenStartupHeap.from_crawler(crawler)  # held, as the crawl holds it
    assert gc.get_freeze_count() == 0, extension
    crawler.signals.send_catch_log(signals.engine_started)
    try:
        assert gc.get_freeze_count() > 10_000  # the modules and objects of the process
    finally:
        crawler.signals.send_catch_log(signals.engine_stopped)
    assert gc.get_freeze_count() == 0


def test_the_crawl_enables_it(monkeypatch):
    monkeypatch.setenv("SCRAPY_SETTINGS_MODULE", "newscrawler.settings")
    settings = get_project_settings()
    assert "newscrawler.operations.heap.FrozenStartupHeap" in settings.getdict("EXTENSIONS")
    assert settings.getint("NEWSCRAWLER_GC_YOUNG_THRESHOLD") == 2000


def test_freezing_costs_no_full_collection():
    """A full collection of the start-up heap cost 40-50 ms and freed a few dozen objects."""
    crawler = get_crawler(Spider, {"MEMUSAGE_ENABLED": False})
    extension = FrozenStartupHeap.from_crawler(crawler)
    full_collections = []

    def note(phase: str, info: dict) -> None:
        if phase == "start" and info["generation"] == 2:
            full_collections.append(info)

    gc.callbacks.append(note)
    try:
        crawler.signals.send_catch_log(signals.engine_started)
        crawler.signals.send_catch_log(signals.engine_stopped)
    finally:
        gc.callbacks.remove(note)
    assert full_collections == [], extension


def test_the_youngest_generation_is_collected_less_often_while_the_crawl_runs():
    """A page's objects die by their reference counts: at Python's 700 the collector walked
    the live objects of the page in hand about once a page, for nothing."""
    python_thresholds = gc.get_threshold()
    crawler = get_crawler(
        Spider, {"MEMUSAGE_ENABLED": False, "NEWSCRAWLER_GC_YOUNG_THRESHOLD": 2000}
    )
    extension = FrozenStartupHeap.from_crawler(crawler)
    crawler.signals.send_catch_log(signals.engine_started)
    try:
        assert gc.get_threshold() == (2000, *python_thresholds[1:]), extension
    finally:
        crawler.signals.send_catch_log(signals.engine_stopped)
    assert gc.get_threshold() == python_thresholds


def test_a_young_threshold_of_zero_keeps_pythons():
    python_thresholds = gc.get_threshold()
    crawler = get_crawler(Spider, {"MEMUSAGE_ENABLED": False, "NEWSCRAWLER_GC_YOUNG_THRESHOLD": 0})
    extension = FrozenStartupHeap.from_crawler(crawler)
    crawler.signals.send_catch_log(signals.engine_started)
    try:
        assert gc.get_threshold() == python_thresholds, extension
    finally:
        crawler.signals.send_catch_log(signals.engine_stopped)


class MallocInfo(ctypes.Structure):
    """glibc's struct mallinfo2 (malloc.h)."""

    _fields_ = [
        (name, ctypes.c_size_t)
        for name in ("arena", "ordblks", "smblks", "hblks", "hblkhd", "usmblks", "fsmblks",
                     "uordblks", "fordblks", "keepcost")
    ]  # fmt: skip


def bytes_left_in_fast_bins_by_freeing_small_blocks() -> int:
    """What 200 freed 48-byte blocks add to glibc's fast bins (its thread cache takes 7).
    Counted as a difference: other threads' arenas may hold fast-bin blocks of their own."""
    libc = ctypes.CDLL(None)
    libc.malloc.restype = ctypes.c_void_p
    libc.free.argtypes = [ctypes.c_void_p]
    libc.mallinfo2.restype = MallocInfo
    blocks = [libc.malloc(48) for _ in range(200)]
    before = libc.mallinfo2().fsmblks
    for block in blocks:
        libc.free(block)
    return libc.mallinfo2().fsmblks - before


needs_glibc = pytest.mark.skipif(
    not hasattr(ctypes.CDLL(None), "mallinfo2"), reason="glibc's malloc (mallinfo2) only"
)


@needs_glibc
def test_small_freed_blocks_are_merged_at_once_while_the_crawl_runs():
    """A page's freed tree left thousands of blocks in glibc's fast bins, merged all at once
    by the next large allocation (the feed's JSON line paid for it, cache-cold)."""
    crawler = get_crawler(Spider, {"MEMUSAGE_ENABLED": False, "NEWSCRAWLER_MALLOC_FASTBINS": False})
    extension = FrozenStartupHeap.from_crawler(crawler)
    assert bytes_left_in_fast_bins_by_freeing_small_blocks() > 0, extension
    crawler.signals.send_catch_log(signals.engine_started)
    try:
        assert bytes_left_in_fast_bins_by_freeing_small_blocks() <= 0
    finally:
        crawler.signals.send_catch_log(signals.engine_stopped)
    assert bytes_left_in_fast_bins_by_freeing_small_blocks() > 0
