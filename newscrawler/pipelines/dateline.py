"""Dateline stage: the dateline is split off the first paragraph, its date resolved
against the publication time, its agency credited, and the reporters it names (Korean,
Japanese and Chinese forms: "(서울=연합뉴스) 홍길동 기자 =") taken as the authors when the page
credited none elsewhere."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from newscrawler.extraction.datelines import (
    Dateline,
    dateline_paragraph,
    is_heading,
    resolve_date,
    site_credit,
    split_dateline,
    without_place,
)
from newscrawler.items import ArticleItem, DatelineRecord
from newscrawler.pipelines import Stage


def _opened(first: str, paragraphs: list[str]) -> list[str]:
    """The paragraphs after what is left of the first, if anything is."""
    return [first, *paragraphs] if first else paragraphs


def read_dateline(
    body: list[str], following: list[str], url: str
) -> tuple[Dateline, list[str]] | None:
    """The dateline opening the copy and the body without it. ``following`` is the copy after
    the first paragraph, the headline with it (it tells a bare place from an acronym);
    ``url`` the page's (a site's own name may open its copy as an agency's)."""
    dateline, rest = split_dateline(body[0], following)
    if dateline is None and (credit := site_credit(body[0], url)):
        dateline, rest = credit
    if dateline is not None:
        return dateline, _opened(rest, body[1:])
    if len(body) < 2:
        return None
    # A dateline printed apart, over the first paragraph ("BAAR, SWITZERLAND", or a byline's
    # "| WASHINGTON" over "WASHINGTON The U.S. ...").
    if (dateline := dateline_paragraph(body[0], body[1])) is not None:
        return dateline, _opened(without_place(dateline, body[1]), body[2:])
    if is_heading(body[0]):
        # A heading kept over the copy (a page's second headline): the copy opens with the
        # next paragraph, and its dateline is taken when it names an agency.
        dateline, rest = split_dateline(body[1], following[1:])
        if dateline is not None and dateline.agency is not None:
            return dateline, [body[0], *_opened(rest, body[2:])]
    return None


class DatelinePipeline(Stage):
    def process_item(self, item: Any) -> Any:
        # A dateline the spider read from its own element (AA's location line) is kept.
        if not isinstance(item, ArticleItem) or not item.body or item.dateline is not None:
            return item
        # A headline in capitals says nothing of how a name is printed.
        headline = item.headline or ""
        following = [*item.body[1:], *([headline] if not headline.isupper() else [])]
        found = read_dateline(item.body, following, item.url)
        if found is None:
            return item
        dateline, item.body = found
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
        return item
