"""Wire-service datelines at the start of a first paragraph.

Accepted grammar (anchored at the start of the paragraph, leading whitespace ignored)::

    [LOCATION [, REGION[, REGION]] [, MONTH DAY]] [(AGENCY)] DASH

* LOCATION: upper-case words (letters incl. accented capitals, ``.``, ``'``, ``-``; ``Mc``
  prefix allowed) joined by spaces or slashes: ``SEOUL``, ``ST. LOUIS``, ``SEOUL/WASHINGTON``.
* REGION: title-case words or abbreviations, not starting with a month: ``Wis.``, ``D.C.``,
  ``Gaza Strip``, ``Democratic Republic of Congo``.  It is part of ``location``.
* MONTH DAY: a full month name, an AP/Yonhap abbreviation (``Sept.``) or a Reuters one
  without a period (``Dec 14``), then a day 1-31.
* DASH: ``--``, ``—``, ``–``, ``―``, ``‒``, ``﹘``, ``−``, or ``-`` followed by whitespace;
  ``－`` (full-width) wherever ``-`` is.

To keep false positives out: a dateline without a location needs a known agency
(``(Reuters) - Apple ...``); one without an agency needs a region or a date and a long dash
(``PANMUNJOM, Korea --``, never ``SEOUL -`` or ``URGENT --``).
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from datetime import date, datetime

import dateparser
import regex

__all__ = ["KNOWN_AGENCIES", "Dateline", "resolve_date", "split_dateline"]

# Agencies accepted on their own, without a location (first word, case-insensitive).
# fmt: off
KNOWN_AGENCIES: frozenset[str] = frozenset(name.casefold() for name in (
    "Yonhap", "AP", "Reuters", "AFP", "Kyodo", "Xinhua", "UPI", "AA", "Anadolu", "dpa",
    "Bernama", "KCNA", "ANI", "PTI", "IANS", "EFE", "ANSA", "TASS", "RIA", "Interfax",
    "Antara", "PNA", "AAP", "CP", "CNA", "Bloomberg", "APA", "SPA", "WAM", "KUNA", "IRNA",
))
# fmt: on

_SP = r"[^\S\r\n]"
_MONTH = (
    r"(?:January|February|March|April|May|June|July|August|September|October|November|December"
    r"|(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\.?)(?!\p{L})"
)
_DAY = r"(?:3[01]|[12]\d|0?[1-9])(?!\d)"
_LOC_WORD = r"(?:Mc)?\p{Lu}[\p{Lu}\p{M}'’.\-]*"
_LOCATION = rf"{_LOC_WORD}(?:(?:{_SP}*/{_SP}*|{_SP}){_LOC_WORD})*"
_REGION_WORD = r"(?:(?:\p{Lu}\.){1,4}|\p{Lu}\p{Ll}[\p{L}\p{M}'’\-]*\.?)"
_CONNECTOR = r"(?:of|and|de|del|la|le|da|do|du|des|el|al|the|upon|on|sur|am|an|der)"
_REGION = (
    rf"(?!{_MONTH}){_REGION_WORD}"
    rf"(?:{_SP}+(?:{_CONNECTOR}{_SP}+)?(?!{_MONTH}){_REGION_WORD})*"
)
_AGENCY = r"\p{L}(?:[\p{L}\p{M}.&'’ /\-]{0,40}[\p{L}.])?"
# Short dashes: "-" and its full-width form; every long one a dash of its own.
_SHORT_DASHES = ("-", "－")
_DASH = r"(?:[-－]{2}|[—–―‒﹘−]|[-－](?=\s|$))"

_DATELINE_RE = regex.compile(
    rf"(?P<text>"
    rf"(?:(?P<location>{_LOCATION}(?:,{_SP}+{_REGION}(?:{_SP}*/{_SP}*{_LOCATION})?){{0,2}})"
    rf"(?:,{_SP}+(?P<date>{_MONTH}{_SP}+{_DAY}))?{_SP}*)?"
    rf"(?:\((?P<agency>{_AGENCY})\){_SP}*)?"
    rf"(?P<dash>{_DASH}))"
)


@dataclass(frozen=True)
class Dateline:
    """A dateline as printed and its parts."""

    text: str  # exactly as printed, up to and including the dash
    location: str | None
    date_text: str | None  # "Oct. 23", "April 25", "Dec 14"
    agency: str | None


def _acceptable(m: regex.Match[str]) -> bool:
    location, date_text, agency = m["location"], m["date"], m["agency"]
    if location is None:
        if agency is None:
            return False
        first = regex.split(r"[\s/]+", agency, maxsplit=1)[0]
        return first.casefold() in KNOWN_AGENCIES
    if sum(1 for ch in location.split(",", 1)[0] if ch.isalpha()) < 2:
        return False
    if agency is None:
        return ("," in location or date_text is not None) and m["dash"] not in _SHORT_DASHES
    if "," not in location and date_text is None:
        # "THAAD (Terminal High Altitude Area Defense) --" is an acronym spelt out, not a
        # dateline: a bare location needs an agency known or named in a few words.
        first = regex.split(r"[\s/]+", agency, maxsplit=1)[0]
        return first.casefold() in KNOWN_AGENCIES or len(agency.split()) <= 3
    return True


def split_dateline(paragraph: str) -> tuple[Dateline | None, str]:
    """(dateline, rest of paragraph with the separating whitespace removed) or (None, paragraph)."""
    stripped = paragraph.lstrip()
    m = _DATELINE_RE.match(stripped)
    if m is None or not _acceptable(m):
        return None, paragraph
    dateline = Dateline(
        text=m["text"], location=m["location"], date_text=m["date"], agency=m["agency"]
    )
    return dateline, stripped[m.end() :].lstrip()


# A leap year, so that "Feb. 29" parses; only month and day are kept.
_DATEPARSER_SETTINGS = {
    "REQUIRE_PARTS": ["day", "month"],
    "PARSERS": ["absolute-time"],
    "RELATIVE_BASE": datetime(2000, 1, 1),
    "PREFER_DAY_OF_MONTH": "first",
}


@functools.lru_cache(maxsize=4096)
def _month_day(date_text: str, language: str) -> tuple[int, int] | None:
    parsed = dateparser.parse(date_text, languages=[language], settings=_DATEPARSER_SETTINGS)
    return None if parsed is None else (parsed.month, parsed.day)


def resolve_date(date_text: str, published: datetime, language: str = "en") -> date | None:
    """The dateline's month/day in the year (published.year ± 1) nearest published's local date.

    None when dateparser cannot parse the text, or for a Feb. 29 with no leap day within half a
    year of the publication date.
    """
    month_day = _month_day(" ".join(date_text.split()), language)
    if month_day is None:
        return None
    month, day = month_day
    local = published.date()
    candidates = []
    for year in (local.year - 1, local.year, local.year + 1):
        try:
            candidates.append(date(year, month, day))
        except ValueError:  # Feb. 29 outside a leap year
            continue
    if not candidates:
        return None
    best = min(candidates, key=lambda d: (abs((d - local).days), d.year != local.year))
    return best if abs((best - local).days) <= 183 else None
