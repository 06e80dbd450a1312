"""Yonhap News Agency's English service, en.yna.co.kr (and its mobile twin m-en.yna.co.kr).

Parses the article template in use since 2023 (also served for older articles, such as
the 2019 capture in the corpus). Selectors first, the page's meta tags and JSON-LD after.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from typing import ClassVar
from zoneinfo import ZoneInfo

from lxml.html import HtmlElement
from scrapy.http import TextResponse

from newscrawler.discovery import ListedArticle
from newscrawler.extraction.dates import headline_time, parse_datetime
from newscrawler.extraction.selection import found, found_first, select
from newscrawler.extraction.structured import StructuredData, as_list, as_paragraphs
from newscrawler.extraction.text import compiled, element_text, first_text, paragraph_text
from newscrawler.extraction.urls import link_url
from newscrawler.items import ArticleItem, RelatedLink
from newscrawler.spiders.base import WireSpider


@dataclass(frozen=True)
class YonhapTemplate:
    """Where the 2023 article template keeps each part of the record."""

    marker: str = "header.title-article01"  # matches only pages of this generation
    headline: str = "header.title-article01 h1"
    display_time: str = "header.title-article01 .info-con .txt::text"
    # The article's paragraphs, in page order: those in the story's <article>, never a
    # caption's or the related block's, and those of the copy's own <div> that broken
    # markup (an unclosed link, a stray </div>) moved out of the article. Found from the
    # story and the copy's <div> (found by their names' elements), not by testing the
    # ancestors of every <p> of the page (one XPath over all of them: twice the time).
    story: str = "article.story-news"
    story_paragraphs: str = (
        ".//p[not(ancestor::figure) and not(ancestor::*[contains(@class, 'related-group')])]"
    )
    copy_paragraphs: str = "div.view-body > p"
    # With their element: a class alone is tested on every element of the page (3x slower).
    related: str = "div.related-group .related-zone li a[href]"
    keywords: str = "div.keyword-zone01 .list a::text"
    content_id: str = "input#cid::attr(value)"
    title_suffix: str = " | Yonhap News Agency"


@dataclass(frozen=True)
class YonhapListingTemplate:
    """The article lists of the 2023 template ("All News" pages, section pages), in the
    main column only: the sidebars list other things."""

    entries: str = "#container .contents article, #container .contents li"
    link: str = "a[href*='/view/']::attr(href)"
    title: str = ".tit01, .tit-news, .tit, a"
    time: str = "time::attr(datetime), .txt-time::text, .date::text"


TEMPLATE_2023 = YonhapTemplate()
LISTING_2023 = YonhapListingTemplate()

# AEN + date + serial + two version digits + desk: AEN20230419003851320.
SEOUL = ZoneInfo("Asia/Seoul")
_CONTENT_ID = re.compile(r"\b(AEN\d{8}\d{4})(\d{2})(\d{3})\b")


class YonhapSpider(WireSpider):
    name = "yonhap"
    agency = "Yonhap"
    language = "en"
    timezone = "Asia/Seoul"
    allowed_domains: ClassVar[list[str]] = ["en.yna.co.kr", "m-en.yna.co.kr"]
    host_aliases: ClassVar[dict[str, str]] = {"m-en.yna.co.kr": "en.yna.co.kr"}
    templates = (TEMPLATE_2023,)
    listing_template = LISTING_2023
    feed_url = "https://en.yna.co.kr/RSS/{section}.xml"
    feed_section = "news"
    listing_url = "https://en.yna.co.kr/news/{page}"

    def is_article_url(self, url: str) -> bool:
        return _content_id_in(url) is not None

    def listing_articles(self, response: TextResponse) -> list[ListedArticle]:
        t = self.listing_template
        listed: dict[str, ListedArticle] = {}
        for entry in select(response, t.entries):
            href = entry.css(t.link).get()
            content_id = _content_id_in(href or "")
            if not content_id or (url := link_url(response, href)) in listed:
                continue
            title = entry.css(t.title)
            shown = _last_text(entry.css(t.time).getall())
            listed[url] = ListedArticle(
                url=url,
                title=element_text(title[0].root).strip() if title else None,
                published=(shown and parse_datetime(shown, self.timezone)) or _id_date(content_id),
            )
        return list(listed.values())

    def extract_article(self, response: TextResponse, data: StructuredData) -> ArticleItem:
        t = TEMPLATE_2023
        content_id = self.pick(
            "content_id",
            lambda: data.meta_value("yna:content_id"),
            lambda: found_first(response, t.content_id),
            lambda: _content_id_in(response.url),
        )
        return ArticleItem(
            url=self.page_url(response, data),
            headline=self.pick(
                "headline",
                lambda: first_text(found(response, t.headline)),
                lambda: _strip_suffix(data.meta_value("og:title"), t.title_suffix),
                lambda: data.article_text("headline"),
            ),
            published=self.pick(
                "published",
                lambda: data.meta_value("article:published_time"),
                lambda: data.article_text("datePublished"),
                lambda: headline_time(response.selector.root),
                lambda: _last_text(found(response, t.display_time)),
            ),
            modified=self.pick(
                "modified",
                lambda: data.meta_value("article:modified_time"),
                lambda: data.article_text("dateModified"),
            ),
            section=self.pick(
                "section",
                lambda: data.meta_value("article:section"),
                lambda: data.article_text("articleSection"),
            ),
            keywords=self.pick(
                "keywords",
                lambda: [k.strip().lstrip("#") for k in found(response, t.keywords)],
                lambda: as_list(data.article_value("keywords")),
            )
            or [],
            body=self.pick(
                "body",
                lambda: [paragraph_text(p) for p in _paragraphs(response, t)],
                lambda: as_paragraphs(data.article_value("articleBody")),
            )
            or [],
            related=[
                RelatedLink(headline=element_text(a), url=link_url(response, a.get("href")))
                for a in found(response, t.related)
            ],
            story_id=_story_id(content_id) if content_id else None,
        )


def _paragraphs(response: TextResponse, t: YonhapTemplate) -> list[HtmlElement]:
    """The story's paragraphs and the copy's <div>'s, each once, in page order."""
    in_copy = found(response, t.copy_paragraphs)
    in_story = compiled(t.story_paragraphs)
    stories = found(response, t.story)
    story_paragraphs = [p for story in stories for p in in_story(story)]
    chosen = {*in_copy, *story_paragraphs}
    # Each list is in page order: where one holds them all (the copy's <div> inside the
    # story, the usual page), it is the answer without a walk over every <p> of the page.
    if len(chosen) == len(in_copy):
        return in_copy
    if len(stories) == 1 and len(chosen) == len(story_paragraphs):
        return story_paragraphs
    return [p for p in response.selector.root.iter("p") if p in chosen]


def _content_id_in(url: str) -> str | None:
    match = _CONTENT_ID.search(url)
    return match.group(0) if match else None


def _id_date(content_id: str) -> datetime:
    """The day a content id was issued (Seoul time): AEN20230419... -> 2023-04-19."""
    return datetime.strptime(content_id[3:11], "%Y%m%d").replace(tzinfo=SEOUL)


def _story_id(content_id: str) -> str | None:
    """One id for every version of a story: the version digits set to 00."""
    match = _CONTENT_ID.fullmatch(content_id.strip())
    return f"{match.group(1)}00{match.group(3)}" if match else None


def _strip_suffix(title: str | None, suffix: str) -> str | None:
    return title.removesuffix(suffix) if title else None


def _last_text(texts: list[str]) -> str | None:
    stripped = [text.strip() for text in texts if text.strip()]
    return stripped[-1] if stripped else None
