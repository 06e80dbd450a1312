"""The JSON Schema of the article record, shipped with the package."""

from __future__ import annotations

import json
from functools import cache
from importlib.resources import files
from typing import Any


@cache
def article_schema() -> dict[str, Any]:
    return json.loads(files(__package__).joinpath("article.schema.json").read_text("utf-8"))


# For Spidermon's SPIDERMON_VALIDATION_SCHEMAS, which loads a schema by object path.
ARTICLE_SCHEMA = article_schema()
