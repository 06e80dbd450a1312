"""Where a site lists its articles: RSS 2.0 and Atom feeds (and the ones a page announces),
and sitemaps (with the Google News extension, whose publication dates and titles Scrapy's
SitemapSpider drops; a sitemap that uses it is a news sitemap, whatever its name).

XML is parsed without entity expansion, DTDs or network access, and over a size limit not
at all, so a hostile feed can neither blow up memory nor make the crawler fetch anything.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from typing import NamedTuple
from urllib.parse import urljoin, urlsplit

from lxml import etree
from scrapy.http import TextResponse

NAMESPACES = {
    "atom": "http://www.w3.org/2005/Atom",
    "sm": "http://www.sitemaps.org/schemas/sitemap/0.9",
    "news": "http://www.google.com/schemas/sitemap-news/0.9",
    "dc": "http://purl.org/dc/elements/1.1/",
    # A feed service's copy of a site's feed names each entry's own URL here; its <link>
    # is the service's redirect (FeedBurner's feedproxy.google.com).
    "feedburner": "http://rssnamespace.org/feedburner/ext/1.0",
}
_ABSOLUTE = ("http://", "https://")


# What a page's <link rel="alternate" type="..."> says a feed this module reads is.
FEED_TYPES = frozenset({"application/rss+xml", "application/atom+xml"})
_COMMENTS = re.compile(r"\bcomments?\b", re.IGNORECASE)
# The sitemaps of a site's other pages that its index lists beside its articles' (Yoast's
# page-, category-, tag- and author-sitemap.xml; WordPress's wp-sitemap-users-1.xml and
# wp-sitemap-taxonomies-category-1.xml): named so, they hold no article.
_OTHER_PAGES = frozenset(
    {"category", "categories", "tag", "tags", "author", "authors", "users", "taxonomies"}
)


class UnreadableListing(ValueError):
    """A feed or sitemap this crawler will not or cannot read."""


@dataclass(frozen=True)
class ListedArticle:
    """An article as a feed, sitemap or listing page announces it."""

    url: str
    title: str | None = None
    published: datetime | None = None
    modified: datetime | None = None

    @property
    def last_changed(self) -> datetime | None:
        return self.modified or self.published


def _parser() -> etree.XMLParser:
    return etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        dtd_validation=False,
        huge_tree=False,
        remove_comments=True,
        remove_pis=True,
    )


class Sitemap(NamedTuple):
    articles: list[ListedArticle]  # of a urlset
    children: list[ListedArticle]  # the child sitemaps of a sitemap index
    news: bool  # a urlset whose entries carry Google News publication dates


def parse_xml(body: bytes, max_bytes: int, base_url: str | None = None) -> etree._Element:
    if len(body) > max_bytes:
        raise UnreadableListing(
            f"{len(body)} bytes is over the {max_bytes}-byte limit for feeds and sitemaps "
            f"(NEWSCRAWLER_MAX_LISTING_BYTES)"
        )
    try:
        root = etree.fromstring(body, _parser(), base_url=base_url)
    except etree.XMLSyntaxError as error:
        raise UnreadableListing(f"not well-formed XML: {error}") from None
    if root is None:
        raise UnreadableListing("an empty document")
    return root


def parse_feed(body: bytes, max_bytes: int, url: str | None = None) -> list[ListedArticle]:
    """The articles of an RSS 2.0 or Atom feed, in feed order; relative links resolved
    against the feed's URL (and an Atom feed's ``xml:base``)."""
    root = parse_xml(body, max_bytes, url)
    if root.tag == "rss" or root.find("channel") is not None:
        return [entry for item in root.iter("item") if (entry := _rss_item(item))]
    if root.tag == f"{{{NAMESPACES['atom']}}}feed":
        return [entry for item in root.iterfind("atom:entry", NAMESPACES) if (entry := _atom(item))]
    raise UnreadableListing(f"not an RSS or Atom feed (root element {root.tag!r})")


def parse_sitemap(body: bytes, max_bytes: int, url: str | None = None) -> Sitemap:
    """A urlset's articles or a sitemap index's children (relative locations, which the
    protocol does not allow and sites print, resolved against the sitemap's URL)."""
    root = parse_xml(body, max_bytes, url)
    if root.tag == f"{{{NAMESPACES['sm']}}}sitemapindex":
        children = [
            ListedArticle(
                url=_absolute(sitemap, loc),
                modified=_w3c_date(sitemap.findtext("sm:lastmod", None, NAMESPACES)),
            )
            for sitemap in root.iterfind("sm:sitemap", NAMESPACES)
            if (loc := _text(sitemap.findtext("sm:loc", None, NAMESPACES)))
        ]
        return Sitemap([], children, news=False)
    if root.tag == f"{{{NAMESPACES['sm']}}}urlset":
        articles = [
            entry for url in root.iterfind("sm:url", NAMESPACES) if (entry := _sitemap_url(url))
        ]
        # A publication date is read from the news extension only.
        return Sitemap(articles, [], news=any(entry.published for entry in articles))
    raise UnreadableListing(f"not a sitemap (root element {root.tag!r})")


def sitemaps_in_robots(text: str, url: str = "") -> list[str]:
    """The ``Sitemap:`` lines of a robots.txt, resolved against its URL (a line that
    names no URL left out)."""
    lines = text.splitlines()
    named = [line.split(":", 1)[1].strip() for line in lines if line.lower().startswith("sitemap:")]
    return [joined for value in named if value and (joined := _joined(url, value))]


def announced_feeds(response: TextResponse) -> list[str]:
    """The RSS and Atom feeds a page announces (``<link rel="alternate"
    type="application/rss+xml" href=...>``), resolved against it, in page order; comment
    feeds left out (their entries are readers' comments)."""
    feeds: list[str] = []
    for link in response.xpath("//link[@href]"):
        rel = (link.attrib.get("rel") or "").lower().split()
        kind = (link.attrib.get("type") or "").split(";")[0].strip().lower()
        if "alternate" not in rel or kind not in FEED_TYPES:
            continue
        href = link.attrib["href"].strip()
        url = _joined(response.url, href) or href  # "http://[::1": told apart by the caller
        title = link.attrib.get("title") or ""
        if _COMMENTS.search(title) or _COMMENTS.search(url.split("?", 1)[0]):
            continue
        if url not in feeds:
            feeds.append(url)
    return feeds


def is_news_sitemap(url: str) -> bool:
    """A sitemap named as the news one (news-sitemap.xml, sitemap-news.xml.gz,
    /news/sitemap.xml): the Google News sitemap of the last days, read before the others."""
    return "news" in urlsplit(url).path.lower()


def lists_other_pages(url: str) -> bool:
    """A sitemap named as one of the site's category, tag or author pages (or, Yoast's
    page-sitemap.xml, its static pages), not of its articles."""
    name = urlsplit(url).path.rsplit("/", 1)[-1].lower()
    words = re.split(r"[-_.]", name)
    return words[0] == "page" or not _OTHER_PAGES.isdisjoint(words)


def _rss_item(item: etree._Element) -> ListedArticle | None:
    url = (
        _text(item.findtext("feedburner:origLink", None, NAMESPACES))
        or _text(item.findtext("link"))
        or _permalink_guid(item)
    )
    if not url:
        return None
    return ListedArticle(
        url=_absolute(item, url),
        title=_text(item.findtext("title")),
        published=_rfc822_date(item.findtext("pubDate"))
        or _w3c_date(item.findtext("dc:date", None, NAMESPACES)),
    )


def _permalink_guid(item: etree._Element) -> str | None:
    guid = item.find("guid")
    if guid is None or guid.get("isPermaLink", "true").lower() == "false":
        return None
    return _text(guid.text)


def _atom(entry: etree._Element) -> ListedArticle | None:
    links = entry.findall("atom:link", NAMESPACES)
    alternate = [link for link in links if link.get("rel", "alternate") == "alternate"]
    url = _text(entry.findtext("feedburner:origLink", None, NAMESPACES)) or (
        _text((alternate or links)[0].get("href")) if (alternate or links) else None
    )
    if not url:
        return None
    return ListedArticle(
        url=_absolute(entry, url),
        title=_text(entry.findtext("atom:title", None, NAMESPACES)),
        published=_w3c_date(entry.findtext("atom:published", None, NAMESPACES)),
        modified=_w3c_date(entry.findtext("atom:updated", None, NAMESPACES)),
    )


def _sitemap_url(url: etree._Element) -> ListedArticle | None:
    loc = _text(url.findtext("sm:loc", None, NAMESPACES))
    if not loc:
        return None
    return ListedArticle(
        url=_absolute(url, loc),
        title=_text(url.findtext("news:news/news:title", None, NAMESPACES)),
        published=_w3c_date(url.findtext("news:news/news:publication_date", None, NAMESPACES)),
        modified=_w3c_date(url.findtext("sm:lastmod", None, NAMESPACES)),
    )


def _absolute(element: etree._Element, url: str) -> str:
    """A listed URL, resolved against the element's base (the listing's URL, or an
    ``xml:base``) when it is relative; an absolute one (nearly all) as it is."""
    if url.startswith(_ABSOLUTE) or not element.base:
        return url
    return _joined(element.base, url) or url


def _joined(base: str, url: str) -> str | None:
    """A URL resolved against a base; None when it cannot be (``http://[::1``)."""
    try:
        return urljoin(base, url)
    except ValueError:
        return None


def _text(value: str | None) -> str | None:
    return value.strip() or None if value else None


def _rfc822_date(value: str | None) -> datetime | None:
    try:
        return parsedate_to_datetime(value.strip()) if value else None
    except (TypeError, ValueError, IndexError):
        return None


def _w3c_date(value: str | None) -> datetime | None:
    """W3C datetime (sitemaps, Atom): ``2023-04-19``, ``2023-04-19T14:53:59+09:00``, ``...Z``.
    A date without a zone is taken as UTC, so that every date here compares with every other."""
    try:
        parsed = datetime.fromisoformat(value.strip()) if value else None
    except ValueError:
        return None
    return parsed.replace(tzinfo=UTC) if parsed and parsed.tzinfo is None else parsed
