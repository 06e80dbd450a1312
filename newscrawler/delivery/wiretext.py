"""The wire-text format of ARTICLE.md: an article as the sample document shows it."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

END_OF_COPY = "(END)"
RELATED_SEPARATOR = "-"


def render_wire_text(record: Mapping[str, Any]) -> str:
    """One article: labelled headline, dateline and first paragraph on one line, a line per
    further paragraph, (END), then "-" and a related headline for each related link.
    No trailing newline: a file separates articles itself."""
    labels = "".join(f"({label}) " for label in record.get("labels") or ())
    lines = [f"{labels}{record.get('headline') or ''}"]
    body = list(record.get("body") or ())
    dateline = record.get("dateline")
    if dateline and body:
        body[0] = f"{dateline['text']} {body[0]}"
    elif dateline:
        body = [dateline["text"]]
    lines.extend(body)
    lines.append(END_OF_COPY)
    for link in record.get("related") or ():
        lines.extend((RELATED_SEPARATOR, link["headline"]))
    return "\n".join(lines)
