"""Wire-copy conventions shared by the agencies: headline labels, story versions, editor
notes, bylines and the markers that close a piece of copy."""

from __future__ import annotations

from dataclasses import dataclass

import regex

from newscrawler.extraction.datelines import KNOWN_AGENCIES

# A label is a parenthesized prefix followed by a space: "(LEAD) ", "(2nd LD) ",
# "(Yonhap Feature) ", "(URGENT) ". It starts with a capital or a digit, holds no sentence
# punctuation, which keeps out names such as "(G)I-DLE" (no space after the parenthesis).
_LABEL = regex.compile(r"\(\s*([\p{Lu}\p{N}][\p{L}\p{N} .'’&/-]{0,58}?)\s*\)\s+")
_LD = regex.compile(r"(?i)^(\d+)(?:st|nd|rd|th)\s+LD$")
_EDITOR_NOTE = regex.compile(r"(?i)^\(\s*(?:ATTN|EDS?|EDITORS?)\s*:\s*(.+?)\s*\)$")
# A note in parentheses on what a version changed: "(This July 6 story has been refiled to
# ...)", "(Adds details in paragraphs 3-5)", "(Corrects spelling of name)".
_VERSION_NOTE = regex.compile(
    r"^\(\s*((?:This\b[^()]{0,80}\b(?:story|article|version)\b|(?:Adds|Updates|Corrects"
    r"|Refiles|Recasts|Rewrites|Changes|Fixes|Removes|Clarifies|Repeats|Replaces|Writes)\b)"
    r"[^()]*(?:\([^()]*\)[^()]*)*?)\s*\)$"
)
_BYLINE = regex.compile(r"^By\s+(.+)$")
# The agency a byline credits after its names ("By A, Associated Press", "By A | Reuters",
# "By A, AP Auto Writer"), or on the line under them ("A" then "Associated Press").
_AGENCY_NAMES = sorted(
    {
        "Associated Press", "Agence France-Presse", "Yonhap News Agency", "Anadolu Agency",
        "Kyodo News", "Bloomberg News", "Press Trust of India", "Deutsche Presse-Agentur",
        *KNOWN_AGENCIES,
    },
    key=len,
    reverse=True,
)  # fmt: skip
_AGENCY_CREDIT = regex.compile(
    r"(?:the\s+)?(?:" + "|".join(regex.escape(name) for name in _AGENCY_NAMES) + r")"
    r"(?:(?:\s+[\p{L}-]+){0,3}?\s+(?:writer|correspondent|reporter|editor|editorial|staff|desk)s?)?",
    regex.IGNORECASE,
)
_CREDIT_SEPARATOR = regex.compile(r"\s*(?:,|\|)\s*")
_NAME = regex.compile(
    r"^\p{Lu}[\p{L}'’.-]*(?:\s+(?:\p{Lu}[\p{L}'’.-]*|de|van|von|bin|al|da|del|la|le))*$"
)
_NAME_SEPARATOR = regex.compile(r"\s*(?:,\s*and\s+|,\s*|\s+and\s+|\s*&\s*)")
_EMAILS = regex.compile(r"^(?:[\w.+-]+@[\w-]+(?:\.[\w-]+)+[\s,;/]*)+$")
_END_MARKERS = frozenset({"(END)", "(MORE)", "(FIN)", "(ENDS)"})
# A line of only rules or stars: a separator, never text.
_SEPARATOR = regex.compile(r"^[\s_*=~\-–—·•]{3,}$")
# What a cut-out ad leaves in the copy: a paragraph that only says so.
_PLACEHOLDER = regex.compile(
    r"^\W*(?:advertisement|advertising|ad|sponsored(?:\s+content)?|anzeige|publicité|reklam|광고)"
    r"(?:\W+(?:scroll|continue)\b[\w\s]*)?\W*$"
    r"|^\W*(?:story|article)\s+continues\s+below(?:\s+(?:this\s+)?advertisement)?\W*$",
    regex.IGNORECASE,
)
# The lines agencies close their copy with, after the text: credits ("(Reporting by A;
# Editing by B)", "*Writing by C", "D contributed to this report."), notes sending readers
# to more coverage or naming the supporters (a Reuters BRIEF's "Source text for Eikon:"),
# and copyright notices.
_CREDIT = regex.compile(
    r"^\*?\s*\(?\s*(?:additional\s+)?(?:reporting|writing|editing|compiled|compiling|research"
    r"|graphics|photos?|video|fact-checking|contributions?|contributing)(?:\s+and\s+\w+)?\s+by\s",
    regex.IGNORECASE,
)
_CLOSING_NOTE = regex.compile(
    r"\bcontributed\s+(?:to\s+(?:this|the)\s+(?:report|story)|(?:additional\s+)?reporting)\b"
    r"|^\W*(?:Follow|Find|See|Read)\b.{0,80}['’]s\b.{0,80}\bcoverage\b"
    r"|\bis solely responsible for all content\b"
    r"|^\W*(?:Source\s+text(?:\s+for\s+Eikon)?|Further\s+company\s+coverage)\s*:"
    r"|^\W*(?:©|\(c\)|copyright\b)",
    regex.IGNORECASE | regex.DOTALL,
)
_CLOSING_LINE_WORDS = 60  # a longer line is text, whatever it mentions
_REPORTERS = regex.compile(
    r"(?:^\W*|;\s*)(?:additional\s+)?(?:reporting|writing)\s+by\s+([^;)]+)", regex.IGNORECASE
)
_REPORTER_PLACE = regex.compile(r"\s+(?:in|from)\s+\p{Lu}.*$")  # "Jane Doe in London"


def is_placeholder(paragraph: str) -> bool:
    """An "ADVERTISEMENT" line (or "Story continues below advertisement") where an ad
    was cut out of the copy: no paragraph of the article."""
    return len(paragraph) < 60 and _PLACEHOLDER.match(paragraph) is not None


def split_labels(headline: str) -> tuple[list[str], str]:
    """Leading wire labels and the headline a reader sees."""
    labels: list[str] = []
    rest = headline
    while match := _LABEL.match(rest):
        remainder = rest[match.end() :]
        if not remainder:
            break
        labels.append(match.group(1))
        rest = remainder
    return labels, rest


def version_from_labels(labels: list[str]) -> int:
    """0 for a first version, 1 for LEAD, N for "Nth LD"."""
    for label in labels:
        if label.upper() == "LEAD":
            return 1
        if match := _LD.match(label):
            return int(match.group(1))
    return 0


def editor_note(line: str) -> str | None:
    """The note inside "(ATTN: ...)", or None when the line is no editor note."""
    match = _EDITOR_NOTE.match(line.strip())
    return match.group(1) if match else None


def version_note(line: str) -> str | None:
    """The note inside "(This July 6 story has been refiled to ...)", or None."""
    match = _VERSION_NOTE.match(line.strip())
    return match.group(1).strip() if match else None


def is_agency_credit(line: str) -> bool:
    """The agency a byline credits, on a line of its own: "Associated Press", "Reuters",
    "AP Business Writer"."""
    return _AGENCY_CREDIT.fullmatch(line.strip()) is not None


def _names(text: str) -> list[str] | None:
    names = [name for name in _NAME_SEPARATOR.split(text) if name]
    if not names or not all(_NAME.match(name) and len(name) <= 40 for name in names):
        return None
    return names


def _without_credit(text: str) -> str:
    """The names of a byline without the agency it credits after them: "Jane Doe,
    Associated Press" -> "Jane Doe"; "Jane Doe | Reuters" -> "Jane Doe"."""
    parts = _CREDIT_SEPARATOR.split(text)
    if len(parts) > 1 and is_agency_credit(parts[-1]):
        return text[: text.rindex(parts[-1])].rstrip(" ,|")
    return text


def byline_authors(line: str) -> list[str] | None:
    """["A", "B"] for a byline "By A and B" (or "By A, Associated Press"), or None when the
    line is no byline."""
    match = _BYLINE.match(line.strip())
    return _names(_without_credit(match.group(1))) if match else None


@dataclass(frozen=True)
class Opening:
    """What precedes the copy: editor notes and bylines, and how many lines they take."""

    editor_note: str | None
    authors: list[str]
    lines: int


def read_opening(lines: list[str]) -> Opening:
    """The editor notes and bylines the copy opens with: "(ATTN: ...)", "(This story has
    been refiled ...)", "By A and B", "By A, Associated Press", or a line of names over a
    line of the agency's ("Jane Doe" then "Associated Press")."""
    note: str | None = None
    authors: list[str] = []
    taken = 0
    while taken < len(lines):
        line = lines[taken].strip()
        following = lines[taken + 1] if taken + 1 < len(lines) else ""
        if (found := editor_note(line) or version_note(line)) is not None:
            note = note or found
            taken += 1
        elif (names := byline_authors(line)) is not None:
            authors = authors or names
            taken += 2 if is_agency_credit(following) else 1
        elif is_agency_credit(following) and (names := _names(line)) is not None:
            authors = authors or names
            taken += 2
        else:
            break
    return Opening(note, authors, taken)


def is_end_of_copy(line: str) -> bool:
    """An end marker, or the reporters' e-mail addresses that close Yonhap copy."""
    stripped = line.strip()
    return stripped.upper() in _END_MARKERS or bool(_EMAILS.match(stripped))


def is_separator(line: str) -> bool:
    return bool(_SEPARATOR.match(line))


def is_closing_line(line: str) -> bool:
    """A credit, a note to readers or a copyright notice closing the copy: not its text."""
    stripped = line.strip()
    if _CREDIT.match(stripped):
        return True
    return len(stripped.split()) <= _CLOSING_LINE_WORDS and bool(_CLOSING_NOTE.search(stripped))


def credited_reporters(line: str) -> list[str]:
    """The reporters and writers a credit line names, not the editors:
    "(Reporting by Jane Doe in London and John Roe; Editing by Tom Brown)" ->
    ["Jane Doe", "John Roe"]."""
    names: list[str] = []
    for credited in _REPORTERS.findall(line.strip()):
        for name in _NAME_SEPARATOR.split(credited.strip()):
            name = _REPORTER_PLACE.sub("", name).strip(" .*")
            if name and _NAME.match(name):
                names.append(name)
    return names
