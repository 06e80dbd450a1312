"""The crawl's stats collector: Scrapy's in-memory one, without the hook Scrapy 2.19 puts on
every attribute read of a collector (`StatsCollector.__getattribute__`, there to warn when a
caller still passes the deprecated `spider` argument). The hook runs Python code, and
raises and catches an AttributeError, on each read, the collector's own `self._stats`
included: about 3 microseconds a stat call, 40 calls a page. The methods, the stats and
`spider_stats` are Scrapy's; a `spider` argument is accepted without a warning."""

from __future__ import annotations

from scrapy.statscollectors import MemoryStatsCollector


class PlainStatsCollector(MemoryStatsCollector):
    __getattribute__ = object.__getattribute__
