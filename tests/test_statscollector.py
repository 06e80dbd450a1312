"""The crawl's stats collector: Scrapy's stats and methods, without a Python call on every
attribute read."""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import Any

from scrapy.statscollectors import MemoryStatsCollector
from scrapy.utils.misc import load_object
from scrapy.utils.project import get_project_settings
from scrapy.utils.test import get_crawler

from newscrawler.operations.statscollector import PlainStatsCollector


def python_calls(call: Callable[[], Any]) -> int:
    """How many Python functions run during the call (the call itself included)."""
    calls = 0

    def count(frame: Any, event: str, arg: Any) -> None:
        nonlocal calls
        calls += event == "call"

    sys.setprofile(count)
    try:
        call()
    finally:
        sys.setprofile(None)
    return calls


def test_the_project_collects_its_stats_with_it():
    assert load_object(get_project_settings()["STATS_CLASS"]) is PlainStatsCollector


def test_stats_as_scrapys_collector_keeps_them():
    collected = []
    for collector in (MemoryStatsCollector, PlainStatsCollector):
        stats = collector(get_crawler())
        stats.open_spider()
        stats.inc_value("a")
        stats.inc_value("a", 2)
        stats.inc_value("b", start=10)
        stats.set_value("c", "x")
        stats.max_value("d", 3)
        stats.max_value("d", 1)
        stats.min_value("e", 3)
        stats.min_value("e", 1)
        collected.append((dict(stats.get_stats()), stats.get_value("a"), stats.get_value("z", 0)))
    assert collected[0] == collected[1] == (
        {"a": 3, "b": 11, "c": "x", "d": 3, "e": 1},
        3,
        0,
    )


def test_a_stat_call_runs_only_the_method_itself():
    scrapys = MemoryStatsCollector(get_crawler())
    plain = PlainStatsCollector(get_crawler())
    assert python_calls(lambda: scrapys.inc_value("a")) > 3
    assert python_calls(lambda: plain.inc_value("a")) == 2  # the lambda and inc_value
