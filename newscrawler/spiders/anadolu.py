"""Anadolu Agency (Anadolu Ajansı), www.aa.com.tr: its Turkish (``/tr/``) and English
(``/en/``) editions, both served by the same templates.

Two generations of the article page are parsed, each with its own selectors, picked by a
marker only that generation carries:

- ``BOOTSTRAP_UNTIL_2026_04``: the server-rendered Bootstrap page (``detay-*`` classes,
  the 2025 capture), without JSON-LD or ``article:*`` meta tags: its dates are printed
  as days only (``03.04.2025 - Güncelleme : 03.04.2025``);
- ``NEXTJS_SINCE_2026_04``: the Next.js page (Tailwind classes, streamed in hidden
  ``<div>`` blocks), with NewsArticle JSON-LD and ``article:*`` meta tags.

AA's copy as the site shows it: the lede paragraph printed under the headline (the
"spot", which the NewsArticle JSON-LD gives as its ``articleBody``), the location line in
its own element ("Ankara"), then the paragraphs and subheads. The lede is the copy's
first paragraph: the next one names the speaker by surname alone. The location line is
AA's dateline as printed; it is no ``LOCATION (AA) -`` prefix that the dateline stage
could split off a paragraph, so the spider records it itself.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import ClassVar
from urllib.parse import urlsplit

from lxml.html import HtmlElement
from scrapy.http import TextResponse

from newscrawler.extraction.dates import headline_time
from newscrawler.extraction.selection import found
from newscrawler.extraction.structured import (
    StructuredData,
    as_list,
    as_paragraphs,
    language_code,
    names,
)
from newscrawler.extraction.text import clean_text, compiled, element_text, first_text
from newscrawler.extraction.urls import link_url
from newscrawler.items import ArticleItem, DatelineRecord, RelatedLink
from newscrawler.spiders.base import WireSpider


@dataclass(frozen=True)
class AnadoluTemplate:
    """Where one generation of AA's article page keeps each part of the record (CSS)."""

    marker: str  # matches only pages of this generation
    headline: str
    lede: str  # the copy's first paragraph, printed under the headline
    byline: str  # the reporters' names
    dates: str  # the elements printing the publication day and the update day
    location: str  # AA's dateline: the location line before the paragraphs
    paragraphs: str  # the paragraphs and subheads after it, in page order
    section: str
    keywords: str
    related: str  # the "similar news" cards chosen for this story


BOOTSTRAP_UNTIL_2026_04 = AnadoluTemplate(
    marker="div.detay-icerik",
    # The "Benzer haberler" block below the story has an <h1> of its own.
    headline="div.detay-spot h1",
    lede="div.detay-spot h4",
    byline="div.detay-spot .row > span:not(.tarih)",
    dates="div.detay-spot .tarih",
    location="div.detay-icerik > h6:first-child",
    # The subscription note beside the paragraphs is a <span>; the tags are .detay-paylas.
    paragraphs="div.detay-icerik > div:not(.detay-paylas) > :is(p, h2, h3)",
    section="span.detay-news-category a",
    keywords="div.detay-paylas a[href*='tag=1']",
    related="div.detay-benzerHaberler a[href]",
)

NEXTJS_SINCE_2026_04 = AnadoluTemplate(
    marker="div.prose[dir]",
    headline="h1",
    lede="h1 + span",
    byline="div.text-descriptionColor > div:first-child span",
    dates="div.text-descriptionColor > div:nth-child(2) span",
    location="span:has(+ div.prose[dir])",
    # Figures (photos and their "Fotoğraf :" credits) sit beside the paragraphs.
    paragraphs="div.prose[dir] > :is(p, h2, h3)",
    section="a > span[class*='categoryTag']",
    keywords="a[href*='tag=1']",
    # Streamed after the story; "Önceki/Sonraki" (previous/next in the section) and the
    # "EN SON" latest-news column are site navigation, not tied to the story.
    related="div.bg-relatedNewsBackground a[href]",
)

# Newest first: a page that carries no generation's marker is read as the newest.
TEMPLATES: tuple[AnadoluTemplate, ...] = (NEXTJS_SINCE_2026_04, BOOTSTRAP_UNTIL_2026_04)

# AA prints days day first: "03.04.2025" until 2026, "20 Nisan 2026" since.
_PRINTED_DAY = re.compile(r"\b(\d{1,2})\.(\d{1,2})\.(\d{4})\b|\b\d{1,2}\s+[^\W\d_]+\s+\d{4}\b")
# The edition's language as the page declares it: compiled once (a Selector's xpath()
# compiles its expression per call).
_HTML_LANG = compiled("/html/@lang")
# The meta keywords end with the site's own name, which is no tag of the story.
_SITE_NAMES = frozenset({"Anadolu Ajansı", "Anadolu Agency"})


class AnadoluSpider(WireSpider):
    name = "anadolu"
    agency = "AA"
    language = "tr"
    timezone = "Europe/Istanbul"
    allowed_domains: ClassVar[list[str]] = ["aa.com.tr"]
    templates = TEMPLATES

    def extract_article(self, response: TextResponse, data: StructuredData) -> ArticleItem:
        t = self.template_for(response) or TEMPLATES[0]
        printed_days = _printed_days(found(response, t.dates))
        return ArticleItem(
            url=self.page_url(response, data),
            headline=self.pick(
                "headline",
                lambda: first_text(found(response, t.headline)),
                lambda: data.meta_value("og:title"),
                lambda: data.article_text("headline"),
            ),
            dateline=_location_dateline(first_text(found(response, t.location))),
            # The JSON-LD times are the exact ones: the page prints days only, and its
            # article:published_time is a later re-publication (after dateModified).
            published=self.pick(
                "published",
                lambda: data.article_text("datePublished"),
                lambda: data.meta_value("article:published_time"),
                lambda: headline_time(response.selector.root),
                lambda: printed_days[0] if printed_days else None,
            ),
            modified=self.pick(
                "modified",
                lambda: data.article_text("dateModified"),
                lambda: data.meta_value("article:modified_time"),
                lambda: printed_days[1] if len(printed_days) > 1 else None,
            ),
            authors=self.pick(
                "authors",
                lambda: _byline_names(found(response, t.byline)),
                lambda: names(data.article_value("author")),
            )
            or [],
            section=self.pick(
                "section",
                lambda: first_text(found(response, t.section)),
                lambda: data.meta_value("article:section"),
                lambda: data.article_text("articleSection"),
            ),
            keywords=self.pick(
                "keywords",
                lambda: [element_text(a) for a in found(response, t.keywords)],
                lambda: data.meta_values("article:tag"),
                lambda: as_list(data.article_value("keywords")),
                lambda: [k for k in as_list(data.meta_value("keywords")) if k not in _SITE_NAMES],
            )
            or [],
            body=self.pick(
                "body",
                lambda: self._copy(response, data, t),
                lambda: as_paragraphs(data.article_value("articleBody")),
            )
            or [],
            related=[
                RelatedLink(headline=element_text(a), url=link_url(response, a.get("href")))
                for a in found(response, t.related)
            ],
            language=_page_language(response, data),
        )

    def _copy(self, response: TextResponse, data: StructuredData, t: AnadoluTemplate) -> list[str]:
        """The lede and the paragraphs after it; [] when the paragraphs are not found."""
        paragraphs = [element_text(p) for p in found(response, t.paragraphs)]
        if not paragraphs:
            return []
        lede = self.pick(
            "lede",
            lambda: first_text(found(response, t.lede)),
            lambda: data.article_text("description"),
        )
        return [lede, *paragraphs] if lede else paragraphs


def _location_dateline(location: str | None) -> DatelineRecord | None:
    """AA's location line, a dateline without date or agency ("Ankara")."""
    text = clean_text(location) if location else ""
    return DatelineRecord(text=text, location=text, date=None, agency=None) if text else None


def _printed_days(elements: list[HtmlElement]) -> list[str]:
    """The days the byline prints, publication first, then the update; numeric ones as
    ISO dates (day first in every edition), worded ones ("20 Nisan 2026") as printed, for
    the dates stage to read in the page's language."""
    text = " ".join(element_text(element) for element in elements)
    return [
        f"{match[3]}-{int(match[2]):02d}-{int(match[1]):02d}" if match[3] else match[0]
        for match in _PRINTED_DAY.finditer(text)
    ]


def _byline_names(elements: list[HtmlElement]) -> list[str]:
    """The reporters of a byline: "Mehmet Can Toptaş &nbsp;|" -> ["Mehmet Can Toptaş"]."""
    names = (name for e in elements for name in element_text(e).split(","))
    return [name for name in (n.strip(" |\xa0\t\n") for n in names) if name]


def _page_language(response: TextResponse, data: StructuredData) -> str | None:
    """The edition's language: <html lang>, og:locale ("tr_TR"), else the path (/en/...)."""
    path = urlsplit(response.url).path.split("/")
    for code in (
        next(iter(_HTML_LANG(response.selector.root)), None),
        data.meta_value("og:locale"),
        path[1] if len(path) > 2 else None,
    ):
        if language := language_code(code):
            return language
    return None
