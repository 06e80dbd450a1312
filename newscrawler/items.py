"""The article record of ../shared/ARTICLE.md.

A dataclass, so that ItemAdapter handles it and every exporter writes the fields in
declaration order, which is the contract's order.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TypedDict

# The fields a record must carry to be an article (ARTICLE.md, last paragraph).
REQUIRED_FIELDS: tuple[str, ...] = ("url", "headline", "published", "body")


class DatelineRecord(TypedDict):
    text: str
    location: str | None
    date: str | None
    agency: str | None


class RelatedLink(TypedDict):
    headline: str
    url: str


@dataclass
class ArticleItem:
    url: str | None = None
    source: str | None = None
    agency: str | None = None
    headline: str | None = None
    labels: list[str] = field(default_factory=list)
    dateline: DatelineRecord | None = None
    published: str | None = None
    modified: str | None = None
    authors: list[str] = field(default_factory=list)
    section: str | None = None
    keywords: list[str] = field(default_factory=list)
    editor_note: str | None = None
    body: list[str] = field(default_factory=list)
    related: list[RelatedLink] = field(default_factory=list)
    story_id: str | None = None
    version: int = 0
    language: str | None = None
    fetched_at: str | None = None
    change: str = "new"


def field_names() -> list[str]:
    """The record's fields in contract order."""
    return list(ArticleItem.__dataclass_fields__)
