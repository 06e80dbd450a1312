"""Benchmarks of the crawl, run as `python -m newscrawler.operations.bench COMMAND`:

- ``crawl``: `scrapy crawl yonhap` against a bare Scrapy spider over one generated replayed
  site of real-size pages, in turn, each in its own process;
- ``records``: what a record costs, stage by stage, against an lxml parse of its page;
- ``memory``: memory through a long crawl with a large crawl state;
- ``incremental``: a run over an unchanged feed against a run's start-up time.
"""
