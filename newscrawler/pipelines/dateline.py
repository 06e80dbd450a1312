"""Dateline stage: the dateline is split off the first paragraph, its date resolved
against the publication time, its agency credited, and the reporters it names (Korean,
Japanese and Chinese forms: "(서울=연합뉴스) 홍길동 기자 =") taken as the authors when the page
credited none elsewhere."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from newscrawler.extraction.datelines import dateline_paragraph, resolve_date, split_dateline
from newscrawler.items import ArticleItem, DatelineRecord
from newscrawler.pipelines import Stage


class DatelinePipeline(Stage):
    def process_item(self, item: Any) -> Any:
        # A dateline the spider read from its own element (AA's location line) is kept.
        if not isinstance(item, ArticleItem) or not item.body or item.dateline is not None:
            return item
        dateline, rest = split_dateline(item.body[0])
        if dateline is None and len(item.body) > 1:
            # A dateline printed apart, over the first paragraph ("BAAR, SWITZERLAND").
            dateline, rest = dateline_paragraph(item.body[0], item.body[1]), ""
        if dateline is None:
            return item
        date = None
        if dateline.date_text and item.published:
            resolved = resolve_date(
                dateline.date_text, datetime.fromisoformat(item.published), item.language or "en"
            )
            date = resolved.isoformat() if resolved else None
        item.dateline = DatelineRecord(
            text=dateline.text, location=dateline.location, date=date, agency=dateline.agency
        )
        item.agency = dateline.agency or item.agency
        item.authors = item.authors or list(dateline.authors)
        item.body = [rest, *item.body[1:]] if rest else item.body[1:]
        return item
