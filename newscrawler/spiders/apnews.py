"""The Associated Press, apnews.com (www.apnews.com serves the same pages).

Two generations of AP's article page are parsed, each with its own selectors, picked by
a marker only that generation carries:

- ``REACT_APP_UNTIL_2023_07``: the React app AP ran until July 2023 (``data-key`` hooks,
  generated ``Component-*`` class names, the tags shown as "Related topics");
- ``BRIGHTSPOT_SINCE_2023_07``: the Brightspot template since (``Page-*`` and
  ``RichTextStoryBody`` classes, ``bsp-*`` elements, "related coverage" lists placed in
  the story).

Selectors first, the page's JSON-LD and meta tags after. AP's JSON-LD gives its times
with an offset; its ``article:*_time`` meta tags are UTC printed without one.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, ClassVar
from urllib.parse import urlsplit

from parsel import SelectorList
from scrapy.http import TextResponse

from newscrawler.extraction.dates import headline_time
from newscrawler.extraction.selection import select
from newscrawler.extraction.structured import StructuredData, as_list, as_paragraphs, names
from newscrawler.extraction.text import element_text, first_text
from newscrawler.extraction.urls import link_url
from newscrawler.extraction.wire import byline_authors
from newscrawler.items import ArticleItem, RelatedLink
from newscrawler.spiders.base import WireSpider


@dataclass(frozen=True)
class APTemplate:
    """Where one generation of AP's article page keeps each part of the record. None
    where that generation shows the field only in its structured data."""

    marker: str  # matches only pages of this generation
    headline: str
    byline: str
    paragraphs: str  # the copy's paragraphs and subheads, in page order
    published_time: str | None
    modified_time: str | None
    section: str | None
    keywords: str | None
    related: str | None


REACT_APP_UNTIL_2023_07 = APTemplate(
    marker="[data-reactroot] [data-key='article']",
    headline="div[data-key='card-headline'] h1",
    # The generated class names end in a build number: Component-bylines-0-2-19.
    byline="div.CardHeadline [class*='Component-bylines']",
    paragraphs="div[data-key='article'] > :is(p, h2)",
    published_time=None,
    modified_time="span[data-key='timestamp']::attr(data-source)",
    section=None,
    keywords="div.RelatedTopics .tag-list a::text",
    related=None,
)

BRIGHTSPOT_SINCE_2023_07 = APTemplate(
    marker="meta[name='brightspot.contentId']",
    headline="h1.Page-headline",
    byline="div.Page-byline .Page-authors",
    paragraphs="div.RichTextStoryBody > :is(p, h2)",
    published_time="div.Page-byline .Page-datePublished bsp-timestamp::attr(data-timestamp)",
    modified_time="div.Page-byline .Page-dateModified bsp-timestamp::attr(data-timestamp)",
    section="div.Page-breadcrumbs a::text",
    keywords=None,
    # Lists an editor places inside the story ("RELATED COVERAGE"); the hub peeks there
    # ("Other news") are PageListHubPeek, not tied to the story.
    related="div.RichTextStoryBody .PageListEnhancementGeneric .PagePromo-title a[href]",
)

# Newest first: a page that carries no generation's marker is read as the newest.
TEMPLATES: tuple[APTemplate, ...] = (BRIGHTSPOT_SINCE_2023_07, REACT_APP_UNTIL_2023_07)

# AP's id of a story, kept by every update of it: the 32 hex digits that end the last
# segment of its URL, after the slug (/article/mexico-fire-migrant-facility-dead-eea0...).
_STORY_ID = re.compile(r"(?:^|-)([0-9a-f]{32})$")


class APNewsSpider(WireSpider):
    name = "apnews"
    agency = "AP"
    language = "en"
    timezone = "America/New_York"
    allowed_domains: ClassVar[list[str]] = ["apnews.com"]
    host_aliases: ClassVar[dict[str, str]] = {"www.apnews.com": "apnews.com"}
    templates = TEMPLATES

    def extract_article(self, response: TextResponse, data: StructuredData) -> ArticleItem:
        t = self.template_for(response) or TEMPLATES[0]
        url = self.page_url(response, data)
        structured_authors = names(data.article_value("author"))
        story_id = _STORY_ID.search(_last_segment(url))
        return ArticleItem(
            url=url,
            headline=self.pick(
                "headline",
                lambda: first_text(select(response, t.headline)),
                lambda: data.meta_value("og:title"),
                lambda: data.article_text("headline"),
            ),
            published=self.pick(
                "published",
                *_sources(
                    lambda: data.article_text("datePublished"),
                    _selected(response, t.published_time, lambda s: _timestamp(s.get())),
                    lambda: _utc_if_naive(data.meta_value("article:published_time")),
                    lambda: headline_time(response.selector.root),
                ),
            ),
            modified=self.pick(
                "modified",
                *_sources(
                    lambda: data.article_text("dateModified"),
                    _selected(response, t.modified_time, lambda s: _timestamp(s.get())),
                    lambda: _utc_if_naive(data.meta_value("article:modified_time")),
                ),
            ),
            authors=self.pick(
                "authors",
                lambda: _credited(_byline(response, t.byline), structured_authors),
                lambda: _reporters(structured_authors),
            )
            or [],
            section=self.pick(
                "section",
                *_sources(
                    _selected(response, t.section, _first_stripped),
                    lambda: data.meta_value("article:section"),
                    lambda: next(iter(as_list(data.article_value("articleSection"))), None),
                ),
            ),
            keywords=self.pick(
                "keywords",
                *_sources(
                    _selected(response, t.keywords, _stripped),
                    lambda: data.meta_values("article:tag"),
                    lambda: _tags(as_list(data.article_value("keywords")), url),
                    lambda: _tags(as_list(data.meta_value("keywords")), url),
                ),
            )
            or [],
            body=self.pick(
                "body",
                lambda: [element_text(p.root) for p in select(response, t.paragraphs)],
                lambda: as_paragraphs(data.article_value("articleBody")),
            )
            or [],
            related=[
                RelatedLink(headline=element_text(a.root), url=link_url(response, a.attrib["href"]))
                for a in (select(response, t.related) if t.related else ())
            ],
            story_id=story_id.group(1) if story_id else None,
        )


# -- sources ------------------------------------------------------------------------------


def _sources(*sources: Callable[[], Any] | None) -> list[Callable[[], Any]]:
    """The sources a generation has, in order: one whose template lacks a selector for the
    field is left out, so that structured data is its first source, not a fallback."""
    return [source for source in sources if source is not None]


def _selected(
    response: TextResponse, query: str | None, read: Callable[[SelectorList], Any]
) -> Callable[[], Any] | None:
    """A source reading what the template's query selects; None where it has no query."""
    if query is None:
        return None
    return lambda: read(select(response, query))


def _stripped(selected: SelectorList) -> list[str]:
    return [text.strip() for text in selected.getall() if text.strip()]


def _first_stripped(selected: SelectorList) -> str | None:
    return next(iter(_stripped(selected)), None)


# -- times --------------------------------------------------------------------------------


def _timestamp(value: str | None) -> str | None:
    """A shown time as ISO 8601: Brightspot's ``bsp-timestamp`` holds epoch milliseconds."""
    if value and value.strip().isdigit():
        return datetime.fromtimestamp(int(value) / 1000, UTC).isoformat()
    return value


def _utc_if_naive(value: str | None) -> str | None:
    """AP's ``article:*_time`` meta: UTC, though printed without an offset
    (``2023-07-11T15:19:21``); left as is, the site's zone would misplace it."""
    if not value:
        return None
    try:
        parsed = datetime.fromisoformat(value.strip())
    except ValueError:
        return value
    return (parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)).isoformat()


# -- authors ------------------------------------------------------------------------------


def _byline(response: TextResponse, query: str) -> list[str]:
    """The names of the printed byline, "By JANE DOE and JOHN ROE"."""
    selected = select(response, query)
    if not selected:
        return []
    return byline_authors(" ".join(element_text(selected[0].root).split())) or []


def _reporters(names: list[str]) -> list[str]:
    """The people among credited names. AP prints reporters in capitals; a name in mixed
    case among them is a title its CMS credited as a person ("AP Technology Writer")."""
    capitals = [name for name in names if name.isupper()]
    return capitals or names


def _credited(byline: list[str], structured: list[str]) -> list[str]:
    """The byline's reporters, by the structured data's proper-case names when these
    are the same people (AP's byline prints them in capitals)."""
    printed = _reporters(byline)
    proper = _reporters(structured)
    same_people = sorted(map(_person_key, proper)) == sorted(map(_person_key, printed))
    if proper and same_people and not any(name.isupper() for name in proper):
        return proper
    return printed


def _person_key(name: str) -> str:
    return " ".join(name.replace("’", "'").casefold().split())


# -- copy and tags ------------------------------------------------------------------------


def _tags(keywords: Iterable[str], url: str) -> list[str]:
    """AP's machine keywords without their noise: single letters, and the URL's slug."""
    slug = _STORY_ID.sub("", _last_segment(url)).replace("-", " ").casefold()
    return [k for k in keywords if len(k) > 1 and k.casefold() != slug]


def _last_segment(url: str) -> str:
    return urlsplit(url).path.rstrip("/").rsplit("/", 1)[-1]
