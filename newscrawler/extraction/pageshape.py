"""Pages that answer 200 with an article's markup but are no one article: a "not found"
page dressed as an article (a soft 404), and a page that carries two articles (a story
with the next one appended below it), whose bodies no selector can tell apart."""

from __future__ import annotations

import regex
from scrapy.http import TextResponse

from newscrawler.extraction.selection import elements_within
from newscrawler.extraction.structured import StructuredData
from newscrawler.extraction.text import clean_text, compiled, element_text

# What "not found" pages say in their title or headline, in the sites' languages.
_NOT_FOUND = regex.compile(
    r"\b(?:page|article|story|content|news)s?\s+(?:(?:was|is|could)\s+)?(?:not|n't)\s+"
    r"(?:be\s+)?found\b"
    r"|\b(?:error\s+)?404\b(?:\s*[-:|–—]\s*|\s+)(?:error|not\s+found|page)"
    r"|\bno\s+longer\s+(?:available|exists)\b"
    r"|\b(?:page|article|story)\s+(?:does\s+not|doesn't)\s+exist\b"
    r"|\bsayfa\s+bulunamad[ıi]"
    r"|페이지를\s*찾을\s*수\s*없",
    regex.IGNORECASE,
)
# Each of those patterns holds one of these words: an ASCII title (most are) without one
# is not searched, case-insensitively, with them all (1% of a Reuters record).
_NOT_FOUND_WORDS = ("found", "404", "longer", "exist", "bulunamad")
_PAGE_TITLE = compiled("/html/head/title")


def soft_404(response: TextResponse, headline: str | None) -> str | None:
    """What a "not found" page answered with status 200 says (its title or headline);
    None for any other page."""
    page_titles = (element_text(title) for title in _PAGE_TITLE(response.selector.root))
    for title in (headline or "", *page_titles):
        title = clean_text(title)
        if title and len(title) < 200 and _says_not_found(title):
            return title
    return None


def _says_not_found(title: str) -> bool:
    if title.isascii() and not any(word in title.lower() for word in _NOT_FOUND_WORDS):
        return False
    return _NOT_FOUND.search(title) is not None


def article_headlines(response: TextResponse, data: StructuredData) -> list[str]:
    """The headlines of the articles a page carries when it carries more than one (from
    its <article> elements' <h1>s, or from its article JSON-LD objects); [] for a page
    of one article."""
    # Article elements each with a headline of its own.
    in_markup = (element_text(h1) for h1 in elements_within(response, "h1", "article"))
    # Two headlines in the JSON-LD need two "headline" keys: a page whose JSON-LD has
    # fewer (most) is not parsed for them.
    in_json_ld = data.article_headlines if data.names_key_twice("headline") else list
    for found in (in_markup, in_json_ld()):
        distinct: dict[str, str] = {}
        for headline in found:
            if text := clean_text(headline):
                distinct.setdefault(text.casefold(), text)
        if len(distinct) > 1:
            return list(distinct.values())
    return []
