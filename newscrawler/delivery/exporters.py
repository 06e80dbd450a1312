"""Feed exporters beside Scrapy's own (FEED_EXPORTERS):

- ``jsonlines`` (``jsonl``, ``jl``) and ``json`` are Scrapy's, reading a record's fields
  off its attributes (see RecordFields);
- ``wiretext`` writes the wire-text format, each article followed by a blank line, so that
  appending a run to a feed (``-o f.txt:wiretext``) or concatenating files keeps every
  article apart;
- ``csv`` writes one row per article that a spreadsheet opens as it is: the body's
  paragraphs in one cell, a blank line between them; other lists and objects (labels,
  dateline, related headlines, ...) as JSON; UTF-8 with a byte order mark, which Excel
  needs to read UTF-8. A run appending to a CSV feed that earlier runs wrote adds its rows
  only: one header and one byte order mark, at the top of the file. A cell that starts as
  a formula would (``=``, ``+``, ``-``, ``@``, ``|``, ``%``: a page's headline
  ``=HYPERLINK(...)``) is written after a ``'``, so that a spreadsheet shows it as text
  and runs nothing (defusedcsv; numbers such as ``-5`` are left as they are).
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any, BinaryIO

from defusedcsv import csv as defused_csv
from itemadapter import ItemAdapter
from scrapy.exporters import (
    BaseItemExporter,
    CsvItemExporter,
    JsonItemExporter,
    JsonLinesItemExporter,
)

from newscrawler.delivery.run import PartStream
from newscrawler.delivery.wiretext import render_wire_text
from newscrawler.items import ArticleItem, field_names

PARAGRAPH_BREAK = "\n\n"
_RECORD_FIELDS = tuple(field_names())


class RecordFields(BaseItemExporter):
    """An article record's fields, when the feed names none (FEED_EXPORT_FIELDS, a feed's
    ``fields``), are its attributes in contract order: what Scrapy's adapter gives for a
    dataclass whose fields are always set and declare no serializer, without its look-ups
    per field (about 0.05 ms a record). Any other item, or a choice of fields, is Scrapy's."""

    def get_serialized_fields(
        self, item: Any, default_value: Any = None, include_empty: bool | None = None
    ) -> Iterable[tuple[str, Any]]:
        if type(item) is ArticleItem and self.fields_to_export is None:
            return ((name, getattr(item, name)) for name in _RECORD_FIELDS)
        return super().get_serialized_fields(item, default_value, include_empty)


class RecordJsonLinesItemExporter(RecordFields, JsonLinesItemExporter):
    pass


class RecordJsonItemExporter(RecordFields, JsonItemExporter):
    pass


class WireTextItemExporter(BaseItemExporter):
    def __init__(self, file: BinaryIO, **kwargs: Any) -> None:
        super().__init__(dont_fail=True, **kwargs)
        self.file = file
        self.encoding = self.encoding or "utf-8"

    def export_item(self, item: Any) -> None:
        text = render_wire_text(ItemAdapter(item).asdict())
        self.file.write(f"{text}\n\n".encode(self.encoding))


class ArticleCsvItemExporter(CsvItemExporter):
    """Every field of the record in its own column, in the record's order, whatever the
    first record fills."""

    def __init__(self, file: BinaryIO, **kwargs: Any) -> None:
        kwargs["fields_to_export"] = kwargs.get("fields_to_export") or field_names()
        if isinstance(file, PartStream) and file.continues_feed:
            kwargs["include_headers_line"] = False
            kwargs["encoding"] = "utf-8"
        else:
            kwargs["encoding"] = "utf-8-sig"
        super().__init__(file, **kwargs)
        self.csv_writer = defused_csv.writer(self.stream, **self._kwargs)

    def serialize_field(self, field: Any, name: str, value: Any) -> Any:
        if name == "body" and isinstance(value, list):
            return PARAGRAPH_BREAK.join(value)
        if isinstance(value, list | dict):
            return json.dumps(value, ensure_ascii=False)
        return super().serialize_field(field, name, value)
