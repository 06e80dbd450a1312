"""Publication and modification times: machine-readable ones parsed exactly, free text
("14:53 April 19, 2023") by dateparser in the site's time zone."""

from __future__ import annotations

from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from functools import lru_cache
from zoneinfo import ZoneInfo

import dateparser


def parse_datetime(value: str, timezone: str, language: str = "en") -> datetime | None:
    """A timezone-aware datetime for a page's time string, or None when it has none.

    ISO 8601 (meta tags, JSON-LD) and RFC 2822 (feeds) are read exactly; a time without
    an offset is in the site's zone. Anything else is free text for dateparser.
    """
    value = value.strip()
    if not value:
        return None
    parsed = _parse_machine(value)
    if parsed is None:
        parsed = _parse_free_text(value, timezone, language)
        if parsed is None:
            return None
    if parsed.tzinfo is None:
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
def _parse_free_text(value: str, timezone: str, language: str) -> datetime | None:
    return dateparser.parse(
        value,
        languages=[language],
        settings={
            "TIMEZONE": timezone,
            "RETURN_AS_TIMEZONE_AWARE": True,
            "REQUIRE_PARTS": ["day", "month", "year"],
        },
    )


def iso_datetime(value: datetime) -> str:
    """ISO 8601 to the second, with the offset the value carries."""
    return value.replace(microsecond=0).isoformat()


def utc_now_iso() -> str:
    return datetime.now(UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")
