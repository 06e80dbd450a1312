"""What every agency's spider shares: its arguments, discovery of articles from the site's
feeds, listings and sitemaps, the article request flow, following related headlines
within the site at their smallest hop count, and the record fields every site fills the
same way.

A site spider names its hosts, conventions, listing sources and article templates, and
implements ``extract_article`` (and ``listing_articles`` where it has listing pages). A page
that none of its templates matches (no generation marker, or no headline or body found)
is not dropped: it goes through the generic extraction, with the site's own findings kept
where it made them, and is counted, so that the drift monitor tells the operator that the
site has a new template.
"""

from __future__ import annotations

import logging
import re
import sys
from collections import Counter
from collections.abc import AsyncIterator, Callable, Iterator, Sequence
from dataclasses import fields, replace
from datetime import UTC, date, datetime, timedelta
from functools import cached_property
from typing import Any, ClassVar, TypeVar
from urllib.parse import urlsplit
from weakref import WeakKeyDictionary

import scrapy
from itemadapter import ItemAdapter
from scrapy import signals
from scrapy.crawler import Crawler
from scrapy.exceptions import DontCloseSpider
from scrapy.http import Response, TextResponse
from scrapy.utils.gz import gunzip
from twisted.python.failure import Failure

from newscrawler import arguments
from newscrawler.archives.backfill import warc_paths
from newscrawler.archives.reader import WarcArchive
from newscrawler.delivery.state import ArticleState, CrawlState, NonArticle
from newscrawler.discovery import (
    ListedArticle,
    Sitemap,
    UnreadableListing,
    is_news_sitemap,
    lists_other_pages,
    parse_feed,
    parse_sitemap,
    sitemaps_in_robots,
)
from newscrawler.extraction.dates import page_time, utc_now_iso
from newscrawler.extraction.pageshape import article_headlines, soft_404
from newscrawler.extraction.selection import found
from newscrawler.extraction.structured import StructuredData
from newscrawler.extraction.urls import (
    canonical_url,
    is_http_url,
    same_page,
    same_site,
    section_front_of,
)
from newscrawler.items import REQUIRED_FIELDS, ArticleItem
from newscrawler.network.encoding import TooManyElements, parsed_in_full
from newscrawler.network.failures import describe_failure, page_problem
from newscrawler.network.middlewares import FETCHED_AT_META, without_userinfo
from newscrawler.pipelines import error_detail, raised_at
from newscrawler.pipelines.incremental import IncrementalPipeline
from newscrawler.signals import page_rejected
from newscrawler.spiders.hops import HopMemory, LocalHops

T = TypeVar("T")
logger = logging.getLogger(__name__)

HOP_META = "newscrawler_hop"
TIME_FIELDS = frozenset({"published", "modified"})
URL_META = "newscrawler_url"
PAGE_META = "newscrawler_listing_page"
# On an article request for a listed page: the listing's time for it (ISO 8601, or None).
LISTED_META = "newscrawler_listed_change"
SITEMAP_DEPTH_META = "newscrawler_sitemap_depth"
# Sitemap indexes within indexes followed at most this deep (robots.txt's sitemaps are at
# depth 0): the protocol allows none; sites nest yearly and monthly indexes.
MAX_SITEMAP_DEPTH = 3

START_MODES = ("rss", "latest", "sitemap")
LOOKUP_BATCH = 500  # listed articles looked up in the crawl state at once
HOPS_MEANING = "Use 0 to crawl only the pages you name, N to follow related headlines N links out."

# A subscribers' page shows a teaser of a few paragraphs; a page whose copy runs longer
# holds the article, whatever its paywall markup says is missing (Wired's JSON-LD names a
# ".paywall" part on pages that carry the whole text, in no such element).
TEASER_WORDS = 200

# The generation each spider class found a page to be, while the page is in memory.
_TEMPLATES_FOUND: WeakKeyDictionary[TextResponse, dict[type, Any]] = WeakKeyDictionary()

# On a page no template matches, the fields the generic extraction does not fill: the
# spider's identity and what the pipelines and the crawl fill.
_NOT_EXTRACTED = frozenset({"source", "agency", "labels", "version", "fetched_at", "change"})


class WireSpider(scrapy.Spider):
    agency: ClassVar[str]  # credited when the copy carries no dateline
    language: ClassVar[str] = "en"
    timezone: ClassVar[str] = "UTC"  # for times a page prints without an offset
    allowed_domains: ClassVar[list[str]]
    host_aliases: ClassVar[dict[str, str]] = {}  # alias host -> the site's main host

    # Where the site lists its articles; None where it has no such list.
    feed_url: ClassVar[str | None] = None  # an RSS/Atom feed, with a {section} placeholder
    feed_section: ClassVar[str] = ""  # the {section} of the feed of all news
    listing_url: ClassVar[str | None] = None  # "latest news" pages, with a {page} placeholder

    # The generations of the site's article page, newest first, each with a ``marker``: a
    # CSS selector only pages of that generation match. Empty for the generic spider.
    templates: ClassVar[tuple[Any, ...]] = ()

    # The -a arguments the spider takes (newscrawler.arguments), in the order they are listed.
    arguments: ClassVar[tuple[arguments.Argument, ...]] = (
        arguments.URL,
        arguments.URLS,
        arguments.START,
        arguments.SECTION,
        arguments.SINCE,
        arguments.UNTIL,
        arguments.HOPS,
        arguments.REFRESH,
        arguments.WARC,
    )

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        if "arguments" not in cls.__dict__:
            cls.arguments = cls._site_arguments()
        # Where a Scrapy user looks for a spider's arguments: its docstring.
        listing = f"Arguments (-a NAME=VALUE):\n\n{arguments.describe(cls.arguments, '    ')}"
        about = cls.__doc__ or sys.modules[cls.__module__].__doc__ or cls.__name__
        cls.__doc__ = f"{about.rstrip()}\n\n{listing}\n"

    @classmethod
    def _site_arguments(cls) -> tuple[arguments.Argument, ...]:
        """The arguments, with the discovery sources this site has (an RSS feed with
        sections, "latest news" pages, sitemaps)."""
        has = {"rss": cls.feed_url, "latest": cls.listing_url, "sitemap": True}
        start = replace(arguments.START, value="|".join(m for m in START_MODES if has[m]))
        return tuple(
            start if argument is arguments.START else argument
            for argument in cls.arguments
            if argument is not arguments.SECTION or cls.feed_url
        )

    def __init__(
        self,
        *args: Any,
        url: str | None = None,
        urls: str | None = None,
        hops: str | int = 0,
        start: str | None = None,
        section: str | None = None,
        since: str | None = None,
        until: str | None = None,
        refresh: str | int = 0,
        warc: str | None = None,
        **kwargs: Any,
    ):
        given = dict(
            kwargs, url=url, hops=hops, start=start, section=section, since=since, until=until
        )
        given |= {"urls": urls, "warc": warc}
        try:
            arguments.check_given(self.arguments, {**given, "refresh": refresh})
        except arguments.ArgumentError as error:
            raise arguments.ArgumentError(f"{self.name}: {error}") from None
        super().__init__(*args, **kwargs)
        try:
            self.warc_paths = warc_paths(warc)
            given_urls = arguments.split_urls(url) + arguments.url_file(urls)
            self.article_urls = self._site_urls(given_urls)
            self.hops = arguments.whole_number("hops", hops, HOPS_MEANING)
            self.start_mode = self._start_mode(start)
            self.section = section or None
            self.since = arguments.day("since", since)
            self.until = arguments.day("until", until)
            self.refresh = arguments.flag("refresh", refresh)
            self._check_discovery_arguments()
        except arguments.ArgumentError as error:
            raise arguments.ArgumentError(f"{self.name}: {error}") from None

    @classmethod
    def from_crawler(cls, crawler: Crawler, *args: Any, **kwargs: Any) -> WireSpider:
        spider = super().from_crawler(crawler, *args, **kwargs)
        settings = crawler.settings
        # Feed URIs are formatted with the spider's attributes: %(output_dir)s.
        spider.output_dir = settings.get("NEWSCRAWLER_OUTPUT_DIR", "output")
        spider.max_listing_bytes = settings.getint("NEWSCRAWLER_MAX_LISTING_BYTES")
        # A gzipped sitemap is decompressed within Scrapy's limits, as its SitemapSpider does.
        spider.max_download_bytes = settings.getint("DOWNLOAD_MAXSIZE")
        spider.warn_download_bytes = settings.getint("DOWNLOAD_WARNSIZE")
        spider.max_listing_pages = settings.getint("NEWSCRAWLER_MAX_LISTING_PAGES")
        spider.non_article_recheck = timedelta(
            days=settings.getfloat("NEWSCRAWLER_NON_ARTICLE_RECHECK_DAYS")
        )
        spider.max_url_length = settings.getint("URLLENGTH_LIMIT")
        spider.max_page_elements = settings.getint("NEWSCRAWLER_MAX_PAGE_ELEMENTS")
        crawler.signals.connect(spider.list_undated, signal=signals.spider_idle)
        return spider

    # -- arguments -------------------------------------------------------------------------

    def _site_urls(self, urls: list[str]) -> list[str]:
        for url in urls:
            if not self.is_site_url(url):
                raise arguments.ArgumentError(
                    f"{url!r} is not an http(s) page of {', '.join(self.allowed_domains)}. "
                    f"Give article URLs of this site, or use the spider of the site the URL "
                    f"belongs to."
                )
        return [self.canonical_url(url) for url in urls]

    def _start_mode(self, start: str | None) -> str | None:
        if start is None:
            if self.article_urls:
                return None
            if self.warc_paths:
                return "warc"
            return "rss" if self.feed_url else "sitemap"
        if self.article_urls or self.warc_paths:
            raise arguments.ArgumentError(
                f"-a {'url' if self.article_urls else 'warc'} and -a start exclude each other: "
                f"name article pages or WARC files, or say where to discover articles."
            )
        mode = arguments.choice("start", start, START_MODES)
        if (mode == "rss" and not self.feed_url) or (mode == "latest" and not self.listing_url):
            raise arguments.ArgumentError(
                f"-a start={mode}: {self.name} knows no {mode} source on this site; use "
                f"-a start=sitemap, or -a url=..."
            )
        return mode

    def _check_discovery_arguments(self) -> None:
        if self.section and self.start_mode != "rss":
            raise arguments.ArgumentError(
                f"-a section={self.section!r} narrows the RSS feed only: add -a start=rss."
            )
        if self.since and self.until and self.since > self.until:
            raise arguments.ArgumentError(
                f"-a since={self.since} is after -a until={self.until}: swap them."
            )

    # -- URLs ------------------------------------------------------------------------------

    def canonical_url(self, url: str) -> str:
        return canonical_url(url, self.host_aliases)

    def is_site_url(self, url: str) -> bool:
        """An http(s) URL on one of the site's hosts; not a URL that cannot be parsed
        (``http://[::1``), as a hostile listing may give."""
        try:
            host = (urlsplit(url).hostname or "").lower()
        except ValueError:
            return False
        return is_http_url(url) and any(
            host == domain or host.endswith("." + domain) for domain in self.allowed_domains
        )

    # -- discovery -------------------------------------------------------------------------

    async def start(self) -> AsyncIterator[scrapy.Request]:
        for request in self._start_requests():
            yield request

    def _start_requests(self) -> Iterator[scrapy.Request]:
        if self.start_mode is None:
            for url in self.article_urls:
                yield from self.reach(url, 0)
        elif self.start_mode == "rss":
            feed = self.feed_url.format(section=self.section or self.feed_section)
            yield self.listing_request(feed, self.parse_feed)
        elif self.start_mode == "warc":
            yield from self._archived_requests()
        elif self.start_mode == "latest":
            yield self.listing_request(self.listing_url.format(page=1), self.parse_listing, page=1)
        else:
            robots = self.canonical_url(f"https://{self.allowed_domains[0]}/robots.txt")
            yield self.listing_request(robots, self.parse_robots)

    @cached_property
    def warc_archive(self) -> WarcArchive | None:
        """The site's pages in the WARC files of -a warc=, read once (None without)."""
        if not self.warc_paths:
            return None
        archive = WarcArchive(self.warc_paths, keep=self.is_site_url)
        stats = self.crawler.stats
        stats.set_value("newscrawler/backfill/warc_records", archive.records_read)
        unresolved = len(archive.unresolved_revisits)
        stats.set_value("newscrawler/backfill/unresolved_revisits", unresolved)
        return archive

    def _archived_requests(self) -> Iterator[scrapy.Request]:
        """A backfill: every page of the site the archive holds a successful capture of,
        fetched from the archive (the replay middleware answers from it)."""
        stats = self.crawler.stats
        for capture in self.warc_archive:
            if 200 <= capture.status < 300:
                stats.inc_value("newscrawler/backfill/pages")
                yield from self.reach(self.canonical_url(capture.url), 0)
            else:  # a redirect, an error page: its target, if archived, comes on its own
                stats.inc_value(f"newscrawler/backfill/status_{capture.status}")

    def listing_request(
        self, url: str, callback: Callable[..., Any], page: int | None = None
    ) -> scrapy.Request:
        # Listings are read again on every run and on resume: they are what changes.
        return scrapy.Request(
            without_userinfo(url),
            callback=callback,
            errback=self.on_request_failed,
            meta={PAGE_META: page} if page else {},
            dont_filter=True,
            priority=100,
        )

    def parse_feed(self, response: Response) -> Iterator[scrapy.Request]:
        yield from self.listed(self._read_listing(response, parse_feed) or [])

    def parse_robots(self, response: Response) -> Iterator[scrapy.Request]:
        sitemaps = self.robots_sitemaps(response)
        if not sitemaps:
            self.reject(
                response.url,
                "no_sitemap",
                "robots.txt names no sitemap of this site: use -a start=rss or -a start=latest",
            )
        yield from filter(None, map(self.sitemap_request, sitemaps))

    def robots_sitemaps(self, response: Response) -> list[str]:
        """The sitemaps of this site that a robots.txt names."""
        text = response.body.decode("utf-8", "replace")  # robots.txt is UTF-8 (RFC 9309)
        return [url for url in sitemaps_in_robots(text, response.url) if self.is_site_url(url)]

    def sitemap_request(self, url: str, depth: int = 0) -> scrapy.Request | None:
        """A sitemap's request: a news sitemap by name (the newest articles) before the
        others. None for one this run has asked for already (an index that lists itself,
        or two that list each other) and for one nested deeper than MAX_SITEMAP_DEPTH
        (an index that generates indexes): counted, and the latter rejected."""
        stats = self.crawler.stats
        if url in self._sitemaps_requested:
            stats.inc_value("newscrawler/discovery/sitemap_listed_again")
            return None
        if depth > MAX_SITEMAP_DEPTH:
            detail = (
                f"a sitemap index nested {depth} deep, past the {MAX_SITEMAP_DEPTH} indexes "
                f"within indexes this crawler follows: it is not read"
            )
            self.reject(url, "sitemap_too_deep", detail)
            return None
        self._sitemaps_requested.add(url)
        request = self.listing_request(url, self.parse_sitemap)
        request.meta[SITEMAP_DEPTH_META] = depth
        return request.replace(priority=request.priority + 1) if is_news_sitemap(url) else request

    @cached_property
    def _sitemaps_requested(self) -> set[str]:
        return set()

    def parse_sitemap(self, response: Response) -> Iterator[scrapy.Request]:
        sitemap: Sitemap | None = self._read_listing(response, parse_sitemap)
        if sitemap is None:
            return
        stats = self.crawler.stats
        depth = response.meta.get(SITEMAP_DEPTH_META, 0)
        for child in sitemap.children:
            if self.since and child.modified and child.modified.date() < self.since:
                continue  # every article in it was last changed before the range
            if lists_other_pages(child.url):
                stats.inc_value("newscrawler/discovery/sitemap_of_other_pages")
            elif not self.is_site_url(child.url):
                stats.inc_value("newscrawler/discovery/sitemap_offsite")
            elif request := self.sitemap_request(child.url, depth + 1):
                yield request
        if sitemap.news:  # told by what it holds, whatever its name
            stats.inc_value("newscrawler/discovery/news_sitemaps")
        yield from self.listed(sitemap.articles, news=sitemap.news)

    def parse_listing(self, response: Response) -> Iterator[scrapy.Request]:
        page = response.meta[PAGE_META]
        listed = self.listing_articles(response)
        yield from self.listed(listed)
        dates = [entry.published.date() for entry in listed if entry.published]
        if dates and page < self.max_listing_pages and self._range_goes_back_past(min(dates)):
            yield self.listing_request(
                self.listing_url.format(page=page + 1), self.parse_listing, page=page + 1
            )

    def listing_articles(self, response: Response) -> list[ListedArticle]:
        """The articles a "latest news" page lists, newest first (sites with listing_url)."""
        raise NotImplementedError

    def _range_goes_back_past(self, oldest: date) -> bool:
        """Whether the wanted range reaches back beyond a listing page's oldest article."""
        if self.since:
            return oldest >= self.since
        return bool(self.until and oldest > self.until)

    def _read_listing(self, response: Response, parse: Callable[[bytes, int, str], T]) -> T | None:
        body = response.body
        try:
            if body[:2] == b"\x1f\x8b":  # a .xml.gz sitemap served as is
                body = self._gunzipped(response)
            parsed = parse(body, self.max_listing_bytes, response.url)
        except (UnreadableListing, OSError, ValueError) as error:
            self.reject(response.url, "unreadable_listing", f"{error}: it is not read")
            return None
        return parsed

    def _gunzipped(self, response: Response) -> bytes:
        """A gzipped listing's content, decompressed no further than the smaller of
        NEWSCRAWLER_MAX_LISTING_BYTES and Scrapy's download limit (the request's
        download_maxsize, else DOWNLOAD_MAXSIZE, as SitemapSpider reads them), so that a
        gzip bomb costs no more memory than that; one over Scrapy's warning size
        (download_warnsize, DOWNLOAD_WARNSIZE) is counted."""
        limit = response.meta.get("download_maxsize", self.max_download_bytes)
        limit = min(self.max_listing_bytes, limit) if limit else self.max_listing_bytes
        try:
            body = gunzip(response.body, max_size=limit)
        except ValueError:  # scrapy's _DecompressionMaxSizeExceeded
            raise UnreadableListing(
                f"gzipped, it decompresses to more than {limit} bytes (the smaller of "
                f"NEWSCRAWLER_MAX_LISTING_BYTES and DOWNLOAD_MAXSIZE)"
            ) from None
        warn_size = response.meta.get("download_warnsize", self.warn_download_bytes)
        if warn_size and len(body) >= warn_size:
            self.crawler.stats.inc_value("newscrawler/discovery/listing_over_warnsize")
        return body

    def listed(
        self, entries: Sequence[ListedArticle], news: bool = False, undated_wait: bool = True
    ) -> Iterator[scrapy.Request]:
        """The articles a feed, sitemap or listing announces: each fetched unless it is
        off-site, outside -a since/until, known unchanged since the last run, or known
        as no article (checked within NEWSCRAWLER_NON_ARTICLE_RECHECK_DAYS) that the
        listing does not say has changed. A large feed costs a run little when nothing
        changed: the entries are looked up in the crawl state LOOKUP_BATCH at a time, and
        counted once a batch.

        An entry without a time takes its news sitemap's publication time (``news``: the
        listing is one, and its articles are fetched first); a known page listed without
        any waits, with ``undated_wait``, until the crawl is idle (list_undated), when
        every sitemap has been read and a news sitemap read after may have given it one."""
        stats = self.crawler.stats
        for first in range(0, len(entries), LOOKUP_BATCH):
            batch = entries[first : first + LOOKUP_BATCH]
            # Counted once: not again when those that waited are listed at last.
            counts: Counter[str] = Counter(listed=len(batch) if undated_wait else 0)
            wanted: list[tuple[str, datetime | None]] = []
            for entry in batch:
                try:
                    url = self._listed_url(entry.url)
                except ValueError:  # a host of the site, and a port out of range
                    counts["not_a_url"] += 1
                    continue
                if url is None:
                    counts["offsite"] += 1
                    continue
                if news and entry.published:
                    self._news_dates[url] = entry.published
                listed_change = entry.last_changed or self._news_dates.get(url)
                when = entry.published or entry.modified or listed_change
                if when and not self._in_range(when.date()):
                    counts["out_of_range"] += 1
                else:
                    wanted.append((url, listed_change))
            remembered, non_articles = self._remembered([url for url, _ in wanted])
            checked_after = datetime.now(UTC) - self.non_article_recheck
            requests = []
            for url, listed_change in wanted:
                known = remembered.get(url) or non_articles.get(url)
                if listed_change is None and known is not None and undated_wait:
                    self._undated.append(ListedArticle(url))
                    counts["undated_waiting"] += 1
                elif _unchanged(remembered.get(url), listed_change):
                    counts["unchanged"] += 1
                elif url in non_articles and non_articles[url].still_none(
                    listed_change, checked_after
                ):
                    counts["known_not_article"] += 1
                else:
                    requests.extend(self._listed_requests(url, listed_change, news))
            for name, count in counts.items():
                stats.inc_value(f"newscrawler/discovery/{name}", count)
            yield from requests

    def _listed_requests(
        self, url: str, listed_change: datetime | None, news: bool
    ) -> Iterator[scrapy.Request]:
        """reach(url, 0), its article request marked with the listing's time for it (for
        a page that proves to be no article) and, from a news sitemap, fetched first."""
        for request in self.reach(url, 0):
            if request.meta.get(URL_META) == url:
                request.meta[LISTED_META] = listed_change.isoformat() if listed_change else None
                request.priority += news
            yield request

    @cached_property
    def _news_dates(self) -> dict[str, datetime]:
        """The publication time of every article the news sitemaps read so far list."""
        return {}

    @cached_property
    def _undated(self) -> list[ListedArticle]:
        """Known pages listed without a time, waiting for every sitemap to be read."""
        return []

    def list_undated(self) -> None:
        """When the crawl is idle (every listing read): the known pages listed without a
        time, each with its news sitemap's publication time if one listed it; the
        requests of those not known unchanged keep the spider open."""
        if not self._undated:
            return
        entries = list(self._undated)
        self._undated.clear()
        requests = list(self.listed(entries, undated_wait=False))
        for request in requests:
            self.crawler.engine.crawl(request)
        if requests:
            raise DontCloseSpider

    def _listed_url(self, url: str) -> str | None:
        """The canonical URL of a listed article of this site; None for one off-site. A
        URL already in canonical form (as feeds give them) is taken as it is."""
        plain = self._plain_site_url.fullmatch(url)
        if plain and plain.group("host") not in self.host_aliases:
            return url
        return self.canonical_url(url) if self.is_site_url(url) else None

    @cached_property
    def _plain_site_url(self) -> re.Pattern[str]:
        """A URL of the site that canonical_url leaves as it is: https, a lower-case host
        of the site, no port, a path of unreserved characters with no dot segments, no
        query, no fragment."""
        domains = "|".join(re.escape(domain.lower()) for domain in self.allowed_domains)
        segment = r"/[A-Za-z0-9_~-][A-Za-z0-9._~-]*"
        return re.compile(rf"https://(?P<host>(?:[a-z0-9-]+\.)*(?:{domains}))(?:{segment})*/?")

    def _in_range(self, day: date) -> bool:
        return (not self.since or day >= self.since) and (not self.until or day <= self.until)

    def _remembered(self, urls: list[str]) -> tuple[dict[str, ArticleState], dict[str, NonArticle]]:
        """What the crawl state remembers of these pages (nothing with -a refresh): the
        articles, and the others among them known to be no article."""
        state = self.crawl_state
        # Not `if state`: CrawlState has a length, a COUNT(*) over every article remembered.
        if state is None or self.refresh or not urls:
            return {}, {}
        articles = state.get_many(urls)
        return articles, state.get_non_articles([url for url in urls if url not in articles])

    @cached_property
    def crawl_state(self) -> CrawlState | None:
        pipeline = self.crawler.get_item_pipeline(IncrementalPipeline)
        return pipeline.state if pipeline else None

    # -- following related headlines -------------------------------------------------------

    @cached_property
    def hop_memory(self) -> HopMemory:
        """Where the smallest hop count of every article reached and the related links of
        every article fetched are kept: in Redis when the crawl is shared by workers, else
        in the spider's state (with JOBDIR, Scrapy's SpiderState extension saves it on
        pause and loads it on resume)."""
        if self.crawler.settings.get("NEWSCRAWLER_REDIS_URL"):
            from newscrawler.distributed.hops import RedisHops  # needs the redis client

            return RedisHops.from_crawler(self.crawler, self.name)
        if getattr(self, "state", None) is None:
            self.state: dict[str, Any] = {}
        return LocalHops(self.state.setdefault("reached", {}), self.state.setdefault("related", {}))

    def reach(self, url: str, hop: int) -> Iterator[scrapy.Request]:
        """Reach an article at a hop count: fetched the first time; reached again by a
        shorter path, it is not fetched again, but its related headlines are followed
        again from the shorter count."""
        reached = self.hop_memory.reach(url, hop)
        if reached is None:
            return
        if reached.previous is None:
            if len(url) > self.max_url_length:
                # Scrapy's UrlLengthMiddleware would drop the request with a log line only.
                detail = (
                    f"a link of {len(url)} characters, over URLLENGTH_LIMIT ({self.max_url_length})"
                )
                self.reject(url, "url_too_long", detail)
                return
            yield self.article_request(url, hop)
            return
        if reached.related is None:
            return  # still in flight: parsed at the new count
        stats = self.crawler.stats
        stats.inc_value(f"newscrawler/pages/hop_{reached.previous}", -1)
        stats.inc_value(f"newscrawler/pages/hop_{hop}")
        if hop < self.hops:
            for link in reached.related:
                yield from self.reach(link, hop + 1)

    def article_request(self, url: str, hop: int) -> scrapy.Request:
        return scrapy.Request(
            url,
            callback=self.parse_article,
            errback=self.on_request_failed,
            meta={HOP_META: hop, URL_META: url},
            priority=-hop,  # nearer pages first
        )

    def _fetched(self, request: scrapy.Request, related: list[str]) -> int:
        """Note an article request as answered; its hop count, the smallest known."""
        url = request.meta.get(URL_META, request.url)
        hop = self.hop_memory.fetched(url, related, request.meta.get(HOP_META, 0))
        self.crawler.stats.inc_value(f"newscrawler/pages/hop_{hop}")
        return hop

    # -- articles --------------------------------------------------------------------------

    def parse_article(self, response: Response) -> Iterator[ArticleItem | scrapy.Request]:
        problem = page_problem(response)
        if problem is None:
            try:
                response = parsed_in_full(response, self.max_page_elements)
                article = self._article(response)
            except TooManyElements as error:
                problem = "too_large", str(error)
            except Exception as error:  # a bug, or a page shape no one foresaw
                detail = error_detail(f"the spider's extraction ({raised_at(error)})", error)
                logger.error("%s: parse_error: %s", response.url, detail)
                problem = "parse_error", detail
            else:
                if article is None:
                    return  # rejected as no article, and counted as fetched
                item, data = article
                problem = self._page_shape_problem(response, data, item)
        if problem is not None:
            self._fetched(response.request, [])
            self.reject(response.url, *problem)
            return
        # Read before the item is handed on: the pipelines rewrite item.related.
        links = [link["url"] for link in item.related]
        site_links = [self.canonical_url(url) for url in links if self.is_site_url(url)]
        self.crawler.stats.inc_value(
            "newscrawler/links/not_followed_offsite", len(links) - len(site_links)
        )
        hop = self._fetched(response.request, site_links)
        if _is_teaser(item.body) and (selector := data.paywalled_part_missing()):
            detail = f"a subscribers' page: the article text ({selector}) is not on it"
            self.reject(item.url, "paywalled", detail, record=ItemAdapter(item).asdict())
        else:
            self._recorded[item.url] = response.url
            yield item
        if hop < self.hops:
            for url in site_links:
                yield from self.reach(url, hop + 1)

    def parse(self, response: Response, **kwargs: Any) -> Iterator[ArticleItem | scrapy.Request]:
        """Scrapy's default callback, which `scrapy parse URL` uses: an article page."""
        return self.parse_article(response)

    def _rejected_as_no_article(self, response: TextResponse, data: StructuredData) -> bool:
        # The generic extraction is imported where a page needs it: a site spider's crawl
        # whose templates fit every page never loads it.
        from newscrawler.extraction.generic import not_an_article

        why = not_an_article(response, data)
        if why:
            self._fetched(response.request, [])
            self.reject(response.url, "not_article", f"not an article page: {why}")
            if LISTED_META in response.meta:
                self._listed_non_article(response.meta[URL_META], response.meta[LISTED_META])
        return bool(why)

    def _listed_non_article(self, url: str, listed_change: str | None) -> None:
        """A page a listing named that is no article: remembered in the crawl state (at
        most LOOKUP_BATCH at a time, the rest when the crawl closes), so that later runs
        fetch it again only once a listing says it changed. Not part of the run's
        delivery: a run that dies before writing them costs the next one these fetches."""
        page = NonArticle(url, self.name, "not_article", listed_change, utc_now_iso())
        self._non_articles.append(page)
        if len(self._non_articles) >= LOOKUP_BATCH:
            self._remember_non_articles()

    @cached_property
    def _non_articles(self) -> list[NonArticle]:
        return []

    def _remember_non_articles(self) -> None:
        state, pages = self.crawl_state, list(self._non_articles)
        self._non_articles.clear()
        if state is None or not pages:
            return
        try:
            state.remember_non_articles(pages)
        except state.errors as error:
            self.logger.warning(
                f"{len(pages)} listed page(s) that are no article could not be remembered in "
                f"the crawl state {state.path} ({error}): the next run fetches them again."
            )

    def _article(self, response: TextResponse) -> tuple[ArticleItem, StructuredData] | None:
        """The page's record and structured data; None when the page was rejected as no
        article (a hub, a listing)."""
        data = StructuredData(response)
        # Pages read generically are told from hubs and listings first; a site's own
        # templates know their article pages.
        if not self.templates and self._rejected_as_no_article(response, data):
            return None
        item = self.extract_article(response, data)
        signs = self.missing_template_signs(response, item)
        if signs and self._rejected_as_no_article(response, data):
            return None
        # A page where not even the site's structured data names a headline or a time is
        # no article of the site (a consent wall, an error page): the pipelines reject it
        # for what it lacks.
        if signs and (item.headline or item.published):
            item = self._generic_fallback(response, data, item, signs)
        elif self.templates:
            self.crawler.stats.inc_value("newscrawler/extraction/template")
        item.source = self.name
        item.agency = item.agency or self.agency
        item.language = item.language or self.language
        item.url = item.url or response.url
        item.fetched_at = response.meta.get(FETCHED_AT_META, utc_now_iso())
        return item, data

    def _page_shape_problem(
        self, response: TextResponse, data: StructuredData, item: ArticleItem
    ) -> tuple[str, str] | None:
        """(reason, detail) when the page is no one article: a soft 404, two articles in
        one page, or an article this crawl already has a record of (under its URL)."""
        if said := soft_404(response, item.headline):
            return "soft_404", f"a 'not found' page answered with status 200 ({said!r})"
        # A site's selectors would merge two articles' texts; the generic extraction
        # takes the main text, and asides with headlines of their own are common there.
        if self.templates and len(headlines := article_headlines(response, data)) > 1:
            listed = "; ".join(repr(headline) for headline in headlines[:5])
            return "two_articles", (
                f"the page carries {len(headlines)} articles ({listed}), whose texts cannot be "
                f"told apart: crawl each article's own URL"
            )
        if (first := self._recorded.get(item.url)) is not None:
            return "duplicate", (
                f"names {item.url} as its URL, as {first} did before it: the crawl has the "
                f"article's record already"
            )
        return None

    @cached_property
    def _recorded(self) -> dict[str, str]:
        """The URL of every record yielded in this run, with the page that gave it: one
        record per canonical URL."""
        return {}

    def extract_article(self, response: TextResponse, data: StructuredData) -> ArticleItem:
        """The site's fields of the record, as found on the page (text still raw)."""
        raise NotImplementedError

    @classmethod
    def template_for(cls, response: TextResponse) -> Any | None:
        """The generation of the site's article page that this page is, by its marker;
        None when the page carries no generation's marker. Looked for once per page: each
        marker is a search of the whole tree, and the extraction and the fallback check
        both ask."""
        generations = _TEMPLATES_FOUND.setdefault(response, {})
        if cls not in generations:
            generations[cls] = next((t for t in cls.templates if found(response, t.marker)), None)
        return generations[cls]

    def missing_template_signs(self, response: TextResponse, item: ArticleItem) -> list[str]:
        """What shows that the site's templates do not fit this page: no generation's
        marker, and (from the selectors and structured data together) no headline or no
        body. Empty when a generation's marker matches: a page of a known generation that
        lacks a body (a photo page) is rejected for it, not read as something else; and
        for a spider without templates."""
        if not self.templates or self.template_for(response) is not None:
            return []
        markers = " or ".join(t.marker for t in self.templates)
        signs = [f"no generation marker ({markers})"]
        return signs + [f"no {name}" for name in ("headline", "body") if not getattr(item, name)]

    def _generic_fallback(
        self, response: TextResponse, data: StructuredData, site_item: ArticleItem, signs: list[str]
    ) -> ArticleItem:
        """The record of a page the site's templates do not fit: what the site's own
        extraction found stands (its selectors that still match, its embedded and
        structured data read by its conventions: canonical URL, story id, credits, times),
        and the generic extraction fills every field it left empty. It replaces the site's
        body when that is far shorter than the main text (a lede or teaser that the
        structured data gives as its articleBody), and its headline when it continues the
        site's (a meta tag's headline cut at a length).

        Counted, and per field the generic extraction filled, when it made an article of
        the page: one that lacks a required field tells nothing of the templates, and the
        pipelines reject it with its reason."""
        from newscrawler.extraction.generic import far_shorter, generic_article, uncut_headline

        generic = generic_article(
            response,
            data,
            lambda field, *sources: self.pick(field, *sources, counted=False),
            site_item.url,
        )
        merged = ArticleItem()
        from_generic: list[str] = []
        for name in (f.name for f in fields(ArticleItem)):
            site_value, generic_value = getattr(site_item, name), getattr(generic, name)
            if name == "body" and far_shorter(site_value, generic_value):
                site_value = None
            elif name == "headline":
                site_value = uncut_headline(site_value, generic_value)
            if name in _NOT_EXTRACTED or site_value or not generic_value:
                setattr(merged, name, site_value)
            else:
                setattr(merged, name, generic_value)
                from_generic.append(name)
        if all(getattr(merged, name) for name in REQUIRED_FIELDS):
            stats = self.crawler.stats
            stats.inc_value("newscrawler/fallback/template")
            for name in from_generic:
                stats.inc_value(f"newscrawler/fallback/template/{name}")
            self._missing_signs.update(signs)
        return merged

    @cached_property
    def _missing_signs(self) -> Counter[str]:
        """How many pages showed each sign of a template that does not fit, this run."""
        return Counter()

    def closed(self, reason: str) -> None:
        """The listed pages found to be no article are remembered; once per run, what the
        pages extracted generically missed of the templates is said."""
        self._remember_non_articles()
        if not self._missing_signs:
            return
        pages = self.crawler.stats.get_value("newscrawler/fallback/template", 0)
        signs = "; ".join(f"{sign} on {count}" for sign, count in self._missing_signs.items())
        self.logger.warning(
            f"{pages} article page(s) matched none of the {self.name} spider's templates and "
            f"were extracted generically: {signs}. The site may have a new template: the "
            f"spider needs selectors for it."
        )

    def page_url(self, response: TextResponse, data: StructuredData) -> str:
        """The article's canonical URL: the page's rel=canonical, else og:url, else the
        URL it was fetched from. A canonical or og:url is resolved against the page (as
        every link is) and taken only when it is an article URL of the page's own site; one
        that is not is passed over and counted, by why: off the site (or no http(s) URL at
        all), a section front (the home page, a folder above the page, a URL naming no
        story where the page's does), or another article's (the page's other statements of
        its URL, og:url or its JSON-LD's, name the page itself, not it)."""
        fetched = self.canonical_url(response.url)

        def og_url() -> str | None:
            return self._resolved(response, data.meta_value("og:url"))

        # Read only where a stated URL is not the page's own: most pages' JSON-LD is
        # parsed for nothing else.
        def json_ld_urls() -> list[str | None]:
            return [
                self._resolved(response, _json_ld_url(data.article_value(key)))
                for key in ("mainEntityOfPage", "url")
            ]

        return self.pick(
            "url",
            lambda: self._stated_url(
                self._resolved(response, data.link_canonical),
                fetched,
                lambda: [og_url(), *json_ld_urls()],
            ),
            lambda: self._stated_url(og_url(), fetched, json_ld_urls),
            lambda: fetched,
        )

    def _resolved(self, response: TextResponse, value: str | None) -> str | None:
        """A URL the page states, resolved against the page and canonical; "" when it is
        no URL at all ("http://[bad", a port out of range), None when the page states none."""
        if not value or not value.strip():
            return None
        try:
            return self.canonical_url(response.urljoin(value.strip()))
        except ValueError:
            return ""

    def _stated_url(
        self, url: str | None, fetched: str, others: Callable[[], list[str | None]]
    ) -> str | None:
        """url where it is the page's own; others: the page's other statements of its URL."""
        if url is None:
            return None
        if not url:
            refused = "not_a_url"
        elif not self.is_site_url(url) or not same_site(url, fetched):
            refused = "offsite"
        elif not self.is_article_url(url) or section_front_of(url, fetched):
            refused = "section_front"
        elif not same_page(url, fetched) and fetched in (stated := others()) and url not in stated:
            refused = "another_article"
        else:
            return url
        stats = self.crawler.stats
        stats.inc_value("newscrawler/url/refused_canonical")
        stats.inc_value(f"newscrawler/url/refused_canonical/{refused}")
        return None

    def is_article_url(self, url: str) -> bool:
        """Whether a URL of the site can be an article's. Here: anything but the home
        page; a site spider that knows its article URLs says more."""
        return urlsplit(url).path.strip("/") != ""

    def pick(self, field: str, *sources: Callable[[], T | None], counted: bool = True) -> T | None:
        """The first non-empty value of the sources, tried in order: the site's selectors
        first, structured data after. A value from a later source is counted as a fallback,
        so the stats show when the site's markup has moved under its selectors (not
        counted: the generic extraction's own order on a page no template fits).

        For the times, a value that is no date (an unrendered template placeholder) is
        passed over for the next source; when none is a date, the first value is kept for
        the dates stage to reject with what the page said."""
        unreadable: T | None = None
        for index, source in enumerate(sources):
            value = source()
            if not value:
                continue
            if field in TIME_FIELDS and not self._is_time(value):
                unreadable = unreadable or value
                continue
            if index and counted:
                self.crawler.stats.inc_value(f"newscrawler/fallback/{field}")
            return value
        return unreadable

    def _is_time(self, value: Any) -> bool:
        return isinstance(value, str) and page_time(value, self.timezone, self.language) is not None

    # -- failures --------------------------------------------------------------------------

    def on_request_failed(self, failure: Failure) -> None:
        request = failure.request
        if request.callback == self.parse_article:
            self._fetched(request, [])
        reason, detail = describe_failure(failure)
        if hops := request.meta.get("redirect_urls"):
            detail += f" (redirected: {' -> '.join([*hops, request.url])})"
        # Under the URL the crawl asked for, not where redirects led.
        self.reject(request.meta.get(URL_META, request.url), reason, detail)

    def reject(self, url: str, reason: str, detail: str, record: Any = None) -> None:
        self.crawler.signals.send_catch_log(
            signal=page_rejected, url=url, reason=reason, detail=detail, record=record
        )


def _json_ld_url(value: Any) -> str | None:
    """A JSON-LD URL value: a string, or an object's ``@id`` or ``url`` (mainEntityOfPage)."""
    if isinstance(value, dict):
        value = value.get("@id") or value.get("url")
    return value if isinstance(value, str) else None


def _unchanged(known: ArticleState | None, listed_change: datetime | None) -> bool:
    """Whether a listing's time for an article is no later than the change remembered."""
    if known is None or listed_change is None:
        return False
    remembered_change = known.last_changed
    return remembered_change is not None and listed_change <= remembered_change


def _is_teaser(paragraphs: list[str]) -> bool:
    """Whether the copy runs under TEASER_WORDS words: counted up to there only (a whole
    article's words split out cost 1.5% of a Reuters record)."""
    words = 0
    for paragraph in paragraphs:
        words += len(paragraph.split())
        if words >= TEASER_WORDS:
            return False
    return True
