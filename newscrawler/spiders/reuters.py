"""Reuters, reuters.com and its editions (www., uk., in., mobile.).

Four generations of the article page are parsed, each by its own selectors (a
``ReutersTemplate`` named by the year of the captures it was written from), picked by a
marker only that generation carries:

- ``CLASSIC_2014``: the classic page (``#articleText``, ``span.focusParagraph``); its
  publication time is in Parse.ly's ``parsely-page`` meta tag.
- ``RCS_2016``: the "rcs" page (``#article-text``); its meta tags carry ``value=`` instead
  of ``content=``, and its lead prints the dateline's place without "(Reuters) -".
- ``REACT_2017``: the first React page (``StandardArticleBody_*`` classes); the copy keeps
  its refile note and byline as paragraphs, and ``window.RCOM_Data`` holds the first
  publication time (the meta tags and JSON-LD give the refile's).
- ``ARC_2024``: the Arc/Fusion app (``data-testid`` hooks); ``Fusion.globalContent`` holds
  the article as JSON, with its related stories and story number.

One flow for all: selectors first, then the page's embedded JSON, meta tags and JSON-LD,
in the order each generation makes most exact; later sources are counted as fallbacks.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import cached_property
from typing import Any, ClassVar, TypeVar

from scrapy.http import TextResponse

from newscrawler.extraction.datelines import split_dateline
from newscrawler.extraction.dates import headline_time
from newscrawler.extraction.selection import elements_named, found, found_first
from newscrawler.extraction.structured import StructuredData, as_list, as_paragraphs, names
from newscrawler.extraction.text import element_text, first_text, markup_text
from newscrawler.extraction.urls import link_url
from newscrawler.extraction.wire import byline_authors
from newscrawler.items import ArticleItem, RelatedLink
from newscrawler.spiders.base import WireSpider

T = TypeVar("T")

# The sources a field can come from, named in a template's orders below.
MARKUP, PAGE_DATA, META, JSON_LD = "markup", "page_data", "meta", "json_ld"
DEFAULT_ORDER = (META, JSON_LD, PAGE_DATA, MARKUP)


@dataclass(frozen=True)
class PageData:
    """What a generation's embedded JSON says about the article (raw values)."""

    published: str | None = None
    modified: str | None = None
    headline: str | None = None
    section: str | None = None
    # The copy's paragraphs as the JSON gives them (HTML), and the dateline the page
    # prints before the first: read into text only when asked for (the markup's
    # paragraphs come first, and a paragraph with a link in it is a parse).
    paragraph_markup: tuple[str, ...] = ()
    dateline: str | None = None
    related: list[RelatedLink] = field(default_factory=list)
    story_id: str | None = None

    @cached_property
    def paragraphs(self) -> list[str]:
        paragraphs = [markup_text(paragraph) for paragraph in self.paragraph_markup]
        if paragraphs and self.dateline is not None:
            # The app prints the dateline ("BEIRUT, March 7 (Reuters)") before the lead.
            paragraphs[0] = f"{self.dateline} - {paragraphs[0]}"
        return paragraphs


def _no_page_data(response: TextResponse) -> PageData:
    return PageData()


@dataclass(frozen=True)
class ReutersTemplate:
    """Where one generation of the article page keeps each part of the record. None where
    that generation does not show the part in its markup."""

    marker: str  # matches only pages of this generation
    headline: str
    byline: str  # the byline's text ("By A and B"), or the author names joined
    timestamp: str  # the shown date and time, as text nodes
    section: str
    paragraphs: str  # the copy's paragraphs and subheads, in page order
    related: str | None = None  # the article's own related-story links
    # Screen-reader labels inside the copy's links (", opens new tab"): not copy.
    hidden: str | None = None
    # Where a lead that prints the dateline's place alone gets its full dateline from.
    dateline_place: str | None = None
    lead_as_filed: str | None = None
    page_data: Callable[[TextResponse], PageData] = _no_page_data
    published_order: tuple[str, ...] = DEFAULT_ORDER
    section_order: tuple[str, ...] = DEFAULT_ORDER


# -- embedded JSON of the generations that have it ----------------------------------------

_USN_IN_ID = re.compile(r"(?:^|[-/])id[A-Z]{2}([A-Z0-9]{9})(?:\d{8})?/?$")


def _usn_in(url: str) -> str | None:
    """Reuters' story number in an article id: idINKBN0K80A020141230 -> KBN0K80A0 (edition
    prefix and the 2014 date suffix off). All versions of a story keep it."""
    match = _USN_IN_ID.search(url.split("?", 1)[0].split("#", 1)[0])
    return match.group(1) if match else None


_JSON = json.JSONDecoder(strict=False)  # control characters in strings allowed


def _json_after(text: str, marker: str) -> Any:
    """The JSON value assigned right after marker (``Fusion.globalContent=``) in a script."""
    start = text.find(marker)
    if start < 0:
        return None
    brace = text.find("{", start + len(marker))
    try:
        return _JSON.raw_decode(text, brace)[0]
    except ValueError:
        return None


def _script_text(response: TextResponse, wanted: Callable[[Any], bool]) -> str | None:
    """The text of the page's first script that is wanted, from the page's script
    elements, collected once (the structured data reads them too); a script's text is
    read (a copy of it made) only where wanted asks for it."""
    for script in elements_named(response, "script")["script"]:
        if wanted(script):
            return script.text
    return None


def _page_text(value: Any) -> str | None:
    """A text value of the page's data, which holds HTML (entities, inline tags)."""
    return markup_text(value) if isinstance(value, str) else None


def _epoch_iso(value: Any) -> str | None:
    return datetime.fromtimestamp(value, UTC).isoformat() if isinstance(value, int) else None


_P_ELEMENT = re.compile(r"<p\b[^>]*>(.*?)</p>", re.S)


def _rcom_data(response: TextResponse) -> PageData:
    """The 2017 page's ``window.RCOM_Data``: the article with its first publication time."""
    script = _script_text(response, lambda script: "RCOM_Data" in (script.text or ""))
    data = _json_after(script, "RCOM_Data") if script else None
    modules = data.values() if isinstance(data, dict) else ()
    article = next((m["first_article"] for m in modules if "first_article" in m), None)
    if not isinstance(article, dict):
        return PageData()
    return PageData(
        published=_epoch_iso(article.get("published")),
        modified=_epoch_iso(article.get("updated")),
        headline=_page_text(article.get("headline")),
        # The body is HTML paragraphs, their inline tags read as markup.
        paragraph_markup=tuple(_P_ELEMENT.findall(article.get("body") or "")),
        story_id=_usn_in(article.get("path") or ""),
    )


def _fusion_data(response: TextResponse) -> PageData:
    """The 2024 app's ``Fusion.globalContent``: the article as the app renders it."""
    script = _script_text(response, lambda script: script.get("id") == "fusion-metadata")
    content = _json_after(script, "Fusion.globalContent=") if script else None
    article = content.get("result") if isinstance(content, dict) else None
    if not isinstance(article, dict):
        return PageData()
    paragraphs = tuple(
        element["content"]
        for element in article.get("content_elements") or ()
        if element.get("type") in ("paragraph", "header")
        and isinstance(element.get("content"), str)
    )
    datelines = article.get("dateline") or []
    related = (article.get("related_content") or {}).get("stories") or []
    taxonomy = article.get("taxonomy") or {}
    return PageData(
        published=article.get("display_time"),
        modified=article.get("updated_time"),
        headline=_page_text(article.get("title")),
        section=(taxonomy.get("section") or {}).get("name"),
        paragraph_markup=paragraphs,
        dateline=datelines[0] if paragraphs and datelines else None,
        related=[
            RelatedLink(headline=story["caption"], url=link_url(response, story["url"]))
            for story in related
            if story.get("caption") and story.get("url")
        ],
        story_id=taxonomy.get("usn"),
    )


# -- the generations ----------------------------------------------------------------------

CLASSIC_2014 = ReutersTemplate(
    marker="span#articleText",
    headline="div.column1 > h1",
    byline="div#articleInfo .byline",
    timestamp="div#articleInfo .timestamp::text",
    section="div.relatedTopicButtons .actionButton a::text",  # "FILED UNDER: World"
    paragraphs="span#articleText p",
    related="div#relatedNews li a[href]",
    # Its meta tags name no section; the "FILED UNDER" button does.
    section_order=(MARKUP, META, JSON_LD, PAGE_DATA),
)

RCS_2016 = ReutersTemplate(
    marker="span#article-text",
    headline="h1.article-headline",
    byline="div#article-byline .author",
    timestamp="div.article-info .timestamp::text",
    section="div.article-info .article-section a::text",
    paragraphs="span#article-text p",
    dateline_place="span.article-prime .articleLocation::text",
    # The article's share button carries the lead as filed: "WASHINGTON (Reuters) - ...".
    lead_as_filed="div#rcs-articleContent .core-share::attr(data-share-desc)",
)

REACT_2017 = ReutersTemplate(
    marker="div[class*='StandardArticleBody_body']",
    headline="h1[class*='ArticleHeader_headline']",
    # Shows "Reuters Staff" where the copy opens with its own "By ..." paragraph.
    byline="p[class*='BylineBar_byline']",
    timestamp="div[class*='ArticleHeader_date']::text",
    section="div[class*='ArticleHeader_channel'] a::text",
    paragraphs="div[class*='StandardArticleBody_body'] > p",
    page_data=_rcom_data,
    # The meta tags and JSON-LD give the time of the latest refile, RCOM_Data the first.
    published_order=(PAGE_DATA, MARKUP, META, JSON_LD),
)

ARC_2024 = ReutersTemplate(
    marker="div[data-testid='ArticleBody']",
    headline="header[data-testid='DefaultArticleHeader'] h1",
    byline="header[data-testid='DefaultArticleHeader'] [class*='info-content__author__']",
    timestamp="header[data-testid='DefaultArticleHeader'] time span::text",
    section="header[data-testid='DefaultArticleHeader'] nav a::text",
    paragraphs=(
        "div[data-testid='ArticleBody'] [data-testid^='paragraph-'],"
        " div[data-testid='ArticleBody'] h2[data-testid='Heading']"
    ),
    hidden="div[data-testid='ArticleBody'] a span[style*='clip']",
    page_data=_fusion_data,
)

# Newest first: a page of none of these is read as the newest, whose structured data
# then stands in for what its selectors miss.
TEMPLATES = (ARC_2024, REACT_2017, RCS_2016, CLASSIC_2014)


# -- Reuters copy conventions -------------------------------------------------------------

# Bylines that credit the agency, not a reporter.
_NOT_REPORTERS = frozenset({"reuters", "reuters staff", "reuters editorial"})


def _squeezed(text: str) -> str:
    return " ".join(text.split())


def _wrapped(text: str) -> str | None:
    """The inside of a paragraph that is one parenthesis as a whole, else None."""
    if not (text.startswith("(") and text.endswith(")")):
        return None
    depth = 0
    for index, char in enumerate(text):
        depth += {"(": 1, ")": -1}.get(char, 0)
        if depth == 0:
            return text[1:-1].strip() if index == len(text) - 1 else None
    return None


def _reporters(byline: str | None) -> list[str]:
    """The reporters a byline names ("By A and B", "A,B"); none for the agency's own."""
    text = _squeezed(byline or "")
    if not text:
        return []
    names = byline_authors(text if text.startswith("By ") else f"By {text}") or []
    return [name for name in names if name.casefold() not in _NOT_REPORTERS]


@dataclass
class Copy:
    """The copy's paragraphs split into what precedes it, the copy, and what closes it."""

    editor_note: str | None
    byline: list[str]
    body: list[str]


def split_copy(paragraphs: list[str]) -> Copy:
    """A refile note ("(This July 6 story has been refiled to ...)") and a "By ..." paragraph
    that open the copy go to the note and byline (the credits that close it are the
    wire-copy stage's)."""
    body = list(paragraphs)
    note: str | None = None
    byline: list[str] = []
    while len(body) > 1:
        first = _squeezed(body[0])
        # A dateline is looked for only in a paragraph that is one parenthesis (a note):
        # its pattern holds every place name.
        if first and note is None and (inside := _wrapped(first)) and not split_dateline(first)[0]:
            note = inside
        elif first and not byline and (names := byline_authors(first)):
            byline = names
        elif first:
            break
        body.pop(0)
    return Copy(editor_note=note, byline=byline, body=body)


# -- meta tags ---------------------------------------------------------------------------


class MetaTags:
    """The meta tags only Reuters has: Parse.ly's page data and the revision time."""

    def __init__(self, data: StructuredData) -> None:
        self._data = data

    def value(self, *keys: str) -> str | None:
        return self._data.meta_value(*keys)

    @cached_property
    def parsely(self) -> dict[str, Any]:
        """Parse.ly's ``parsely-page`` JSON (2014), whose pub_date is the publication time."""
        return self._data.meta_object("parsely-page")

    def revision_time(self) -> str | None:
        """``REVISION_DATE`` ("Tue Dec 30 11:03:00 UTC 2014", Java's date format) as ISO."""
        value = self.value("revision_date")
        try:
            parsed = datetime.strptime(value or "", "%a %b %d %H:%M:%S UTC %Y")
        except ValueError:
            return None
        return parsed.replace(tzinfo=UTC).isoformat()


# -- the spider --------------------------------------------------------------------------


class ReutersSpider(WireSpider):
    name = "reuters"
    agency = "Reuters"
    language = "en"
    timezone = "UTC"
    allowed_domains: ClassVar[list[str]] = ["reuters.com"]
    # The mobile site and the bare domain serve www's articles under the same ids; the
    # uk. and in. editions give theirs ids of their own (idUK..., idIN...) and canonicals.
    host_aliases: ClassVar[dict[str, str]] = {
        "mobile.reuters.com": "www.reuters.com",
        "reuters.com": "www.reuters.com",
    }
    templates = TEMPLATES

    def extract_article(self, response: TextResponse, data: StructuredData) -> ArticleItem:
        t, page = self._template_and_page_data(response)
        meta = MetaTags(data)
        url = self.page_url(response, data)
        copy = split_copy(
            self.pick(
                "body",
                lambda: self._paragraphs(response, t),
                lambda: page.paragraphs,
                lambda: as_paragraphs(data.article_value("articleBody")),
            )
            or []
        )
        return ArticleItem(
            url=url,
            headline=self.pick(
                "headline",
                lambda: first_text(found(response, t.headline)),
                lambda: meta.value("og:title"),
                lambda: data.article_text("headline"),
                lambda: page.headline,
            ),
            editor_note=copy.editor_note,
            published=self.pick(
                "published",
                *_ordered(
                    t.published_order,
                    markup=lambda: (
                        headline_time(response.selector.root)
                        or _shown_time(found(response, t.timestamp))
                    ),
                    page_data=lambda: page.published,
                    meta=lambda: (
                        meta.value("article:published_time", "og:article:published_time")
                        or meta.parsely.get("pub_date")
                    ),
                    json_ld=lambda: data.article_text("datePublished"),
                ),
            ),
            modified=self.pick(
                "modified",
                lambda: (
                    meta.value("article:modified_time", "og:article:modified_time")
                    or meta.revision_time()
                ),
                lambda: data.article_text("dateModified"),
                lambda: page.modified,
            ),
            authors=self.pick(
                "authors",
                lambda: _reporters(first_text(found(response, t.byline))) or copy.byline,
                lambda: [
                    n for name in names(data.article_value("author")) for n in _reporters(name)
                ],
                lambda: _reporters(meta.value("article:author", "og:article:author", "author")),
            )
            or [],
            section=self.pick(
                "section",
                *_ordered(
                    t.section_order,
                    markup=lambda: (found_first(response, t.section) or "").strip().lstrip("#"),
                    page_data=lambda: page.section,
                    meta=lambda: meta.value("article:section", "og:article:section"),
                    json_ld=lambda: data.article_text("articleSection"),
                ),
            ),
            keywords=self.pick(
                "keywords",
                lambda: as_list(meta.value("keywords")),
                lambda: as_list(meta.value("article:tag", "og:article:tag")),
                lambda: as_list(data.article_value("keywords")),
            )
            or [],
            body=copy.body,
            related=[*self._related_links(response, t), *page.related],
            story_id=page.story_id or _usn_in(url),
        )

    def _template_and_page_data(self, response: TextResponse) -> tuple[ReutersTemplate, PageData]:
        """The page's generation and its embedded article JSON. On a page of no known
        generation, the generation whose embedded JSON it still carries (the article's
        first publication time may be there alone), else the newest."""
        if t := self.template_for(response):
            return t, t.page_data(response)
        for t in TEMPLATES:
            if (page := t.page_data(response)) != PageData():
                return t, page
        return ARC_2024, PageData()

    def _paragraphs(self, response: TextResponse, t: ReutersTemplate) -> list[str]:
        if t.hidden:
            for label in found(response, t.hidden):
                label.drop_tree()  # keeps the text after it
        paragraphs = [element_text(p) for p in found(response, t.paragraphs)]
        if paragraphs and t.dateline_place and t.lead_as_filed:
            paragraphs[0] = _lead_with_dateline(
                paragraphs[0],
                found_first(response, t.dateline_place),
                found(response, t.lead_as_filed),
            )
        return paragraphs

    def _related_links(self, response: TextResponse, t: ReutersTemplate) -> Iterator[RelatedLink]:
        for link in found(response, t.related) if t.related else ():
            yield RelatedLink(headline=element_text(link), url=link_url(response, link.get("href")))


def _ordered(
    order: tuple[str, ...], **sources: Callable[[], T | None]
) -> list[Callable[[], T | None]]:
    """The sources in a template's order for the field."""
    return [sources[name] for name in order]


def _shown_time(texts: list[str]) -> str | None:
    """The date and time a page shows ("Wed Dec 14, 2016 | 5:03pm EST", "July 5, 2017 /
    11:57 AM / in 6 months"): its first two parts, without the relative one after."""
    parts = [part.strip() for text in texts for part in re.split(r"[|/]", text) if part.strip()]
    return " ".join(parts[:2]) or None


def _lead_with_dateline(lead: str, place: str | None, filed: list[str]) -> str:
    """A lead printed with the dateline's place alone ("WASHINGTON The U.S. ...") gets the
    dateline as filed ("WASHINGTON (Reuters) -"), from the lead as the page's share button
    carries it."""
    place = _squeezed(place or "")
    text = lead.lstrip()
    if not place or not text.startswith(place) or split_dateline(text)[0] is not None:
        return lead
    for version in filed:
        dateline, _ = split_dateline(version)
        if dateline is not None and dateline.text.startswith(place):
            return f"{dateline.text} {text[len(place) :].lstrip()}"
    return lead
