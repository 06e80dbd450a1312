"""Schema stage: Spidermon's validation of every record against the package's JSON Schema,
compiled once per crawl; a record that breaks the schema is counted exactly as Spidermon's
own pipeline counts it, for its ItemValidationMonitor."""

from __future__ import annotations

from scrapy.utils.project import get_project_settings
from scrapy.utils.test import get_crawler
from spidermon.contrib.scrapy.pipelines import ItemValidationPipeline

from newscrawler.pipelines.schema import SchemaValidationPipeline
from newscrawler.spiders.yonhap import YonhapSpider
from tests.conftest import article

SCHEMAS = get_project_settings().getlist("SPIDERMON_VALIDATION_SCHEMAS")


def validation_stats(pipeline_class: type[ItemValidationPipeline], items: list) -> dict:
    crawler = get_crawler(
        YonhapSpider, {"SPIDERMON_ENABLED": True, "SPIDERMON_VALIDATION_SCHEMAS": SCHEMAS}
    )
    pipeline = pipeline_class.from_crawler(crawler)
    for item in items:
        assert pipeline.process_item(item) is item
    return {k: v for k, v in crawler.stats.get_stats().items() if k.startswith("spidermon/")}


def test_a_valid_record_passes_with_spidermons_stats():
    records = [article(change="new", fetched_at=None)]
    stats = validation_stats(SchemaValidationPipeline, records)
    assert stats["spidermon/validation/items"] == 1
    assert "spidermon/validation/items/errors" not in stats
    assert stats == validation_stats(ItemValidationPipeline, records)


def test_broken_records_are_counted_as_spidermon_counts_them():
    records = [
        article(change="new", headline="two\nlines", body=[]),
        article(change="maybe", url="http://en.yna.co.kr/view/AEN1"),
        article(change="new"),
    ]
    stats = validation_stats(SchemaValidationPipeline, records)
    assert stats["spidermon/validation/items/errors"] == 2
    assert stats["spidermon/validation/fields/errors"] == 4
    assert stats == validation_stats(ItemValidationPipeline, records)
