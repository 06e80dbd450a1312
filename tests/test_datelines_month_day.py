"""A dateline's month and day read off dateparser's month names, without dateparser's first
parse (0.2 s of a crawl's CPU): the same month and day as dateparser, or none."""

from __future__ import annotations

import dateparser
import pytest
from dateparser.languages.loader import default_loader

from newscrawler.extraction.datelines import (
    _DATEPARSER_SETTINGS,
    _MONTH_KEYS,
    _MONTH_LANGUAGES,
    _plain_month_day,
)


def dateparsers(date_text: str, language: str) -> tuple[int, int] | None:
    parsed = dateparser.parse(date_text, languages=[language], settings=_DATEPARSER_SETTINGS)
    return None if parsed is None else (parsed.month, parsed.day)


@pytest.mark.parametrize("language", _MONTH_LANGUAGES)
def test_a_month_name_and_a_day_read_as_dateparser_reads_them(language):
    info = default_loader.get_locale(language).info
    names = {name for key in _MONTH_KEYS for name in info[key]}
    read = 0
    for name in sorted(names):
        for month in (name, f"{name.upper()}."):
            for day in ("0", "1", "09", "29", "30", "31", "32"):
                for date_text in (f"{month} {day}", f"{day} {month}"):
                    if (month_day := _plain_month_day(date_text, language)) is not None:
                        read += 1
                        assert month_day == dateparsers(date_text, language), date_text
    assert read > len(names) * 8  # most of them: each name, days 1 to 29, both orders


@pytest.mark.parametrize(
    ("date_text", "language", "expected"),
    [
        ("Oct. 23", "en", (10, 23)),
        ("Sept 5", "en", (9, 5)),
        ("Dec 14", "en", (12, 14)),
        ("20 June", "en", (6, 20)),
        ("Feb. 29", "en", (2, 29)),
        ("20 juin", "fr", (6, 20)),
        ("Feb. 30", "en", None),  # no such day: dateparser's answer stands
        ("April 19, 2023", "en", None),  # a year: dateparser's
        ("1月5日", "en", None),
        ("Oct. 23", "ko", None),  # not one of the agencies' languages
    ],
)
def test_only_a_month_name_and_a_day_of_that_month_are_read(date_text, language, expected):
    assert _plain_month_day(date_text, language) == expected
