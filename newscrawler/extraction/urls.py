"""URL canonicalization: one article, one URL."""

from __future__ import annotations

from collections.abc import Mapping
from functools import lru_cache
from urllib.parse import urlsplit, urlunsplit

from w3lib.url import canonicalize_url, url_query_cleaner

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
    return urlsplit(url).scheme in ("http", "https")
