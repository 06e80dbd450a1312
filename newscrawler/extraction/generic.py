"""The generic extraction of a news article page: what can be read off any site without
selectors written for it. The generic ``wire`` spider extracts every page this way, and a
site spider every page its templates do not match (a new template generation).

The page's structured data comes first (NewsArticle JSON-LD, OpenGraph and ``article:*``
meta, ``rel=canonical``), the body is the main text trafilatura finds (the JSON-LD
``articleBody`` where it finds none, or far less), and related headlines are the links of
the article's related-stories blocks. The pipelines then do for these pages what they do
for every agency: dateline, byline, closing credits and copyright lines, end markers,
labels, dates. The cleanup here is what main-text extraction adds: the headline and a
print header's URL it takes along.
"""

from __future__ import annotations

import copy
import logging
import re
from collections.abc import Callable, Iterable, Iterator
from difflib import SequenceMatcher
from functools import cache
from itertools import chain, islice
from typing import TYPE_CHECKING, Any, NamedTuple
from urllib.parse import urlsplit

import lxml.html
from lxml import etree
from lxml.etree import _Element
from lxml.html import HtmlElement
from scrapy.http import TextResponse

from newscrawler.extraction.dates import headline_time
from newscrawler.extraction.structured import (
    StructuredData,
    as_list,
    as_paragraphs,
    language_code,
    names,
)
from newscrawler.extraction.text import block_lines, clean_text, element_text, first_text
from newscrawler.extraction.urls import is_http_url, link_url, registrable_domain
from newscrawler.extraction.wire import is_agency_credit
from newscrawler.items import ArticleItem, RelatedLink

if TYPE_CHECKING:
    from trafilatura.settings import Extractor

# trafilatura traces its scoring of every page block at DEBUG, dozens of lines a page, and
# warns of each of its own attempts that finds nothing ("discarding data"): what becomes of
# the page is the crawl's own record or reject, counted with its reason, so its log says
# only what would stop it.
logging.getLogger("trafilatura").setLevel(logging.CRITICAL)

# The spider's pick(field, *sources): the first non-empty value of the sources, in order.
Pick = Callable[..., Any]

# What schema.org calls a page of many items: a hub, section front, tag or search page.
_LISTING_TYPES = frozenset(
    {"CollectionPage", "ItemList", "SearchResultsPage", "ProfilePage", "SiteNavigationElement"}
)
# og:type values of an article page (Open Graph's, and the variants sites print).
_ARTICLE_OG_TYPES = frozenset({"article", "news", "newsarticle", "blog", "blogposting"})
# Fewer words than this in a page's paragraphs are teasers and captions, not copy.
_COPY_WORDS = 80

# Meta keys (lower-cased, as StructuredData keeps them) of first publication and last
# modification, the Open Graph article ones first.
_PUBLISHED_META = (
    "article:published_time", "og:article:published_time", "datepublished", "pubdate",
    "publishdate", "parsely-pub-date", "dc.date.issued", "dcterms.created",
)  # fmt: skip
_MODIFIED_META = (
    "article:modified_time", "og:article:modified_time", "og:updated_time", "datemodified",
    "dcterms.modified",
)  # fmt: skip

# What a related-stories block calls itself in its class, id or aria-label.
_RELATED_NAME = re.compile(
    r"related|more[\s_-]*coverage|read[\s_-]*more|see[\s_-]*also|more[\s_-]*on[\s_-]*this",
    re.IGNORECASE,
)
# What a block of topic or tag links calls itself ("RelatedTopics", "tag-list",
# "relatedSubjects"): links to hubs of stories, not to stories.
_TOPICS_NAME = re.compile(r"topic|tags?(?![a-z])|subject|keyword", re.IGNORECASE)
# What a readers' comments section calls itself in its class or id ("comments",
# "comment_content", "commentsContainer", "articleComments"; not "commentary").
_COMMENTS_NAME = re.compile(r"(?:(?<![A-Za-z])[cC]|(?<=[a-z])C)omments?(?![a-z])")
# The elements that have a name to look at (libxml2 finds them: most have none).
_NAMED = "*[@class or @id or @aria-label]"
_NAMED_WITHIN = etree.XPath(f"descendant::{_NAMED}")
_NAMED_AT_OR_WITHIN = etree.XPath(f"descendant-or-self::{_NAMED}")
# A share of the article's paragraph text or of its body's text: "most of it".
_BODY_SHARE = 0.9
# The elements of a body that are its text, read off the tree.
_OWN_BLOCK_TAGS = ("p", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre", "ul", "ol")
# Text lying loose in a container, between its blocks (WordPress copy printed as text and
# <br>s, not <p>s), of at least so many words, is a paragraph of that container, where it
# holds more than one.
_LOOSE_WORDS = 12
_PICTURE_TAGS = frozenset({"img", "picture", "video"})
# A picture floated beside the text, by its class (WordPress's alignleft/alignright) or style.
_FLOATS = re.compile(r"\balign-?(?:left|right)\b|\bfloat\s*:\s*(?:left|right)", re.IGNORECASE)
# (A union of one search per tag: libxml2 tests the text of those elements only, not of
# every element, and gives the same elements in the same order in half the time.)
_LOOSE_TEXT_CONTAINERS = etree.XPath(
    " | ".join(
        f"descendant-or-self::{tag}[text()[normalize-space()]]"
        for tag in ("div", "section", "article", "main", "td")
    )
)
# A paragraph of links or with a picture, of fewer words, is a line of related headlines
# or a caption, not copy.
_LINE_WORDS = 30
_NOT_TEXT_TAGS = frozenset({"script", "style", "noscript", "template"})
# The elements of a line of text (HTML's phrasing content that holds text).
_PHRASING_TAGS = frozenset(
    {"a", "abbr", "b", "bdi", "bdo", "br", "cite", "code", "del", "dfn", "em", "i", "ins",
     "kbd", "mark", "q", "s", "samp", "small", "span", "strong", "sub", "sup", "time", "u",
     "var", "wbr"}
)  # fmt: skip
# A line of fewer words that ends so introduces what follows: "More:", "You may also like...".
_LABEL_WORDS = 8
_LABEL_ENDS = (":", "...", "…")
_CLOSING_QUOTES = "\"”’»'"
_SENTENCE_ENDS = (".", "!", "?", '"', "”", "’", "»", "。", "！", "？")
_LINE_CHARACTERS = 60
# How far "right after the article" reaches: ads and spacers often come first.
_ELEMENTS_AFTER_ARTICLE = 3
_NAVIGATION_TAGS = frozenset({"nav", "header", "footer"})
# A headline has a few words: fewer is a button ("Read more"), more is a teaser paragraph.
_HEADLINE_WORDS = range(3, 31)
# Words a page's <h1> may change of its structured headline and still print the same one.
_HEADLINE_EDITS = 2
_LANGUAGE_SAMPLE = 2000  # characters of copy: plenty to tell a language by
_WORD = re.compile(r"[^\W_]+")
# A web or e-mail address: "https://...", "www.site.com", "name@site.com", "twitter.com/name".
_URL = re.compile(
    r"(?:https?://|www\.)\S+|[\w.+-]+@[\w-]+(?:\.[\w-]+)+|\b[\w-]+(?:\.[\w-]+)+/\S*",
    re.IGNORECASE,
)

# A credit's parts that name a job, not a person: "By JANE DOE, AP Science Writer".
_JOB_TITLE = re.compile(
    r"\b(?:writer|correspondent|editor|reporter|columnist|producer|photographer|staff|"
    r"contributor|bureau|chief)s?\b",
    re.IGNORECASE,
)
_CREDIT_PREFIX = re.compile(r"^\s*by\s+", re.IGNORECASE)
_CREDIT_SEPARATOR = re.compile(r"\s*(?:,\s*and\s+|,|;|\s+and\s+|&)\s*")
_TITLE_SEPARATORS = (" | ", " - ", " – ", " — ", " :: ")


def generic_article(
    response: TextResponse, data: StructuredData, pick: Pick, url: str
) -> ArticleItem:
    """The record of an article page as far as it can be read without selectors for its
    site (text still raw, as the pipelines expect it), under its URL (the spider's
    page_url: the URL the page states as its own where the spider takes it)."""
    root = response.selector.root
    site = pick(
        "site_name",
        lambda: data.meta_value("og:site_name"),
        lambda: next(iter(names(data.article_value("publisher"))), None),
        lambda: _host(response.url).removeprefix("www."),
    )
    # (The page's elements of a name, from its root: iter() stops at the first that serves,
    # where an XPath would have found them all first.)
    page_headline = first_text(root.iter("h1"))
    headline = pick(
        "headline",
        lambda: uncut_headline(_text_value(data.article_value("headline")), page_headline),
        lambda: uncut_headline(_strip_site_name(data.meta_value("og:title"), site), page_headline),
        lambda: page_headline,
        lambda: _strip_site_name(first_text(root.iter("title")), site),
    )
    region = _article_region(root)
    containers = _related_containers(region)
    stated_body = as_paragraphs(data.article_value("articleBody"))
    copy_text = pick(
        "body",
        lambda: _unless_short_of(
            _main_text(root, region, [*containers, *_widgets(region)], response.url, headline),
            stated_body,
        ),
        lambda: stated_body,
    )
    return ArticleItem(
        url=url,
        agency=site,
        headline=headline,
        published=pick(
            "published",
            lambda: _text_value(data.article_value("datePublished")),
            lambda: data.meta_value(*_PUBLISHED_META),
            lambda: _text_value(data.meta_object("parsely-page").get("pub_date")),
            lambda: _marked_time(root, "datePublished"),
            lambda: headline_time(root),
            lambda: _date_in_page(root),
        ),
        modified=pick(
            "modified",
            lambda: _text_value(data.article_value("dateModified")),
            lambda: data.meta_value(*_MODIFIED_META),
            lambda: _marked_time(root, "dateModified"),
        ),
        authors=pick(
            "authors",
            lambda: _credited_names(names(data.article_value("author")), site),
            lambda: _credited_names(data.meta_values("article:author"), site),
            lambda: _credited_names(data.meta_values("author"), site),
        )
        or [],
        section=pick(
            "section",
            lambda: data.meta_value("article:section"),
            lambda: _first_of(data.article_value("articleSection")),
        ),
        keywords=pick(
            "keywords",
            lambda: as_list(data.article_value("keywords")),
            lambda: data.meta_values("article:tag"),
        )
        or [],
        body=copy_text or [],
        related=_related_links(containers, response),
        language=pick(
            "language",
            lambda: language_code(root.get("lang") or root.get("xml:lang")),
            lambda: language_code(data.meta_value("og:locale")),
            lambda: language_code(_text_value(data.article_value("inLanguage"))),
            lambda: language_code(_header(response, "Content-Language")),
            lambda: _identified_language(copy_text or []),
        ),
    )


def not_an_article(response: TextResponse, data: StructuredData) -> str | None:
    """Why the page is not one article (a hub, section front, listing, tag or search
    page), by its structure and structured data; None for an article page.

    Article structured data settles it; so does JSON-LD that calls the page a listing.
    Otherwise a page that holds no copy (paragraphs of prose) is no article when it says
    it is none: an Open Graph type other than an article's, and no publication time. A
    page that says nothing of itself is left to the record's required fields."""
    if data.article:
        return None
    if listing := sorted(data.types & _LISTING_TYPES):
        return f"its structured data calls it a {listing[0]}, not an article"
    og_type = (data.meta_value("og:type") or "").strip().casefold()
    if not og_type or og_type in _ARTICLE_OG_TYPES or data.meta_value(*_PUBLISHED_META):
        return None
    container = _paragraph_container(response.selector.root).element
    words = len(_words(container.text_content())) if container is not None else 0
    if words >= _COPY_WORDS:
        return None
    return (
        f"its og:type is {og_type!r}, it states no publication time, and its paragraphs "
        f"hold {words} words, no article's copy"
    )


# -- sites and URLs ------------------------------------------------------------------------


def _host(url: str) -> str:
    return (urlsplit(url.strip()).hostname or "").lower()


# -- structured values -----------------------------------------------------------------------


def _text_value(value: Any) -> str | None:
    return value if isinstance(value, str) and value.strip() else None


def _first_of(value: Any) -> str | None:
    """A JSON-LD value that may be a list (``articleSection``): its first entry."""
    if isinstance(value, list):
        value = next((entry for entry in value if isinstance(entry, str) and entry.strip()), None)
    return _text_value(value)


def _credited_names(credits: list[str], site: str | None) -> list[str]:
    """Reporters' names from credits: "By STEVE PEOPLES, AP National Political Writer"
    -> ["STEVE PEOPLES"]. Job titles, profile URLs and credits to an agency or the site
    itself ("Reuters", "Reuters Editorial") are not names."""
    site_name = (site or "").casefold()
    names: list[str] = []
    for credit in credits:
        if is_http_url(credit.strip()):
            continue
        for part in _CREDIT_SEPARATOR.split(_CREDIT_PREFIX.sub("", clean_text(credit))):
            credits_an_agency = part.casefold() == site_name or is_agency_credit(part)
            if part and not _JOB_TITLE.search(part) and not credits_an_agency:
                names.append(part)
    return list(dict.fromkeys(names))


def _strip_site_name(title: str | None, site: str | None) -> str | None:
    """A page title without the " | Site" its site appends."""
    if not title or not site:
        return title
    for separator in _TITLE_SEPARATORS:
        head, found, tail = title.rpartition(separator)
        if found and head.strip() and tail.strip().casefold() == site.strip().casefold():
            return head
    return title


def uncut_headline(headline: str | None, page_headline: str | None) -> str | None:
    """A headline, or the page's own where that continues it (structured data and meta
    tags may carry a headline cut at a length: "... infrastructure badly damag") or is
    the same headline as printed, a few words edited (AP's JSON-LD "... brace for a sprint
    to Election Day" under its <h1> "... brace for an intense sprint to Election Day"):
    the record's headline is the one the reader sees."""
    if not headline or not page_headline:
        return headline
    stem, whole = clean_text(headline).rstrip(" .…"), clean_text(page_headline)
    if len(whole) > len(stem) and whole.startswith(stem):
        return page_headline
    stated, shown = _words(stem.casefold()), _words(whole.casefold())
    if stated != shown and _same_headline(stated, shown):
        return page_headline
    return headline


def _same_headline(stated: list[str], shown: list[str]) -> bool:
    """Whether two headlines' words are one headline edited: in the same order, all but
    _HEADLINE_EDITS words shared, and at least three in four (two short headlines that
    differ by a word or two are two headlines)."""
    blocks = SequenceMatcher(None, stated, shown, autojunk=False).get_matching_blocks()
    shared, longer = sum(block.size for block in blocks), max(len(stated), len(shown))
    return longer - shared <= _HEADLINE_EDITS and shared * 4 >= longer * 3


def _identified_language(paragraphs: list[str]) -> str | None:
    """The language of the copy itself, for pages that name none (py3langid's model ships
    with the package: nothing is downloaded)."""
    text = " ".join(paragraphs)[:_LANGUAGE_SAMPLE]
    import py3langid  # only where a page names no language: loading its model takes time

    return py3langid.classify(text)[0] if text.strip() else None


def _header(response: TextResponse, name: str) -> str | None:
    value = response.headers.get(name)
    return value.decode("latin-1") if value else None


def _marked_time(root: HtmlElement, itemprop: str) -> str | None:
    """The first datetime a <time> the page marks with the itemprop states."""
    for time in root.iter("time"):
        if time.get("itemprop") == itemprop and (value := (time.get("datetime") or "").strip()):
            return value
    return None


def _date_in_page(root: HtmlElement) -> str | None:
    """The publication date htmldate finds anywhere in the page (free text, hidden fields,
    the URL): the last resort for pages without machine-readable publication metadata.
    htmldate copies the tree before it cleans it, where it gets that far (most pages
    state a date before). A midnight it reports is a day without a time (ARTICLE.md: a
    bare date, never an invented midnight)."""
    from htmldate import find_date  # a last resort, imported when first needed

    try:
        found = find_date(root, original_date=True, outputformat="%Y-%m-%dT%H:%M:%S")
    except (ValueError, OverflowError):  # a time it cannot hold (an offset of +99:00)
        return None
    return found.removesuffix("T00:00:00") if found else None


# -- the article and its related-stories blocks ---------------------------------------------


def _article_region(root: HtmlElement) -> HtmlElement:
    """The element holding the article: the ``<article>`` with the headline (pages also use
    ``<article>`` for teasers), else the one with the most paragraph text, else ``<main>``,
    else the whole body."""
    articles = list(root.iter("article"))
    with_headline = [a for a in articles if next(a.iterdescendants("h1"), None) is not None]
    if with_headline:
        return with_headline[0]
    if articles:
        return max(
            articles, key=lambda article: sum(len(p.text_content()) for p in article.iter("p"))
        )
    main = next(root.iter("main"), None)
    if main is None:
        main = next(root.iter("body"), None)
    return main if main is not None else root


def _related_containers(region: HtmlElement) -> list[HtmlElement]:
    """The article's related-stories blocks, within it or right after it (among the next
    few elements, as ads often sit between): elements whose class, id or aria-label says
    so, made mostly of links (a "read-more" wrapper of the article's own text is not one),
    outermost only; not a block of topic or tag links, nor anything in it."""
    following = islice(
        (
            sibling
            for sibling in region.itersiblings()
            if isinstance(sibling.tag, str) and sibling.tag not in _NOT_TEXT_TAGS
        ),
        _ELEMENTS_AFTER_ARTICLE,
    )
    candidates = chain(
        _NAMED_WITHIN(region), *(_NAMED_AT_OR_WITHIN(sibling) for sibling in following)
    )
    found: list[HtmlElement] = []
    topics: list[HtmlElement] = []
    for element in candidates:
        if not _says_related(element):
            continue
        if any(ancestor in found or ancestor in topics for ancestor in element.iterancestors()):
            continue
        if _says_topics(element):
            topics.append(element)
        elif _is_link_list(element):
            found.append(element)
    return found


def _says_related(element: HtmlElement) -> bool:
    names = f"{element.get('class', '')} {element.get('id', '')} {element.get('aria-label', '')}"
    # The pattern, case-blind, is slow to find nowhere in a long list of class names: ASCII
    # names it matches hold, lowered, "related" or "more" or "see" ("read more" too).
    if names.isascii():
        lowered = names.lower()
        if "related" not in lowered and "more" not in lowered and "see" not in lowered:
            return False
    return bool(_RELATED_NAME.search(names))


def _widgets(region: HtmlElement) -> list[HtmlElement]:
    """The article's controls with their few words: an element holding a <button> and no
    more than a label's words beside it (a share box's "URL is copied." over its OK
    button, shown by script, hidden by a class a next template may rename): no copy."""
    found = []
    for button in region.iter("button"):
        widget = button.getparent()
        if widget is None or widget is region or widget in found:
            continue
        words = len(_words(widget.text_content())) - len(_words(button.text_content()))
        if words <= _LABEL_WORDS:
            found.append(widget)
    return found


def _says_topics(element: HtmlElement) -> bool:
    return bool(_TOPICS_NAME.search(f"{element.get('class', '')} {element.get('id', '')}"))


def _is_link_list(element: HtmlElement) -> bool:
    text = len(_words(element.text_content()))
    return _mostly_links(text, _linked_words(element))


def _linked_words(element: HtmlElement) -> int:
    return sum(len(_words(link.text_content())) for link in element.iter("a"))


def _mostly_links(words: int, linked_words: int) -> bool:
    """Whether text of so many words, so many of them in links, is a line of links."""
    return words > 0 and linked_words * 2 >= words


def _related_links(containers: list[HtmlElement], response: TextResponse) -> list[RelatedLink]:
    """Links of the related-stories blocks that lead to another article of the same site:
    headline-like text, not inside navigation, over http(s)."""
    own_site = registrable_domain(response.url)
    links: list[RelatedLink] = []
    for container in containers:
        for link in container.iter("a"):
            href = (link.get("href") or "").strip()
            headline = clean_text(element_text(link))
            if not href or len(_words(headline)) not in _HEADLINE_WORDS:
                continue
            if any(ancestor.tag in _NAVIGATION_TAGS for ancestor in link.iterancestors()):
                continue
            url = link_url(response, href)
            if is_http_url(url) and registrable_domain(url) == own_site:
                links.append(RelatedLink(headline=headline, url=url))
    return links


def _words(text: str) -> list[str]:
    return _WORD.findall(text)


class _Block(NamedTuple):
    """A block of the main text: its kind (the tag, "h2", "li", ...), its text as on the
    page and that text cleaned (to compare)."""

    kind: str
    text: str
    cleaned: str


# -- the main text ---------------------------------------------------------------------------


def _main_text(
    root: HtmlElement,
    region: HtmlElement,
    excluded: list[HtmlElement],
    url: str,
    headline: str | None,
) -> list[str]:
    """The article's paragraphs, without the related-stories blocks, the headline, and
    lines that are only web addresses (a print header's URL, "More AP NBA: https://...").

    Read in the article's region where that holds the page's body (the element whose
    paragraphs hold the most text): the rest of the page can only mislead (a teaser list
    whose class says "post" is taken before the article). Where the body element holds
    the region's copy as paragraphs of its own, those are the text, read off the tree;
    else trafilatura's own extractor, kept when what it finds is the body; else its whole
    cascade, with its comparison with readability and jusText, where what it found is
    too little to be the copy (the cascade costs two to three times as much, and kept
    what the extractor found on every benchmark page where it found more)."""
    cleaned_headline = clean_text(headline or "")
    body, share, split = _paragraph_container(root, region)
    in_region = body is not None and region.tag != "body" and _holds(region, body)
    scope = region if in_region else root
    join = in_region or split
    # Where the tree may be read, the copy read is the body's wrapper's where that suffices.
    wrapper = _wrapper(body, scope, excluded, join) if share >= _BODY_SHARE else None
    if wrapper is not None:
        tree, body_copy = _copy_without(wrapper, excluded, body, join=False)
    else:
        tree, body_copy = _copy_without(scope, excluded, body, join)
    parts = _body_parts(body_copy) if body_copy is not None else []
    held = " ".join(clean_text(element_text(part)) for part in parts)
    if parts and share >= _BODY_SHARE:
        blocks, left_out = [], 0
        for part in parts:
            part_blocks, part_left_out = _own_blocks(part, cleaned_headline)
            blocks += part_blocks
            left_out += part_left_out
        # Read whole: what is not in the blocks was left out as no copy, not missed.
        if sum(len(block.cleaned) for block in blocks) + left_out >= _BODY_SHARE * len(held):
            return _copy_of(_without_repeats(blocks))

    def scope_page(tree: HtmlElement | None = None) -> HtmlElement:
        """What trafilatura reads: the scope's copy (a new one unless given), as a page."""
        if tree is None:
            tree, _ = _copy_without(scope, excluded, body, join)
        return _page_of(tree) if in_region else tree

    page = scope_page(tree if wrapper is None else None)
    _drop_what_trafilatura_deletes(page)
    blocks = _trafilatura_text(page, url, cleaned_headline, fast=True)
    if not _is_body(blocks, held) and _too_little(blocks, held):
        # The cascade's readability and jusText read the page whole: a copy as it was.
        blocks = _trafilatura_text(scope_page(), url, cleaned_headline, fast=False)
    return _copy_of(_within_article(_without_repeats(blocks), held))


def _copy_of(blocks: list[_Block]) -> list[str]:
    """The text of the blocks, without a heading or label at their end, or before one
    last short line: it introduced what was left out (a related-stories list, a comments
    section and its count)."""
    if blocks and _is_label(blocks[-1]):
        blocks = blocks[:-1]
    elif len(blocks) > 1 and _is_line(blocks[-1]) and _is_label(blocks[-2]):
        blocks = blocks[:-2]
    return [block.text for block in blocks]


def _is_label(block: _Block) -> bool:
    """A heading, or a short line that introduces what follows ("More:", "Also: ...")."""
    return block.kind[0] == "h" or (_is_line(block) and block.cleaned.endswith(_LABEL_ENDS))


def _is_line(block: _Block) -> bool:
    """A line of a few words that is no sentence (nor a list's item)."""
    cleaned = block.cleaned
    return (
        block.kind not in ("li", "item")
        and len(cleaned) < _LINE_CHARACTERS
        and len(_words(cleaned)) < _LABEL_WORDS
        and (cleaned.endswith(_LABEL_ENDS) or not cleaned.endswith(_SENTENCE_ENDS))
    )


def _own_blocks(body: HtmlElement, headline: str) -> tuple[list[_Block], int]:
    """The body element's own blocks: paragraphs, subheadings, quotes, each item of a
    list, a line each; not a list or a line made of links (related headlines, "Read more:
    ..."), nor a picture's line (its caption and credit), nor the headline, nor what is
    not copy (figures, embeds, ad slots); and how many characters of its text the blocks
    left out as surely no copy hold (the headline, small print, lists of links and their
    label: a short line of links or a picture's line may be a sentence the tree path
    cannot tell from one)."""
    blocks: list[_Block] = []
    left_out = 0
    previous: HtmlElement | None = None  # the element the last block came from
    pictured = False  # whether pictures' lines came after the last block
    for child in _own_children(body):
        if isinstance(child, _Run):  # a paragraph lying loose between the blocks
            cleaned = clean_text(child.text)
            if _is_loose_copy(child) and _is_copy("p", cleaned, headline):
                blocks.append(_Block("p", child.text.strip(), cleaned))
                pictured = False
            elif (
                cleaned == headline
                or _is_small_print(child)
                or _is_links(len(_words(cleaned)), child.linked, cleaned)
            ):
                left_out += len(cleaned)
            continue
        if child.tag == "div":
            if (quote := _wrapped_quote(child)) is not None:
                child = quote
            elif not _is_subheading(child):
                continue
        text = child.text_content()
        words, linked = len(_words(text)), _linked_words(child)
        short = words < _LINE_WORDS
        if child.tag in ("ul", "ol") and _mostly_links(words, linked):  # a list of links
            # A label over a list of links ("More:") goes with it.
            if blocks and previous is child.getprevious() and _is_label(blocks[-1]):
                left_out += len(blocks.pop().cleaned)
            left_out += len(clean_text(text))
            continue
        # A quote's paragraphs are lines of their own: a picture in one captions none.
        if short and child.tag != "blockquote" and _holds_picture(child, floated=False):
            pictured = True
            continue
        if pictured and short and _in_italics(child, words):
            # The caption of the pictures above it, set in italics under them.
            left_out += len(clean_text(text))
            pictured = False
            continue
        if _is_links(words, linked, text):
            left_out += len(clean_text(text))
            continue
        items = child.iterchildren("li") if child.tag in ("ul", "ol") else [child]
        for item in items:
            for text in block_lines(item):
                cleaned = clean_text(text)
                if _is_copy(item.tag, cleaned, headline):
                    blocks.append(_Block(item.tag, text.strip(), cleaned))
                    previous, pictured = child, False
                else:
                    left_out += len(cleaned)
    return blocks, left_out


def _in_italics(element: HtmlElement, words: int) -> bool:
    """Whether all of an element's text (of so many words) is set in italics."""
    italic = sum(len(_words(part.text_content())) for part in element.iter("em", "i"))
    return words > 0 and italic >= words


def _own_children(body: HtmlElement) -> Iterator[HtmlElement | _Run]:
    """The body's blocks (and <div>s) in page order, with the text lying loose between
    them (each run that has any)."""
    for run, child in zip(_loose_runs(body), [*body, None], strict=True):
        if run.text.strip():
            yield run
        if child is not None and child.tag in (*_OWN_BLOCK_TAGS, "div"):
            yield child


def _is_loose_copy(run: _Run) -> bool:
    """Whether text lying loose is a paragraph of copy: not a picture's line (its caption,
    its credit), nor a line mostly of links (a notice, "Read more ..."), nor one all in
    small print (HTML's <small>: side comments, a date and category line above the copy)."""
    words = len(_words(run.text))
    if not words or _is_small_print(run) or _is_links(words, run.linked, run.text):
        return False
    caption_or_links = run.picture or _mostly_links(words, run.linked)
    return not (words < _LINE_WORDS and caption_or_links)


def _is_links(words: int, linked: int, text: str) -> bool:
    """Whether a line of so many words, so many of them in links, is a line of links, not
    copy, however long: mostly links and no sentence (it does not end with a full stop,
    as a list of tags or of headlines does not)."""
    return _mostly_links(words, linked) and not _ends_sentence(text)


def _ends_sentence(text: str) -> bool:
    """Whether a text ends as a sentence does, with a full stop (maybe inside a closing
    quote): headlines, labels and lists of tags do not."""
    return clean_text(text).rstrip(_CLOSING_QUOTES).endswith(".")


def _is_small_print(run: _Run) -> bool:
    return run.small >= len(_words(run.text))


class _Run(NamedTuple):
    """Text lying loose in a container: its text, how many of its words are in links,
    whether a picture stands in it, and how many of its words are in small print."""

    text: str
    linked: int = 0
    picture: bool = False
    small: int = 0


def _loose_runs(container: HtmlElement) -> list[_Run]:
    """The text lying loose in a container before each of its children and after the
    last (its text and its children's tails, with the phrasing elements among them, a
    <br> after text a line break): a run ends at any other child (a block, a second <br>
    in a row, an empty <p/>). One run a child and one after them, so that runs and
    children can be read in turn."""
    runs: list[_Run] = []
    text, linked, picture, small = [container.text or ""], 0, False, 0
    for child in container:
        tag = child.tag if isinstance(child.tag, str) else ""
        if tag == "br" and "".join(text).rpartition("\n")[2].strip():
            # One <br> after text is a line break inside the paragraph (ARTICLE.md); a
            # second in a row, a blank line, ends it.
            text.append("\n")
            runs.append(_Run(""))
        elif tag in _PICTURE_TAGS or (tag in _PHRASING_TAGS and tag != "br"):
            if _holds_picture(child):
                picture = True  # the picture's text is its caption or credit
            else:
                text.append(element_text(child))  # not a script's text
                linked += _linked_words(child)
                small += len(_words(text[-1])) if tag == "small" else 0
            runs.append(_Run(""))
        else:
            runs.append(_Run("".join(text), linked, picture, small))
            text, linked, picture, small = [], 0, False, 0
        text.append(child.tail or "")
    runs.append(_Run("".join(text), linked, picture, small))
    return runs


def _loose_paragraphs(container: HtmlElement) -> Iterator[str]:
    return (run.text for run in _loose_runs(container) if len(_words(run.text)) >= _LOOSE_WORDS)


def _wrapped_quote(element: HtmlElement) -> HtmlElement | None:
    """The quote a wrapper holds and nothing else but its script (an embedded post: a
    tweet's <blockquote> in the site's embed <div>); None for any other element."""
    while element.tag == "div" and not (element.text or "").strip():
        inner = [
            child
            for child in element
            if isinstance(child.tag, str) and child.tag not in _NOT_TEXT_TAGS
        ]
        if len(inner) != 1 or (inner[0].tail or "").strip():
            return None
        element = inner[0]
    return element if element.tag == "blockquote" else None


def _is_subheading(element: HtmlElement) -> bool:
    """Whether an element is a line of text between paragraphs (a subheading printed as a
    <div>): only text and phrasing elements (no picture, block or script), a paragraph
    before and after it (not a date or byline line above the copy, nor buttons below),
    more than one word (an ad slot's one-word label is none)."""
    if not all(
        descendant.tag in _PHRASING_TAGS
        for descendant in element.iterdescendants()
        if isinstance(descendant.tag, str)
    ):
        return False
    before, after = element.getprevious(), element.getnext()
    return (
        before is not None and before.tag == "p" and after is not None and after.tag == "p"
    ) and len(element.text_content().split()) > 1


def _holds_picture(element: HtmlElement, floated: bool = True) -> bool:
    """Whether a picture stands in the element; not floated: counting only pictures set
    apart from the text, not one floated beside it (the text wraps around that one: it is
    copy, not the picture's caption)."""
    pictures = element.iter(*_PICTURE_TAGS)
    if not floated:
        pictures = (picture for picture in pictures if not _FLOATS.search(_looks(picture)))
    return next(pictures, None) is not None


def _looks(element: HtmlElement) -> str:
    return f"{element.get('class', '')} {element.get('style', '')}"


def _is_copy(kind: str, cleaned: str, headline: str) -> bool:
    """Whether a block of cleaned text is copy: not empty, not the headline (an <h1>, or a
    block that repeats it, a heading or a paragraph printed as one: ``headline`` is
    cleaned), not a line of web addresses."""
    is_headline = kind == "h1" or cleaned == headline
    return bool(cleaned) and not is_headline and not _mostly_urls(cleaned)


@cache
def trafilatura_options(fast: bool) -> Extractor:
    """How trafilatura is asked for the main text, built once (given none, trafilatura
    reads its configuration again for every page). Precision first: its recall rescues
    dump the whole page, or the JSON-LD articleBody as one block, where the main text is
    not found; the articleBody fallback does better. Fast: its own extractor alone, without
    the comparison with readability and jusText. Plain-text output: its body tree is what
    is read, and for "python" output trafilatura would render that tree as text too."""
    # Imported on first use: a site spider's crawl that never falls back does not load it.
    from trafilatura.settings import Extractor

    return Extractor(
        output_format="txt", fast=fast, precision=True, comments=False, tables=True, images=False
    )


@cache
def _deleted_by_trafilatura() -> tuple[str, ...]:
    """The elements trafilatura's cleaning deletes with their content, but those it looks
    at first: a form may wrap the whole page, a figure hold a table, math its formula's
    TeX (and the head holds the JSON-LD that tells it a forum thread)."""
    from trafilatura.settings import MANUALLY_CLEANED

    return tuple(tag for tag in MANUALLY_CLEANED if tag not in ("form", "figure", "math", "head"))


def _drop_what_trafilatura_deletes(tree: HtmlElement) -> None:
    """The tree without what trafilatura's cleaning deletes anyway (scripts, navigation,
    asides, footers, ...; not JSON-LD): its searches of the raw page, before that
    cleaning, and its copies of it then run over what it reads."""
    for element in list(tree.iter(*_deleted_by_trafilatura())):
        if element.get("type") != "application/ld+json":
            element.drop_tree()


def _trafilatura_text(tree: HtmlElement, url: str, headline: str, fast: bool) -> list[_Block]:
    """The main text trafilatura finds in the tree (it works on a copy of its own), block
    by block, without the headline it often takes along and lines that are only web
    addresses."""
    import trafilatura

    document = trafilatura.bare_extraction(tree, url=url, options=trafilatura_options(fast))
    if document is None or document.body is None:
        return []
    blocks = []
    for kind, text in _blocks(document.body):
        cleaned = clean_text(text)
        if _is_copy(kind, cleaned, headline):
            blocks.append(_Block(kind, text, cleaned))
    return blocks


def _is_body(blocks: list[_Block], held: str) -> bool:
    """Whether the text found is the article's body: most of its blocks are text of the
    body's container, and they hold most of that text."""
    inside = [block.cleaned for block in blocks if block.cleaned in held]
    return len(inside) * 2 > len(blocks) and sum(map(len, inside)) * 2 >= len(held)


def _too_little(blocks: list[_Block], held: str) -> bool:
    """Whether the text found is too little to be the article's copy: fewer words than
    copy has, or less than half the words of the body's container."""
    found = [block.cleaned for block in blocks]
    return len(_words(" ".join(found))) < _COPY_WORDS or far_shorter(found, [held])


def _without_repeats(blocks: list[_Block]) -> list[_Block]:
    """The blocks without one that the next one starts with: a dateline's place printed
    apart ("MUMBAI", then "MUMBAI (Reuters) - ..."), a kicker repeated. A subheading
    stays: the paragraph under it may well begin with its words."""
    kept = []
    for index, block in enumerate(blocks):
        following = blocks[index + 1].cleaned if index + 1 < len(blocks) else ""
        repeated = following.startswith(block.cleaned) and len(following) > len(block.cleaned)
        if not repeated or block.kind[0] == "h":
            kept.append(block)
    return kept


class _Body(NamedTuple):
    """The article's body element, the share of the paragraph text around it that it holds
    with its parts, and whether it holds too little alone (then its split parts count)."""

    element: HtmlElement | None
    share: float
    split: bool


def _paragraph_container(root: HtmlElement, region: HtmlElement | None = None) -> _Body:
    """The element whose own paragraphs hold the most text (the article's body), and the
    share of the region's paragraph text it holds (its own paragraphs and those nested in
    it, as an embedded post's), with its parts beside it (see _body_parts), or, where it
    holds less than most, with the blocks the page splits it into (see _split_parts).
    On a page with no <article> or <main> around it, the region is where the headline
    and the body are. Readers' comments are not the article: a long one outweighs a
    short article's body."""
    text_by_parent: dict[HtmlElement, int] = {}
    for paragraph in root.iter("p"):
        parent = paragraph.getparent()
        if parent is not None:
            length = len(paragraph.text_content().strip())
            text_by_parent[parent] = text_by_parent.get(parent, 0) + length
    for container in _LOOSE_TEXT_CONTAINERS(root):
        loose = [len(run.strip()) for run in _loose_paragraphs(container)]
        if len(loose) > 1:  # paragraphs, not a notice's one loose sentence
            text_by_parent[container] = text_by_parent.get(container, 0) + sum(loose)
    in_comments = _under(text_by_parent, _is_comment_section)
    text_by_parent = {
        parent: text for parent, text in text_by_parent.items() if not in_comments[parent]
    }
    if not text_by_parent:
        return _Body(None, 0.0, False)
    body = max(text_by_parent, key=text_by_parent.__getitem__)
    scope = region if region is not None and _holds(region, body) else root
    if scope.tag in ("html", "body") and (narrower := _with_headline(body)) is not None:
        scope = narrower
    share = _share(text_by_parent, scope, _body_parts(body))
    if share >= _BODY_SHARE:
        return _Body(body, share, False)
    return _Body(body, max(share, _share(text_by_parent, scope, _split_parts(body, root))), True)


def _share(
    text_by_parent: dict[HtmlElement, int], scope: HtmlElement, parts: list[HtmlElement]
) -> float:
    """The share of the paragraph text within the scope that the parts hold."""
    in_scope = _under(text_by_parent, lambda element: element is scope)
    in_parts = _under(text_by_parent, lambda element: any(element is part for part in parts))
    total = held = 0
    for parent, length in text_by_parent.items():
        if in_scope[parent]:
            total += length
            held += length if in_parts[parent] else 0
    return held / total if total else 0.0


def _under(
    elements: Iterable[HtmlElement], marked: Callable[[HtmlElement], bool]
) -> dict[HtmlElement, bool]:
    """Whether each of the elements, or an ancestor of it, is marked (and so for every
    ancestor on the way): each element is tested once, as a climb ends at the first
    element placed before (the elements of a page share most of their ancestors)."""
    under: dict[HtmlElement, bool] = {}
    for element in elements:
        climbed, node = [], element
        while node is not None and node not in under:
            climbed.append(node)
            node = node.getparent()
        found = under[node] if node is not None else False
        for node in reversed(climbed):
            found = found or marked(node)
            under[node] = found
    return under


def _with_headline(body: HtmlElement) -> HtmlElement | None:
    """The nearest ancestor of the body element that holds the page's first <h1> (on a
    page without an <article> or <main>, the article is where its headline and copy
    are: the rest is sidebars and footers); None when the body holds it, or none does."""
    headline = next(body.getroottree().getroot().iter("h1"), None)
    if headline is None or _holds(body, headline):
        return None
    ancestors = set(headline.iterancestors())
    return next((parent for parent in body.iterancestors() if parent in ancestors), None)


def _is_comment_section(element: HtmlElement) -> bool:
    """Whether an element is a readers' comments section (its class or id says so)."""
    names = f"{element.get('class', '')} {element.get('id', '')}"
    return "omment" in names and _COMMENTS_NAME.search(names) is not None


def _body_parts(body: HtmlElement) -> list[HtmlElement]:
    """The body element and its siblings of its tag and classes (and maybe more), in page
    order: a body printed as blocks side by side (a few paragraphs each, a quote's block,
    pictures and ads between them)."""
    parent, classes = body.getparent(), set(body.classes)
    if parent is None or not classes:
        return [body]
    return [sibling for sibling in parent.iterchildren(body.tag) if classes <= set(sibling.classes)]


def _within_article(blocks: list[_Block], held: str) -> list[_Block]:
    """The blocks without those after the last one the article's container holds (its
    text is held): what follows the article's body on the page (trending and recommended
    lists, teasers, sidebars) is not the article. Only when most blocks are in the
    container, so that it is the body and not a block of it."""
    inside = [block.cleaned in held for block in blocks]
    if sum(inside) * 2 <= len(blocks):
        return blocks
    last = max(index for index, found in enumerate(inside) if found)
    return blocks[: last + 1]


def _holds(ancestor: HtmlElement, element: HtmlElement) -> bool:
    return element is ancestor or any(parent is ancestor for parent in element.iterancestors())


def _page_of(element: HtmlElement) -> HtmlElement:
    """A page whose body is the element: trafilatura looks for the article's container
    among the descendants of the tree it is given."""
    body = lxml.html.Element("body")
    body.append(element)
    element.tail = None
    page = lxml.html.Element("html")
    page.append(body)
    return page


def _copy_without(
    root: HtmlElement, excluded: list[HtmlElement], body: HtmlElement | None, join: bool
) -> tuple[HtmlElement, HtmlElement | None]:
    """A deep copy of an element to read the text in (trafilatura changes the tree it is
    given; the response's tree stays as parsed), without the excluded elements and
    comments, and the body element's copy: joined into one piece where the page splits
    it into blocks (join: within an article; on a page without one only where the body
    element alone does not hold the copy, not among a page's grid cells)."""
    tree = copy.deepcopy(root)
    doomed = [twin for element in excluded if (twin := _twin(element, root, tree)) is not None]
    body = _twin(body, root, tree) if body is not None else None
    if body is not None and any(_holds(twin, body) for twin in doomed):
        body = None
    if body is not None and join:
        body = _join_body_parts(body, tree)
    doomed.extend(_cards_in_paragraphs(tree))
    for twin in doomed:
        twin.drop_tree()
    # Comments split the text around them into blocks of their own (React prints
    # "<!-- -->" between the parts of a sentence); their text stays in place.
    for comment in list(tree.iter(etree.Comment)):
        comment.drop_tree()
    return tree, body


def _wrapper(
    body: HtmlElement | None, scope: HtmlElement, excluded: list[HtmlElement], join: bool
) -> HtmlElement | None:
    """The body element's parent, where a copy of it (see _copy_without) gives the body's
    parts as a copy of the whole scope does, at a fraction of its cost: the parts are the
    body and its siblings, the body is in no excluded element nor in a paragraph (a card
    hiding in a paragraph may hold it), and its blocks are not joined (it is in one
    piece); None otherwise."""
    if body is None or body is scope or (wrapper := body.getparent()) is None:
        return None
    if any(_holds(element, body) for element in excluded):
        return None
    if next(wrapper.iterancestors("p"), None) is not None:
        return None
    if join and len(_split_parts(body, scope)) > 1:
        return None
    return wrapper


def _cards_in_paragraphs(tree: HtmlElement) -> list[HtmlElement]:
    """The cards a paragraph carries hidden in its text (a name's hover card: a picture and
    a few headline links, shown on a pointer over the name), innermost only (the name the
    card hangs on is beside it): the text around them reads on without them."""
    cards = [
        element
        for paragraph in tree.iter("p")
        for element in paragraph.iterdescendants("span", "div")
        if _holds_picture(element) and len(element.findall(".//a")) > 1
    ]
    return [
        card
        for card in cards
        if not any(_holds(card, other) for other in cards if other is not card)
    ]


def _twin(element: HtmlElement, root: HtmlElement, copied: HtmlElement) -> HtmlElement | None:
    """The element's copy in a deep copy of root (None when root does not hold it): the
    same child positions lead to it."""
    steps = []
    while element is not root:
        parent = element.getparent()
        if parent is None:
            return None
        steps.append(parent.index(element))
        element = parent
    for step in reversed(steps):
        copied = copied[step]
    return copied


def _join_body_parts(body: HtmlElement, root: HtmlElement) -> HtmlElement:
    """The article's body in one element where the page splits it into blocks (see
    _split_parts). Their content moves, in page order, into the first block, which
    trafilatura takes for the body."""
    parts = _split_parts(body, root)
    for part in parts[1:]:
        parts[0].extend(list(part))
        part.drop_tree()
    return parts[0]


def _split_parts(body: HtmlElement, root: HtmlElement) -> list[HtmlElement]:
    """The blocks of the article's body where the page splits it (between ad rows and
    inline promotions), in page order: blocks of the body's tag and class, each in a
    wrapper of its own like the body's, not a list of links; [body] for a body in one
    piece. Blocks side by side in one parent are left as they are: trafilatura reads
    them in place with what lies between them."""
    wrapper = body.getparent()
    if not body.get("class") or wrapper is None:
        return [body]
    classes = set(body.classes)
    # The class attribute (element.classes splits it) is split only where it holds the
    # body's longest class name.
    longest = max(classes, key=len, default="")
    parts = [
        element
        for element in root.iter(body.tag)
        if longest in (value := element.get("class") or "")
        and classes <= set(value.split())
        and any(child.tag in _OWN_BLOCK_TAGS for child in element)
        and (parent := element.getparent()) is not None
        and _same_kind(parent, wrapper)
    ]
    if not any(part is body for part in parts):
        return [body]  # the body holds its copy as loose text, not in <p>s
    # The parents themselves, not their id()s: lxml makes a new proxy of an element each
    # time it is reached, and an id is reused once a proxy is gone.
    if len({part.getparent() for part in parts}) < len(parts):
        return [body]
    return [part for part in parts if part is body or not _is_link_list(part)]


def _same_kind(element: HtmlElement, other: HtmlElement) -> bool:
    return element.tag == other.tag and element.get("class") == other.get("class")


def _blocks(body: _Element) -> Iterator[tuple[str, str]]:
    """(kind, text) of each block of trafilatura's body: paragraphs ("p") and headings
    ("h1".."h6"), each list item, a table as one block with a line per row, a quote's
    paragraphs."""
    for element in body:
        if element.tag == "list":
            for item in element.iterchildren("item"):
                yield from _item_blocks(item)
        elif element.tag == "table":
            rows = (
                " ".join(_block_text(cell).strip() for cell in row.iterchildren("cell"))
                for row in element.iterchildren("row")
            )
            yield "table", "\n".join(rows)
        elif element.tag == "quote" and len(element) and element[0].tag in ("p", "list"):
            yield from _blocks(element)
        elif element.tag == "head":
            yield element.get("rend") or "h", _block_text(element)
        else:
            yield element.tag, _block_text(element)


def _item_blocks(item: _Element) -> Iterator[tuple[str, str]]:
    """A list item's text, then each item of the lists nested in it, a block each."""
    yield "item", _block_text(item, skipped="list")
    for nested in item.iterchildren("list"):
        for inner in nested.iterchildren("item"):
            yield from _item_blocks(inner)


def _block_text(element: _Element, skipped: str | None = None) -> str:
    """A block's text, its ``<lb/>`` line breaks kept, without its children of the
    skipped kind (their tails kept)."""
    parts = [element.text or ""]
    for child in element:
        if child.tag != skipped:
            parts.append("\n" if child.tag == "lb" else _block_text(child))
        parts.append(child.tail or "")
    return "".join(parts)


def _unless_short_of(paragraphs: list[str], stated: list[str]) -> list[str] | None:
    """The main text found, unless it has less than half the words of the article text
    the page states in its JSON-LD: then the main text was missed (a page rendered by
    script, a paywall teaser) and what was found is something else."""
    return None if far_shorter(paragraphs, stated) else paragraphs


def far_shorter(paragraphs: list[str], other: list[str]) -> bool:
    """Whether a text has less than half the words of another text of the same article:
    then it is a teaser or a part of it."""
    half = sum(len(_words(paragraph)) for paragraph in other) / 2
    found = 0
    for paragraph in paragraphs:  # counted only as far as half the other's
        found += len(_words(paragraph))
        if found >= half:
            return False
    return found < half


def _mostly_urls(text: str) -> bool:
    # An address is one word (no white space) with a ".", "@" or ":" in it: the other
    # words are not searched (the pattern tried at every start of them cost the most),
    # nor these where they hold too little of the text to be mostly addresses.
    words = [word for word in text.split() if "." in word or "@" in word or ":" in word]
    if sum(map(len, words)) * 2 <= len(text):
        return False
    return sum(len(url) for word in words for url in _URL.findall(word)) * 2 > len(text)
