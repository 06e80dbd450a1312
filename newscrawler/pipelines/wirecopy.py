"""Wire-copy stage: the editor notes and bylines that open a piece of copy (with the
agency a byline credits: "By A, Associated Press", "A" over "Reuters"), and the e-mail,
end markers, credits, notes and copyright lines that close it, are taken out of the body
(into editor_note and authors: a credit's reporters when the page gives no byline);
separator lines and the placeholders of cut-out ads ("ADVERTISEMENT") go wherever they are."""

from __future__ import annotations

from typing import Any

from newscrawler.extraction.wire import (
    credited_reporters,
    is_closing_line,
    is_end_of_copy,
    is_placeholder,
    is_separator,
    read_opening,
)
from newscrawler.items import ArticleItem
from newscrawler.pipelines import Stage

# How far into the copy its opening (notes, bylines) is looked for.
_OPENING_PARAGRAPHS = 4


class WireCopyPipeline(Stage):
    def process_item(self, item: Any) -> Any:
        if not isinstance(item, ArticleItem):
            return item
        body = [p for p in item.body if not is_separator(p) and not is_placeholder(p)]
        # The opening's lines, across paragraphs (a byline and its agency may be two).
        head = body[:_OPENING_PARAGRAPHS]
        lines = [(index, line) for index, p in enumerate(head) for line in p.split("\n")]
        opening = read_opening([line for _, line in lines])
        if opening.lines:
            item.editor_note = item.editor_note or opening.editor_note
            item.authors = item.authors or opening.authors
            kept: dict[int, list[str]] = {}
            for index, line in lines[opening.lines :]:
                kept.setdefault(index, []).append(line)
            body = ["\n".join(rest) for rest in kept.values()] + body[_OPENING_PARAGRAPHS:]
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
