"""Schema stage: every exported record is checked against the package's JSON Schema.

Spidermon's ItemValidationPipeline, with its settings (SPIDERMON_VALIDATION_SCHEMAS, ...),
its ``spidermon/validation/...`` stats and so its ItemValidationMonitor, but with the check
compiled once per crawl (fastjsonschema): jsonschema walks the schema anew for every
record, most of what a record's validation cost. A record that fails the compiled check is
validated again by Spidermon's own validator, so that its errors, their messages and
their stats are exactly Spidermon's."""

from __future__ import annotations

from typing import Any

import fastjsonschema
from spidermon.contrib.scrapy.pipelines import ItemValidationPipeline
from spidermon.contrib.validation import JSONSchemaValidator


class CompiledSchemaValidator(JSONSchemaValidator):
    def __init__(self, schema: dict[str, Any]) -> None:
        super().__init__(schema)
        self._check = fastjsonschema.compile(schema, use_default=False)

    def _validate(self, data: dict[str, Any], strict: bool = False) -> None:
        try:
            self._check(data)
        except fastjsonschema.JsonSchemaException:
            super()._validate(data, strict=strict)  # every error, in Spidermon's words


class SchemaValidationPipeline(ItemValidationPipeline):
    @classmethod
    def _load_jsonschema_validator(cls, schema: Any) -> CompiledSchemaValidator:
        loaded = super()._load_jsonschema_validator(schema)  # a schema file, object or dict
        return CompiledSchemaValidator(loaded._schema)
