"""Wire-copy stage: the editor note and byline that open a piece of copy, and the e-mail,
end markers, credits, notes and copyright lines that close it, are taken out of the body
(into editor_note and authors: a credit's reporters when the page gives no byline);
separator lines and the placeholders of cut-out ads ("ADVERTISEMENT") go wherever they are."""

from __future__ import annotations

from typing import Any

from newscrawler.extraction.wire import (
    byline_authors,
    credited_reporters,
    editor_note,
    is_closing_line,
    is_end_of_copy,
    is_placeholder,
    is_separator,
)
from newscrawler.items import ArticleItem
from newscrawler.pipelines import Stage


class WireCopyPipeline(Stage):
    def process_item(self, item: Any) -> Any:
        if not isinstance(item, ArticleItem):
            return item
        body = [p for p in item.body if not is_separator(p) and not is_placeholder(p)]
        while body:
            lines = body[0].split("\n")
            while lines:
                note = editor_note(lines[0])
                authors = byline_authors(lines[0]) if note is None else None
                if note is None and authors is None:
                    break
                if note is not None:
                    item.editor_note = item.editor_note or note
                if authors is not None:
                    item.authors = item.authors or authors
                lines.pop(0)
            if lines:
                body[0] = "\n".join(lines)
                break
            body.pop(0)
        credited: list[str] = []
        while body:
            lines = body[-1].split("\n")
            while lines and (is_end_of_copy(lines[-1]) or is_closing_line(lines[-1])):
                credited = credited_reporters(lines.pop()) + credited
            if lines:
                body[-1] = "\n".join(lines)
                break
            body.pop()
        item.body = body
        item.authors = item.authors or list(dict.fromkeys(credited))
        return item
