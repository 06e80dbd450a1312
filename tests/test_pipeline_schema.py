"""Schema stage: Spidermon's validation of every record against the package's JSON Schema,
compiled once per crawl; a record that breaks the schema is counted exactly as Spidermon's
own pipeline counts it, for its ItemValidationMonitor."""

from __future__ import annotations

import json
from dataclasses import asdict
from pathlib import Path

import jsonschema
import pytest
from scrapy.utils.project import get_project_settings
from scrapy.utils.test import get_crawler
from spidermon.contrib.scrapy.pipelines import ItemValidationPipeline

from newscrawler.pipelines.schema import (
    CompiledSchemaValidator,
    SchemaValidationPipeline,
    inlined,
    nullable_types,
)
from newscrawler.spiders.yonhap import YonhapSpider
from tests.conftest import article

SCHEMAS = get_project_settings().getlist("SPIDERMON_VALIDATION_SCHEMAS")
SCHEMA_FILE = Path(__file__).parents[1] / "newscrawler" / "schema" / "article.schema.json"


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


RELATED = {"headline": "Another story", "url": "https://en.yna.co.kr/view/AEN2"}
DATELINE = {"text": "SEOUL, April 19", "location": "SEOUL", "date": None, "agency": None}


@pytest.mark.parametrize(
    "fields",
    [
        {},
        {"keywords": ["one", "two"] * 30},
        {"keywords": ["one", "two\nlines"]},
        {"keywords": [""]},
        {"authors": ["A. Writer", " padded"]},
        {"headline": ""},
        {"section": None, "editor_note": None, "modified": None},
        {"section": "", "modified": "yesterday"},
        {"related": [RELATED] * 10},
        {"related": [{**RELATED, "headline": "two\nlines"}]},
        {"related": [{**RELATED, "extra": 1}]},
        {"dateline": DATELINE},
        {"dateline": {**DATELINE, "text": ""}},
        {"labels": ["Analysis"], "body": ["one", " two"]},
        # The fields that may be null: null, a value, a value of another type, a bad value.
        {"dateline": None, "fetched_at": None},
        {"dateline": "SEOUL"},
        {"dateline": {**DATELINE, "extra": 1}},
        {"modified": 20230419},
        {"section": ["Politics"]},
        {"editor_note": "two\nlines"},
        {"fetched_at": "2023-04-19T09:00:00Z"},
        {"fetched_at": "2023-04-19T09:00:00+09:00"},
    ],
)
def test_the_compiled_check_accepts_what_the_schema_accepts(fields):
    schema = json.loads(SCHEMA_FILE.read_text("utf-8"))
    record = asdict(article(change="new", **fields))
    expected = jsonschema.Draft202012Validator(schema).is_valid(record)
    assert CompiledSchemaValidator(schema).passes(record) is expected


def test_a_schemas_own_definitions_are_written_out_where_referred_to():
    schema = json.loads(SCHEMA_FILE.read_text("utf-8"))
    properties = inlined(schema)["properties"]
    assert "$ref" not in json.dumps(properties)
    assert properties["keywords"]["items"] == schema["$defs"]["line"]
    looped = {
        "$id": "https://site.test/s.json",
        "$defs": {"list": {"items": {"$ref": "#/$defs/list"}}, "word": {"type": "string"}},
        "properties": {
            "a": {"$ref": "#/$defs/list"},
            "b": {"$ref": "https://site.test/s.json#/$defs/word"},
            "c": {"$ref": "#/$defs/word", "minLength": 1},  # says more: left to the compiler
        },
    }
    written = inlined(looped)["properties"]
    assert written["a"] == {"items": {"$ref": "#/$defs/list"}}
    assert written["b"] == {"type": "string"}
    assert written["c"] == looped["properties"]["c"]


def test_a_field_that_may_be_null_is_checked_by_its_type_not_a_oneof():
    """fastjsonschema raises an exception for the branch of a oneOf that fails."""
    line = {"type": "string", "minLength": 1, "description": "a line"}
    nullable_line = {**line, "type": ["null", "string"]}
    assert nullable_types({"oneOf": [{"type": "null"}, line]}) == nullable_line
    schema = json.loads(SCHEMA_FILE.read_text("utf-8"))
    assert "oneOf" not in json.dumps(nullable_types(inlined(schema)))
    # Left as they are: a second branch that would judge a null too, or names no one type,
    # a null branch that says more than its type, a oneOf beside other keywords.
    kept = [
        {"oneOf": [{"type": "null"}, {"type": "string", "enum": ["a"]}]},
        {"oneOf": [{"type": "null"}, {"minLength": 1}]},
        {"oneOf": [{"type": "null"}, {"type": ["string", "integer"]}]},
        {"oneOf": [{"type": "null", "not": {"const": None}}, line]},
        {"oneOf": [{"type": "null"}, line], "title": "x"},
        {"oneOf": [{"type": "null"}, line, {"type": "integer"}]},
    ]
    assert [nullable_types(kept_schema) for kept_schema in kept] == kept
