"""Validation stage: a record without url, headline, publication time or body text is no
article, nor is one with a field larger than any article's (the bounds of the package's
JSON Schema). It is dropped with the reason, which the rejects feed and the stats keep."""

from __future__ import annotations

from typing import Any

from newscrawler.items import REQUIRED_FIELDS, ArticleItem
from newscrawler.pipelines import RejectedItem, Stage, bounded
from newscrawler.schema import article_schema

_SCHEMA = article_schema()["properties"]
# Characters of a one-line field (headline, labels, authors, section, keywords, editor's
# note, dateline, a related headline), of a URL, and of the body (a paragraph, and all).
LINE_CHARS: int = article_schema()["$defs"]["line"]["maxLength"]
URL_CHARS: int = _SCHEMA["url"]["maxLength"]
BODY_CHARS: int = _SCHEMA["body"]["items"]["maxLength"]
MAX_ITEMS: dict[str, int] = {
    name: _SCHEMA[name]["maxItems"] for name in ("labels", "authors", "keywords", "related", "body")
}


class ValidationPipeline(Stage):
    def process_item(self, item: Any) -> Any:
        if not isinstance(item, ArticleItem):
            return item
        for name in REQUIRED_FIELDS:
            if not getattr(item, name):
                raise RejectedItem(
                    f"missing_{name}",
                    f"the page gives no {name} that this spider can find: it is not an article "
                    f"page, or the site's markup has changed under the spider's selectors",
                )
        if (oversized := oversized_field(item)) is not None:
            raise RejectedItem(
                "field_too_large",
                f"{oversized} (article.schema.json): larger than any article's. The page is "
                f"hostile, or broken markup (an unclosed tag) made the spider read more than "
                f"the field; it is tried again on the next run",
            )
        return item


def oversized_field(item: ArticleItem) -> str | None:
    """The first field over the record's bounds, its size and its bound; None when every
    field is within them: a loader given the record (a database's text index, a queue's
    message size) meets nothing larger than the schema says. A record costs a pass over
    its strings' lengths (5 us)."""
    for name, most in MAX_ITEMS.items():
        if (count := len(getattr(item, name))) > most:
            return f"{name}: {count:,} items, over the bound of {most:,}"
    if (chars := sum(map(len, item.body))) > BODY_CHARS:
        return f"body: {chars:,} characters, over the bound of {BODY_CHARS:,}"
    urls = [item.url or "", *(link["url"] for link in item.related)]
    if (longest := max(map(len, urls))) > URL_CHARS:
        name = "url" if len(urls[0]) > URL_CHARS else "related"
        return f"{name}: a URL of {longest:,} characters, over the bound of {URL_CHARS:,}"
    dateline = item.dateline
    lines = {
        "headline": [item.headline or ""],
        "section": [item.section or ""],
        "editor_note": [item.editor_note or ""],
        "dateline": [dateline["text"] if dateline else ""],
        "labels": item.labels,
        "authors": item.authors,
        "keywords": item.keywords,
        "related": [link["headline"] for link in item.related],
    }
    for name, texts in lines.items():
        if texts and (longest := max(map(len, texts))) > LINE_CHARS:
            return f"{name}: {longest:,} characters, over the bound of {LINE_CHARS:,}"
    return None


def within_bounds(record: dict[str, Any]) -> tuple[dict[str, Any], list[str]]:
    """A partial record as the rejects feed keeps it: each field cut to its bound (a cut
    text says how long it was), and the names of the fields cut. A reject's line is then
    no larger than a record's, whatever the page held (a 2 MB headline, a page of 100,000
    links), and still shows what the spider read."""
    kept = dict(record)
    cut: list[str] = []
    for name, value in record.items():
        if name == "body" and isinstance(value, list):
            bounded_value: Any = _bounded_body(value)
        elif name == "related" and isinstance(value, list):
            bounded_value = [
                {**link, "headline": _line(link.get("headline")), "url": _url(link.get("url"))}
                if isinstance(link, dict) else link
                for link in value[: MAX_ITEMS["related"]]
            ]  # fmt: skip
        elif name == "dateline" and isinstance(value, dict):
            bounded_value = {**value, **{key: _line(text) for key, text in value.items()}}
        elif isinstance(value, list):
            bounded_value = [_line(text) for text in value[: MAX_ITEMS.get(name, LIST_ITEMS)]]
        else:
            bounded_value = _url(value) if name == "url" else _line(value)
        if bounded_value != value:
            kept[name] = bounded_value
            cut.append(name)
    return kept, cut


# A list the schema does not bound (a field of a pipeline's own) is kept to this many items.
LIST_ITEMS = 500


def _line(value: Any) -> Any:
    return bounded(value, LINE_CHARS) if isinstance(value, str) else value


def _url(value: Any) -> Any:
    return bounded(value, URL_CHARS) if isinstance(value, str) else value


def _bounded_body(paragraphs: list[Any]) -> list[Any]:
    """The paragraphs up to the body's bound in characters, the last one cut to it."""
    kept: list[Any] = []
    room = BODY_CHARS
    for paragraph in paragraphs[: MAX_ITEMS["body"]]:
        if room <= 0:
            break
        if isinstance(paragraph, str):
            paragraph = bounded(paragraph, room)
            room -= min(len(paragraph), room)
        kept.append(paragraph)
    return kept
