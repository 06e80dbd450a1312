"""Feed exporters beside Scrapy's own: ``wiretext`` (FEED_EXPORTERS) writes the wire-text
format, articles separated by a blank line, the file ending in a newline."""

from __future__ import annotations

from typing import Any, BinaryIO

from itemadapter import ItemAdapter
from scrapy.exporters import BaseItemExporter

from newscrawler.delivery.wiretext import render_wire_text


class WireTextItemExporter(BaseItemExporter):
    def __init__(self, file: BinaryIO, **kwargs: Any) -> None:
        super().__init__(dont_fail=True, **kwargs)
        self.file = file
        self.encoding = self.encoding or "utf-8"
        self._first = True

    def export_item(self, item: Any) -> None:
        text = render_wire_text(ItemAdapter(item).asdict())
        separator = "" if self._first else "\n\n"
        self._first = False
        self.file.write(f"{separator}{text}".encode(self.encoding))

    def finish_exporting(self) -> None:
        if not self._first:
            self.file.write(b"\n")
