"""Wire-copy conventions shared by the agencies: headline labels, story versions, editor
notes, bylines and the markers that close a piece of copy."""

from __future__ import annotations

import regex

# A label is a parenthesized prefix followed by a space: "(LEAD) ", "(2nd LD) ",
# "(Yonhap Feature) ", "(URGENT) ". It starts with a capital or a digit, holds no sentence
# punctuation, which keeps out names such as "(G)I-DLE" (no space after the parenthesis).
_LABEL = regex.compile(r"\(\s*([\p{Lu}\p{N}][\p{L}\p{N} .'’&/-]{0,58}?)\s*\)\s+")
_LD = regex.compile(r"(?i)^(\d+)(?:st|nd|rd|th)\s+LD$")
_EDITOR_NOTE = regex.compile(r"(?i)^\(\s*(?:ATTN|EDS?|EDITORS?)\s*:\s*(.+?)\s*\)$")
_BYLINE = regex.compile(r"^By\s+(.+)$")
_NAME = regex.compile(
    r"^\p{Lu}[\p{L}'’.-]*(?:\s+(?:\p{Lu}[\p{L}'’.-]*|de|van|von|bin|al|da|del|la|le))*$"
)
_NAME_SEPARATOR = regex.compile(r"\s*(?:,\s*and\s+|,\s*|\s+and\s+|\s*&\s*)")
_EMAILS = regex.compile(r"^(?:[\w.+-]+@[\w-]+(?:\.[\w-]+)+[\s,;/]*)+$")
_END_MARKERS = frozenset({"(END)", "(MORE)", "(FIN)", "(ENDS)"})


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


def byline_authors(line: str) -> list[str] | None:
    """["A", "B"] for a byline "By A and B", or None when the line is no byline."""
    match = _BYLINE.match(line.strip())
    if not match:
        return None
    names = [name for name in _NAME_SEPARATOR.split(match.group(1)) if name]
    if not names or not all(_NAME.match(name) and len(name) <= 40 for name in names):
        return None
    return names


def is_end_of_copy(line: str) -> bool:
    """An end marker, or the reporters' e-mail addresses that close Yonhap copy."""
    stripped = line.strip()
    return stripped.upper() in _END_MARKERS or bool(_EMAILS.match(stripped))
