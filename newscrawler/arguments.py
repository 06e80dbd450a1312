"""The spiders' ``-a`` arguments: what each means (declared once, listed by `scrapy list
--verbose`, `scrapy crawl --help` and each spider's docstring), read and checked once, each
error saying what to do. A name the spider does not take, or an empty value, is an error
that lists the spider's arguments."""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from newscrawler.extraction.urls import is_http_url


class ArgumentError(ValueError):
    pass


@dataclass(frozen=True)
class Argument:
    name: str
    value: str  # how its value is written
    meaning: str

    @property
    def usage(self) -> str:
        return f"-a {self.name}={self.value}"


URL = Argument(
    "url",
    "URL[,URL...]",
    "article pages to crawl; without it the spider discovers articles itself (start)",
)
URLS = Argument("urls", "FILE", "article pages to crawl: a file of URLs, one a line")
ANY_SITE_URL = Argument(
    "url",
    "URL[,URL...]",
    "article pages of any news site; the crawl stays on their sites",
)
DOMAIN = Argument("domain", "example.com", "discover the site's articles: its sitemaps and feeds")
START = Argument(
    "start",
    "rss|latest|sitemap",
    "where to discover articles: RSS feed, latest-news pages or sitemaps",
)
SECTION = Argument("section", "NAME", "with start=rss: that section's feed instead of all news")
SINCE = Argument("since", "YYYY-MM-DD", "only articles published that day or later")
UNTIL = Argument("until", "YYYY-MM-DD", "only articles published that day or earlier")
HOPS = Argument("hops", "N", "follow related headlines N links out (0, the default: none)")
REFRESH = Argument("refresh", "1", "export every article crawled, changed or not")
WARC = Argument("warc", "PATH[,PATH...]", "backfill: the site's articles in these WARC files")

# Scrapyd passes -a _job=<id> to every job it runs.
RUNNER_ARGUMENTS = frozenset({"_job"})


def describe(accepted: Iterable[Argument], indent: str = "  ") -> str:
    """One line per argument: how it is written, what it means."""
    accepted = list(accepted)
    width = max(len(argument.usage) for argument in accepted)
    return "\n".join(f"{indent}{a.usage:<{width}}  {a.meaning}" for a in accepted)


def check_given(accepted: Iterable[Argument], given: Mapping[str, Any]) -> None:
    """Every argument given is one the spider takes, with a value."""
    accepted = list(accepted)
    known = {argument.name: argument for argument in accepted}
    for name, value in given.items():
        if name in RUNNER_ARGUMENTS or value is None:  # None: not given
            continue
        if name not in known:
            close = difflib.get_close_matches(name, known, n=1)
            hint = f" Did you mean {known[close[0]].usage}?" if close else ""
            raise ArgumentError(
                f"-a {name}: there is no such argument.{hint} The spider's arguments:\n"
                f"{describe(accepted)}"
            )
        if isinstance(value, str) and not value.strip():
            raise ArgumentError(
                f"-a {name}= is empty: give it a value ({known[name].usage}) or leave it out. "
                f"The spider's arguments:\n{describe(accepted)}"
            )


def split_list(value: str | None) -> list[str]:
    """The parts of a comma-separated value (-a warc=PATH,PATH)."""
    return [part.strip() for part in (value or "").split(",") if part.strip()]


# Where the next of several URLs begins: its scheme, unless it follows "=" or "/", where
# a URL carries another one (a redirect's target parameter, an archive's path).
_NEXT_URL = re.compile(r"(?<![=/])(?=https?://)", re.IGNORECASE)
_SEPARATORS = " \t\r\n,"


def split_urls(value: str | None) -> list[str]:
    """The URLs of -a url=URL[,URL...], split only where a new http(s):// begins, so that
    commas inside a URL (``/a,b.html``, ``?ids=1,2``) stay in it."""
    parts = (part.strip(_SEPARATORS) for part in _NEXT_URL.split(value or ""))
    return [part for part in parts if part]


def url_file(path: str | None) -> list[str]:
    """The URLs of -a urls=FILE: one a line; blank lines and # comments skipped. A line that
    is not one http(s) URL is an error naming the file and the line."""
    if not path:
        return []
    try:
        lines = Path(path).read_text("utf-8-sig").splitlines()
    except (OSError, UnicodeDecodeError) as error:
        why = error.strerror if isinstance(error, OSError) and error.strerror else error
        raise ArgumentError(
            f"-a urls={path}: the file cannot be read ({why}). Give a UTF-8 text file of "
            f"article URLs, one a line."
        ) from None
    urls = []
    for number, line in enumerate(lines, 1):
        url = line.strip()
        if not url or url.startswith("#"):
            continue
        if len(url.split()) > 1 or not _host_of(url) or not is_http_url(url):
            raise ArgumentError(
                f"-a urls={path}: line {number} is not an http(s) URL ({url[:200]!r}). Give "
                f"one URL a line; blank lines and lines starting with # are skipped."
            )
        urls.append(url)
    return urls


def _host_of(url: str) -> str:
    try:
        return urlsplit(url).hostname or ""
    except ValueError:  # "http://[bad"
        return ""


# A host name: dot-separated labels of letters, digits and hyphens (IDNs in their xn-- form).
_HOST = re.compile(r"(?=.{1,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)*[a-z0-9-]{1,63}", re.I)


def host_name(name: str, value: str) -> str:
    """A site's host, given bare (``example.com``) or as its home page's URL."""
    given = value.strip()
    try:
        host = urlsplit(given).hostname if "://" in given else given.rstrip("/").lower()
    except ValueError:
        host = None
    if not host or not _HOST.fullmatch(host):
        raise ArgumentError(
            f"-a {name}={value!r} is not a site's host name. Give it as -a {name}=example.com "
            f"(or the site's home page, https://www.example.com/)."
        )
    return host


def whole_number(name: str, value: str | int, meaning: str) -> int:
    try:
        number = int(value)
    except (TypeError, ValueError):
        number = -1
    if number < 0:
        raise ArgumentError(f"-a {name}={value!r} is not a whole number of 0 or more. {meaning}")
    return number


def day(name: str, value: str | None) -> date | None:
    if value is None or value == "":
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise ArgumentError(
            f"-a {name}={value!r} is not a date. Give it as YYYY-MM-DD, e.g. -a {name}=2023-04-19."
        ) from None


def flag(name: str, value: str | int | bool) -> bool:
    text = str(value).strip().lower()
    if text in ("1", "true", "yes", "on"):
        return True
    if text in ("0", "false", "no", "off", ""):
        return False
    raise ArgumentError(f"-a {name}={value!r} is neither 1 nor 0. Use -a {name}=1 to turn it on.")


def choice(name: str, value: str, choices: tuple[str, ...]) -> str:
    if value not in choices:
        raise ArgumentError(f"-a {name}={value!r} is not one of {', '.join(choices)}.")
    return value


def spider_arguments(spiders: Iterable[type]) -> str:
    """Each spider by name, its first docstring line and its arguments: for `scrapy list
    --verbose` and `scrapy crawl --help`."""
    blocks = []
    for spider in sorted(spiders, key=lambda spider: spider.name):
        about = " ".join((spider.__doc__ or "").strip().split("\n\n")[0].split())
        accepted = getattr(spider, "arguments", ())
        listing = describe(accepted, "    ") if accepted else "    (no arguments)"
        blocks.append(f"{spider.name}: {about}\n{listing}")
    return "\n\n".join(blocks)
