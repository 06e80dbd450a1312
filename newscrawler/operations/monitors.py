"""The checks every crawl ends with (Spidermon), thresholds in settings:

- articles: at least NEWSCRAWLER_MIN_ARTICLES articles seen, exported or known unchanged
  (a quiet incremental run exports nothing, and that is fine; seeing nothing is not); of the
  workers of a crawl shared in Redis, only the one that seeded it is held to this, for the
  articles every worker saw;
- template drift: at most NEWSCRAWLER_MAX_TEMPLATE_FALLBACK, the share of a site spider's
  article pages that matched none of its templates and were extracted generically;
- errors: at most SPIDERMON_MAX_ERRORS errors in the log;
- field coverage: SPIDERMON_FIELD_COVERAGE_RULES, share of records with each field filled;
- finish reason: one of SPIDERMON_EXPECTED_FINISH_REASONS;
- unwanted HTTP codes: SPIDERMON_UNWANTED_HTTP_CODES, most responses of each code;
- validation: at most SPIDERMON_MAX_ITEM_VALIDATION_ERRORS records breaking the JSON Schema.

The verdicts go to the stats (``newscrawler/monitors/...``), where the closing summary
and the crawl command's exit status read them. The summary's one ERROR line is the report
of a failed check: Spidermon's own (the failed assertion under a traceback, which reads
like a crash) goes to DEBUG as its message alone. A check that crashes keeps its
traceback at ERROR.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, fields, is_dataclass
from functools import cache, cached_property
from typing import Any

from spidermon import MonitorSuite, monitors
from spidermon import settings as spidermon_settings
from spidermon.contrib.scrapy.extensions import Spidermon
from spidermon.contrib.scrapy.monitors import (
    ErrorCountMonitor,
    FieldCoverageMonitor,
    FinishReasonMonitor,
    ItemValidationMonitor,
    UnwantedHTTPCodesMonitor,
)
from spidermon.contrib.scrapy.monitors.base import BaseScrapyMonitor
from spidermon.contrib.scrapy.runners import SpiderMonitorResult, SpiderMonitorRunner
from spidermon.core.actions import Action

# Articles exported, fetched and found unchanged, and listed by the site as unchanged.
ARTICLE_STATS = (
    "item_scraped_count",
    "newscrawler/state/unchanged",
    "newscrawler/discovery/unchanged",
)


@monitors.name("Article count")
class ArticleCountMonitor(BaseScrapyMonitor):
    @monitors.name("Saw the minimum number of articles")
    def test_minimum_articles_seen(self) -> None:
        minimum = self.crawler.settings.getint("NEWSCRAWLER_MIN_ARTICLES")
        stats = self.data.stats
        if stats.get("newscrawler/redis/role", "seed") != "seed":
            # A worker that joined a shared crawl may find every article taken by others;
            # the worker that seeded it answers for what the whole crawl saw.
            minimum = 0
        seen = stats.get("newscrawler/redis/articles_seen")
        if seen is None:
            seen = sum(stats.get(name, 0) for name in ARTICLE_STATS)
        self.assertGreaterEqual(
            seen,
            minimum,
            msg=f"{seen} articles seen (exported or known unchanged), fewer than the "
            f"NEWSCRAWLER_MIN_ARTICLES={minimum} expected: is the site's feed or markup broken?",
        )


class CountedFromZero:
    """Scrapy and Spidermon create a count stat at its first event: an absent count is 0,
    checked against its threshold like any other, not a monitor skipped."""

    stat_name: str

    @property
    def stats(self) -> Mapping[str, Any]:
        return {self.stat_name: 0, **super().stats}  # type: ignore[misc]


@monitors.name("Error count")
class ErrorsCounted(CountedFromZero, ErrorCountMonitor):
    pass


@monitors.name("Item validation")
class ValidationErrorsCounted(CountedFromZero, ItemValidationMonitor):
    pass


@monitors.name("Template drift")
class TemplateDriftMonitor(BaseScrapyMonitor):
    @monitors.name("Few article pages needed the generic extraction")
    def test_template_fallback_share(self) -> None:
        maximum = self.crawler.settings.getfloat("NEWSCRAWLER_MAX_TEMPLATE_FALLBACK")
        fallback = self.data.stats.get("newscrawler/fallback/template", 0)
        extracted = fallback + self.data.stats.get("newscrawler/extraction/template", 0)
        share = fallback / extracted if extracted else 0.0
        self.assertLessEqual(
            share,
            maximum,
            msg=f"{fallback} of {extracted} article pages ({share:.0%}) matched none of the "
            f"spider's templates and were extracted generically, more than "
            f"NEWSCRAWLER_MAX_TEMPLATE_FALLBACK={maximum:g}: the site has a new template, and "
            f"the spider needs selectors for it (the log names the template signs missing).",
        )


class RecordVerdicts(Action):
    """Puts the monitors' verdicts in the crawl's stats. A monitor Spidermon skipped (field
    coverage of a run that exported nothing) is counted as skipped, not as passed."""

    def run_action(self) -> None:
        stats = self.data.crawler.stats  # self.data.stats is a read-only copy
        status = spidermon_settings.MONITOR.STATUS
        results = self.result.monitor_results
        failed = [result for result in results if result.status in (status.FAILURE, status.ERROR)]
        skipped = [result for result in results if result.status == status.SKIPPED]
        passed = [result for result in results if result.status == status.SUCCESS]
        stats.set_value("newscrawler/monitors/passed", len(passed))
        stats.set_value("newscrawler/monitors/skipped", len(skipped))
        stats.set_value("newscrawler/monitors/failed", len(failed))
        stats.set_value(
            "newscrawler/monitors/failures",
            [f"{result.monitor.name}: {_first_line(result.reason)}" for result in failed],
        )
        stats.set_value(
            "newscrawler/monitors/skips",
            [f"{result.monitor.name}: {_first_line(result.reason)}" for result in skipped],
        )


def _first_line(reason: object) -> str:
    """The assertion message of a failed monitor, without the traceback around it."""
    lines = [line.strip() for line in str(reason or "").splitlines() if line.strip()]
    messages = [line for line in lines if line.startswith("AssertionError")]
    return (
        (messages[-1].removeprefix("AssertionError:").strip() if messages else lines[-1])
        if lines
        else ""
    )


class CrawlMonitors(MonitorSuite):
    monitors = [  # noqa: RUF012 (Spidermon's interface)
        ArticleCountMonitor,
        TemplateDriftMonitor,
        ErrorsCounted,
        FieldCoverageMonitor,
        FinishReasonMonitor,
        UnwantedHTTPCodesMonitor,
        ValidationErrorsCounted,
    ]
    monitors_finished_actions = [RecordVerdicts]  # noqa: RUF012


class _VerdictResult(SpiderMonitorResult):
    def write_errors(self) -> None:
        failure = spidermon_settings.MONITOR.STATUS.FAILURE
        for status in self.step.error_statuses:
            for result in self.step.items_for_status(status):
                if status == failure:  # a verdict: its message, never the traceback
                    message = f"{status}: {result.item.name}: {_first_line(result.error)}"
                    self.log(message, level=logging.DEBUG)
                else:
                    self.log(f"{status}: {result.item.name}\n{result.error}", level=logging.ERROR)


class _VerdictRunner(SpiderMonitorRunner):
    def create_result(self) -> SpiderMonitorResult:
        return _VerdictResult(self.spider)


@dataclass(frozen=True)
class FieldCoverage:
    """Spidermon's field coverage settings, read once (Spidermon reads them for every
    record), for records counted to the top level of their lists and every level of
    their objects (SPIDERMON_LIST_FIELDS_COVERAGE_LEVELS 0, _DICT_ 0 or -1).
    ``skip_values`` are SPIDERMON_FIELD_COVERAGE_SKIP_VALUES that the falsy rule does not
    skip already, by type (a value is skipped when one of its type equals it)."""

    skip_none: bool
    skip_falsy: bool
    skip_values: dict[type, list[Any]]
    nested: bool  # whether an object's fields are counted too

    def counted(self, value: Any) -> bool:
        if value is None:
            if self.skip_none:
                return False
        elif self.skip_falsy and not value:
            return False
        candidates = self.skip_values.get(type(value))
        return not (candidates and any(value == candidate for candidate in candidates))


class CrawlChecks(Spidermon):
    """Spidermon, reporting a failed check through the crawl summary alone, and counting
    a dataclass record's fields for the field coverage as Spidermon counts them, in half
    the time: Spidermon reads its five settings for every record, each field through
    ItemAdapter, and compares each with every skip value."""

    def item_scraped(self, item: Any, response: Any, spider: Any) -> None:
        coverage = self._field_coverage
        if coverage is None or not is_dataclass(item) or isinstance(item, type):
            super().item_scraped(item, response, spider)
            return
        stats = self.crawler.stats
        stats.inc_value("spidermon_item_scraped_count")
        counted = f"spidermon_item_scraped_count/{type(item).__name__}"
        stats.inc_value(counted)
        fields_ = ((name, getattr(item, name)) for name in _field_names(type(item)))
        self._count_fields(coverage, fields_, counted)

    def _count_fields(
        self, coverage: FieldCoverage, fields_: Iterable[tuple[str, Any]], counted: str
    ) -> None:
        stats = self.crawler.stats
        for name, value in fields_:
            if not coverage.counted(value):
                continue
            field_counted = f"{counted}/{name}"
            stats.inc_value(field_counted)
            if isinstance(value, dict) and coverage.nested:
                self._count_fields(coverage, value.items(), field_counted)

    @cached_property
    def _field_coverage(self) -> FieldCoverage | None:
        """None for levels of lists or objects other than these: Spidermon counts them."""
        settings = self.crawler.settings
        dict_levels = settings.get("SPIDERMON_DICT_FIELDS_COVERAGE_LEVELS", -1)
        list_levels = settings.getint("SPIDERMON_LIST_FIELDS_COVERAGE_LEVELS", 0)
        if isinstance(dict_levels, dict) or int(dict_levels) not in (-1, 0) or list_levels:
            return None
        skip_falsy = settings.getbool("SPIDERMON_FIELD_COVERAGE_SKIP_FALSY", True)
        skip_values: dict[type, list[Any]] = {}
        for value in self._get_skip_values_list(settings):
            if not (skip_falsy and value is not None and not value):
                skip_values.setdefault(type(value), []).append(value)
        return FieldCoverage(
            skip_none=settings.getbool("SPIDERMON_FIELD_COVERAGE_SKIP_NONE", False),
            skip_falsy=skip_falsy,
            skip_values=skip_values,
            nested=int(dict_levels) == -1,
        )

    def _run_suites(self, spider: Any, suites: list[Any]) -> None:
        # Spidermon 1.27 (pinned) makes its runner here and nowhere else.
        data = self._generate_data_for_spider(spider)
        for suite in suites:
            _VerdictRunner(spider=spider).run(suite, **data)


@cache
def _field_names(record_type: type) -> tuple[str, ...]:
    return tuple(field.name for field in fields(record_type))
