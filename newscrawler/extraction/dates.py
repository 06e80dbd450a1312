"""Publication and modification times: machine-readable ones parsed exactly, free text
("14:53 April 19, 2023") by dateparser in the site's time zone."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from functools import lru_cache
from itertools import islice
from zoneinfo import ZoneInfo

from dateparser.date import DateDataParser
from lxml.html import HtmlElement

_DAY_ONLY = re.compile(r"\d{4}-\d{2}-\d{2}")
# The earliest year a page may claim: a time before it is a placeholder ("0000-00-00",
# PHP's "-0001", the Unix epoch 1970-01-01 that an unset timestamp prints, in any zone),
# not news. Archives of older stories carry the web page's own time, not the story's.
EARLIEST_YEAR = 1971
# No page writes a date in more words than this ("Wednesday, September 13, 2023 at 10:45
# a.m. Eastern Daylight Time" is 66 characters); dateparser's time grows with the text
# (37 us a character: a 5 MB meta value held a crawl three minutes).
MAX_DATE_TEXT = 200
# How far up from the headline a <time> still belongs to it: its header block, a wrapper
# around that, the article.
_HEADLINE_BLOCK_LEVELS = 3


def page_time(value: str, timezone: str, language: str = "en") -> str | None:
    """A page's time string in the record's form: ISO 8601 to the second with the UTC
    offset, or the bare day (``2025-04-03``) when the page prints a day and no time, so
    that no time of day is made up. None when it is no date."""
    value = value.strip()
    if _DAY_ONLY.fullmatch(value):
        return value if int(value[:4]) >= EARLIEST_YEAR else None
    parsed = _parse_machine(value)
    has_time = True
    if parsed is None:
        parsed, has_time = _parse_free_text(value, timezone, language)
    if parsed is None or parsed.year < EARLIEST_YEAR:
        return None
    if not has_time:
        return parsed.date().isoformat()
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=ZoneInfo(timezone))
    return iso_datetime(parsed)


def parse_datetime(value: str, timezone: str, language: str = "en") -> datetime | None:
    """A timezone-aware datetime for a page's time string, or None when it has none.

    ISO 8601 (meta tags, JSON-LD) and RFC 2822 (feeds) are read exactly; a time without
    an offset is in the site's zone. Anything else is free text for dateparser.
    """
    value = value.strip()
    if not value:
        return None
    parsed = _parse_machine(value) or _parse_free_text(value, timezone, language)[0]
    if parsed is not None and parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=ZoneInfo(timezone))
    return parsed


def _parse_machine(value: str) -> datetime | None:
    try:
        return datetime.fromisoformat(value)
    except ValueError:
        pass
    try:
        return parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None


@lru_cache(maxsize=4096)
def _parse_free_text(value: str, timezone: str, language: str) -> tuple[datetime | None, bool]:
    """(the datetime, whether the text gave a time of day); none for a text too long to be
    a date."""
    if len(value) > MAX_DATE_TEXT:
        return None, False
    parsed = _free_text_parser(timezone, language).get_date_data(value)
    return parsed.date_obj, parsed.period == "time"


@lru_cache(maxsize=64)
def _free_text_parser(timezone: str, language: str) -> DateDataParser:
    return DateDataParser(
        languages=[language],
        settings={
            "TIMEZONE": timezone,
            "RETURN_AS_TIMEZONE_AWARE": True,
            "RETURN_TIME_AS_PERIOD": True,
            "REQUIRE_PARTS": ["day", "month", "year"],
        },
    )


def iso_datetime(value: datetime) -> str:
    """ISO 8601 to the second, with the offset the value carries."""
    return value.replace(microsecond=0).isoformat()


def utc_now_iso() -> str:
    return datetime.now(UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")


def headline_time(root: HtmlElement) -> str | None:
    """The ``datetime`` of the ``<time>`` printed with the page's headline (its first
    ``<h1>``): the first in the headline's block, looked for from its parent up to
    _HEADLINE_BLOCK_LEVELS levels and never in the whole <body>, so that a <time> of a list
    further down the page is not taken. Machine-readable where the time a page prints is
    the minute, the day or a later update's; a source only where the page's meta tags and
    JSON-LD give none."""
    headline = next(root.iter("h1"), None)
    if headline is None:
        return None
    for block in islice(headline.iterancestors(), _HEADLINE_BLOCK_LEVELS):
        if block.tag in ("body", "html"):
            return None
        for time in block.iter("time"):
            if value := (time.get("datetime") or "").strip():
                return value
    return None
