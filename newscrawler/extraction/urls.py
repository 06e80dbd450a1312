"""URL canonicalization: one article, one URL; and what a URL's shape says of its page
(its site, a story it names, a section front above it)."""

from __future__ import annotations

import re
from collections.abc import Mapping
from functools import cache, lru_cache
from typing import TYPE_CHECKING
from urllib.parse import urlsplit, urlunsplit

from w3lib.url import canonicalize_url, url_query_cleaner

if TYPE_CHECKING:
    from scrapy.http import TextResponse
    from tldextract import TLDExtract

# A story's id in a URL: a run of 5 or more digits (AA's 3201234, Yonhap's
# AEN20230419003851320, Hearst's 15000001), or a long hex id (AP's 32 characters).
_STORY_ID = re.compile(r"\d{5,}|\b(?=[0-9a-f]*\d)(?=[0-9a-f]*[a-f])[0-9a-f]{16,}\b", re.IGNORECASE)
# A slug names a story when it has this many words: "asia-pacific", "us-news" are sections.
_SLUG_WORDS = 3
_SLUG_SEPARATORS = re.compile(r"[-_+]+")

# Query parameters that say how a reader arrived, not which page they read.
TRACKING_PARAMETERS: frozenset[str] = frozenset(
    {
        "fbclid", "gclid", "dclid", "msclkid", "mc_cid", "mc_eid", "igshid",
        "input", "section", "site", "from", "ref", "referrer", "cmpid", "mod",
        "taid", "tpcc", "ncid", "smid", "share", "amp",
    }
)  # fmt: skip


def is_tracking_parameter(name: str) -> bool:
    return name.lower() in TRACKING_PARAMETERS or name.lower().startswith(("utm_", "at_", "_ga"))


def canonical_url(url: str, host_aliases: Mapping[str, str] | None = None) -> str:
    """https, the site's main host for its aliases (mobile twins), no fragment, no tracking
    or section parameters, the remaining query sorted."""
    return _canonical_url(url, tuple(sorted((host_aliases or {}).items())))


@lru_cache(maxsize=65536)  # every related link is met again and again in a crawl
def _canonical_url(url: str, host_aliases: tuple[tuple[str, str], ...]) -> str:
    parts = urlsplit(url.strip())
    host = (parts.hostname or "").lower()
    host = dict(host_aliases).get(host, host)
    if ":" in host:  # an IPv6 literal keeps its brackets
        host = f"[{host}]"
    # No user:password@: credentials are never requested, logged or exported.
    netloc = host if parts.port in (None, 80, 443) else f"{host}:{parts.port}"
    scheme = "https" if parts.scheme in ("http", "https", "") else parts.scheme
    query = parts.query
    if query:
        names = [pair.split("=", 1)[0] for pair in query.split("&")]
        tracking = [name for name in names if is_tracking_parameter(name)]
        if tracking:
            query = urlsplit(url_query_cleaner(url, tracking, remove=True, unique=False)).query
    rebuilt = urlunsplit((scheme, netloc, parts.path or "/", query, ""))
    return canonicalize_url(rebuilt)


def is_http_url(url: str) -> bool:
    """An http(s) URL with a host, that a request can be made for; not one that cannot be
    parsed (``http://[::1``, a port of 99999 or ``abc``, a lone surrogate)."""
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 -- read for the ValueError of a port that is none
        url.encode("utf-8")  # UnicodeEncodeError, a ValueError, for a lone surrogate
    except ValueError:
        return False
    return parts.scheme in ("http", "https") and bool(parts.hostname)


def link_url(response: TextResponse, href: object) -> str:
    """The absolute URL of a link the page prints: response.urljoin(href), or "" where the
    href is no URL that can be joined (``http://[::1``, a port out of range, not a string
    in JSON), which every later check refuses as no http(s) URL. A bad link never costs
    the page its record."""
    if not isinstance(href, str):
        return ""
    try:
        return response.urljoin(href)
    except ValueError:
        return ""


def registrable_domain(url: str) -> str:
    """The part of a URL's host a site registers (``sfgate.com`` for ``www.sfgate.com``,
    ``bbc.co.uk`` for ``news.bbc.co.uk``); the host itself where there is none (IPs,
    ``localhost``)."""
    host = _host(url)
    return _public_suffixes().extract_str(host).top_domain_under_public_suffix or host


def same_site(url: str, other: str) -> bool:
    """Whether two URLs are of one registrable domain; one host needs no suffix list."""
    return _host(url) == _host(other) or registrable_domain(url) == registrable_domain(other)


def _host(url: str) -> str:
    return (urlsplit(url.strip()).hostname or "").lower()


@cache
def _public_suffixes() -> TLDExtract:
    """The public suffix list as bundled with tldextract: no download, no cache on disk.
    Loaded on first use: its import (requests, urllib3) and its list cost a site crawl,
    whose pages name their own host, 0.4 s of start-up for nothing."""
    from tldextract import TLDExtract

    return TLDExtract(suffix_list_urls=(), cache_dir=None)


def names_a_story(url: str) -> bool:
    """Whether a URL's shape names one story: a story id in its path or query, or a slug
    of several words as its last path segment (``/harbor-council-delays-vote/``), where a
    section front has a name (``/world/``, ``/asia-pacific``)."""
    parts = urlsplit(url)
    if _STORY_ID.search(f"{parts.path}?{parts.query}"):
        return True
    last = parts.path.rstrip("/").rsplit("/", 1)[-1].split(".", 1)[0]
    return len([word for word in _SLUG_SEPARATORS.split(last) if word]) >= _SLUG_WORDS


def section_front_of(stated: str, fetched: str) -> bool:
    """Whether a URL a page states as its own is a section front rather than the page: the
    home page, or a URL that names no story and is a folder above the page (``/world/`` of
    ``/world/asia/story-1``) or stands for a page whose own URL names one. (``/news/48211``
    of ``/news/48211/harbor-strike`` names the story: the page's short URL.)"""
    stated_path = urlsplit(stated).path.strip("/")
    if not stated_path:
        return True
    if names_a_story(stated):
        return False
    return urlsplit(fetched).path.strip("/").startswith(stated_path + "/") or names_a_story(fetched)


def same_page(a: str, b: str) -> bool:
    """Whether two canonical URLs address the same page of a site: the same path (a final
    slash aside) and query, on any of its hosts (www., m.)."""
    first, second = urlsplit(a), urlsplit(b)
    return (first.path.rstrip("/"), first.query) == (second.path.rstrip("/"), second.query)
