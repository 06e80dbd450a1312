"""The start-up heap is kept out of the collector's walks while the crawl runs, and handed
back when the engine stops."""

import gc

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
    extensions = get_project_settings().getdict("EXTENSIONS")
    assert "newscrawler.operations.heap.FrozenStartupHeap" in extensions


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
