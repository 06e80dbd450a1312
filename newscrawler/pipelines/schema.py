"""Schema stage: every exported record is checked against the package's JSON Schema.

Spidermon's ItemValidationPipeline, with its settings (SPIDERMON_VALIDATION_SCHEMAS, ...),
its ``spidermon/validation/...`` stats and so its ItemValidationMonitor, but with the check
compiled once per crawl (fastjsonschema): jsonschema walks the schema anew for every
record, most of what a record's validation cost. A record that fails the compiled check is
validated again by Spidermon's own validator, so that its errors, their messages and
their stats are exactly Spidermon's.

The compiled check reads the schema with its definitions written out where they are
referred to (``{"$ref": "#/$defs/line"}``): fastjsonschema calls a function for each
reference and names the value for it first, formatting a string from every local of the
check (``.format(**locals())``), some 5 us for each keyword of a record's 50.

A field that may be null (``{"oneOf": [{"type": "null"}, X]}``) is checked as X with
"null" among its types, where X says nothing that applies to a null (see nullable_types):
fastjsonschema checks every branch of a oneOf, and the branch that fails builds and raises
an exception, five a record (a quarter of the check's time).

A record is checked as its fields hold it: Spidermon first copies it into a dict with
ItemAdapter, which probes every string of the body for being an item, more than the
check itself costs. A record that fails goes through Spidermon's pipeline as it is."""

from __future__ import annotations

from dataclasses import fields, is_dataclass
from functools import cached_property
from typing import Any

import fastjsonschema
from spidermon.contrib.scrapy.pipelines import ItemValidationPipeline
from spidermon.contrib.scrapy.stats import NAMES
from spidermon.contrib.validation import JSONSchemaValidator


class CompiledSchemaValidator(JSONSchemaValidator):
    def __init__(self, schema: dict[str, Any]) -> None:
        super().__init__(schema)
        self._check = fastjsonschema.compile(nullable_types(inlined(schema)), use_default=False)

    def _validate(self, data: dict[str, Any], strict: bool = False) -> None:
        if not self.passes(data):
            super()._validate(data, strict=strict)  # every error, in Spidermon's words

    def passes(self, data: dict[str, Any]) -> bool:
        try:
            self._check(data)
        except fastjsonschema.JsonSchemaException:
            return False
        return True


def inlined(schema: dict[str, Any]) -> dict[str, Any]:
    """A copy of the schema with each reference to one of its own definitions, an object
    that says no more than ``{"$ref": "#/$defs/NAME"}`` (or the schema's $id before the
    ``#``), replaced by that definition (itself inlined); a definition that refers to
    itself stays a reference."""
    definitions = schema.get("$defs", {})
    own = {"", schema.get("$id", "")}

    def written_out(value: Any, within: frozenset[str]) -> Any:
        if isinstance(value, list):
            return [written_out(v, within) for v in value]
        if not isinstance(value, dict):
            return value
        if len(value) == 1 and isinstance(ref := value.get("$ref"), str):
            base, _, pointer = ref.partition("#")
            name = pointer.removeprefix("/$defs/")
            if base in own and name != pointer and name in definitions and name not in within:
                return written_out(definitions[name], within | {name})
        return {key: written_out(v, within) for key, v in value.items()}

    return written_out(schema, frozenset())


# The keywords that apply to values of one type alone (JSON Schema 2020-12, "validation"
# and "applicator" vocabularies), and those that validate nothing.
_TYPE_KEYWORDS = {
    "string": {"minLength", "maxLength", "pattern", "format", "contentEncoding",
               "contentMediaType", "contentSchema"},
    "array": {"items", "prefixItems", "contains", "minContains", "maxContains", "minItems",
              "maxItems", "uniqueItems", "unevaluatedItems"},
    "object": {"properties", "patternProperties", "additionalProperties", "required",
               "minProperties", "maxProperties", "propertyNames", "dependentRequired",
               "dependentSchemas", "unevaluatedProperties"},
    "number": {"minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "multipleOf"},
}  # fmt: skip
_TYPE_KEYWORDS["integer"] = _TYPE_KEYWORDS["number"]
_ANNOTATIONS = {"title", "description", "default", "examples", "deprecated", "readOnly",
                "writeOnly", "$comment"}  # fmt: skip


def nullable_types(schema: Any) -> Any:
    """A copy of the schema with each ``{"oneOf": [{"type": "null"}, X]}`` written as X with
    "null" added to its type, where X names one type other than null and holds only
    keywords that apply to that type's values (and annotations): a null then passes as
    before, by its type alone, and any other value is checked by X as before."""
    if isinstance(schema, list):
        return [nullable_types(value) for value in schema]
    if not isinstance(schema, dict):
        return schema
    schema = {key: nullable_types(value) for key, value in schema.items()}
    match schema:
        case {"oneOf": [{"type": "null", **null}, {"type": str(kind), **rest} as typed]} if (
            len(schema) == 1
            and set(null) <= _ANNOTATIONS
            and kind in _TYPE_KEYWORDS
            and set(rest) <= _TYPE_KEYWORDS[kind] | _ANNOTATIONS
        ):
            return {**typed, "type": ["null", kind]}
    return schema


class SchemaValidationPipeline(ItemValidationPipeline):
    def process_item(self, item: Any) -> Any:
        validators = self.find_validators(item)
        compiled = all(isinstance(v, CompiledSchemaValidator) for v in validators)
        if not validators or not compiled or not is_dataclass(item):
            return super().process_item(item)
        record = {field.name: getattr(item, field.name) for field in fields(item)}
        if not all(validator.passes(record) for validator in validators):
            return super().process_item(item)  # its errors counted as Spidermon counts them
        # What Spidermon counts of a valid record, under its names, made once per crawl
        # (Spidermon slugifies each name again on every count).
        items, fields_ = self._valid_record_stats
        self.stats.stats.inc_value(items)
        self.stats.stats.inc_value(fields_, count=len(record))
        return item

    @cached_property
    def _valid_record_stats(self) -> tuple[str, str]:
        names = self.stats._get_stats_name  # Spidermon's, private: Spidermon is pinned
        return names(NAMES.ITEMS), names(NAMES.FIELDS)

    @classmethod
    def _load_jsonschema_validator(cls, schema: Any) -> CompiledSchemaValidator:
        loaded = super()._load_jsonschema_validator(schema)  # a schema file, object or dict
        return CompiledSchemaValidator(loaded._schema)
