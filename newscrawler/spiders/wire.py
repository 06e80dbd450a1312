"""The generic spider ``wire``: article pages of any news site, for agency copy carried by
sites that have no spider of their own.

    scrapy crawl wire -a url=URL[,URL...] | -a urls=FILE [-a hops=N]
    scrapy crawl wire -a domain=example.com [-a since=YYYY-MM-DD] [-a hops=N]

No selectors are known in advance: every page goes through the generic extraction
(newscrawler.extraction.generic), the one site spiders fall back to when their templates
do not match a page.

With ``-a domain=`` the spider discovers the site's articles as the site spiders do, from
what the site says of itself: the sitemaps its robots.txt names (news sitemaps first,
sitemap indexes followed; a news sitemap told by its name or, once read, by the Google News
entries it holds) and the RSS and Atom feeds its home page announces (on the site or on a
feed service's host), both read on every run; articles listed unchanged since the last run
are not fetched again, nor pages listed that proved to be no article until a listing says
they changed. The site is the domain's registrable part with all its subdomains (``www.``,
``news.``, ``m.``): a feed's entries that link elsewhere are not fetched.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import scrapy
from scrapy.http import Response, TextResponse
from twisted.python.failure import Failure

from newscrawler import arguments
from newscrawler.discovery import announced_feeds
from newscrawler.extraction.generic import generic_article
from newscrawler.extraction.structured import StructuredData
from newscrawler.extraction.urls import is_http_url, registrable_domain
from newscrawler.items import ArticleItem
from newscrawler.network.failures import describe_failure
from newscrawler.spiders.base import WireSpider


class WireGenericSpider(WireSpider):
    name = "wire"
    # Never credited as such: every record names its dateline's agency or its site.
    agency = "wire"
    language = "en"  # for dates when a page names no language and has no text to tell it by
    # Times a page gives without an offset are taken as UTC (the sites checked so far
    # print UTC in their machine-readable times).
    timezone = "UTC"

    arguments = (
        arguments.ANY_SITE_URL,
        arguments.URLS,
        arguments.DOMAIN,
        arguments.SINCE,
        arguments.UNTIL,
        arguments.HOPS,
        arguments.REFRESH,
    )

    def __init__(
        self,
        *args: Any,
        url: str | None = None,
        urls: str | None = None,
        domain: str | None = None,
        **kwargs: Any,
    ):
        try:
            self.domain = self._domain(url, urls, domain)
        except arguments.ArgumentError as error:
            raise arguments.ArgumentError(f"{self.name}: {error}") from None
        if self.domain:
            self.allowed_domains = [registrable_domain(f"https://{self.domain}/")]
        super().__init__(*args, url=url, urls=urls, **kwargs)

    def _domain(self, url: str | None, urls: str | None, domain: str | None) -> str | None:
        if domain and (url or urls):
            raise arguments.ArgumentError(
                f"-a domain and -a {'url' if url else 'urls'} exclude each other: name article "
                f"pages, or the site whose articles to discover."
            )
        if not (url or urls or domain):
            raise arguments.ArgumentError(
                f"no article to start from. Pass -a url=URL[,URL...] or -a urls=FILE with "
                f"article pages of any news site, or -a domain=example.com to discover a "
                f"site's articles. The spider's arguments:\n{arguments.describe(self.arguments)}"
            )
        return arguments.host_name("domain", domain) if domain else None

    def _site_urls(self, urls: list[str]) -> list[str]:
        if not self.domain:
            # The sites of the given pages, each with all its subdomains (www., m., news.).
            self.allowed_domains = _site_domains(urls)
        return super()._site_urls(urls)

    def extract_article(self, response: TextResponse, data: StructuredData) -> ArticleItem:
        return generic_article(response, data, self.pick, self.page_url(response, data))

    # -- discovering a site's articles (-a domain=) ---------------------------------------

    def _start_requests(self) -> Iterator[scrapy.Request]:
        if not self.domain:
            yield from super()._start_requests()
            return
        robots = self.listing_request(f"https://{self.domain}/robots.txt", self.parse_site_robots)
        yield robots.replace(errback=self.no_robots)

    def parse_site_robots(self, response: Response) -> Iterator[scrapy.Request]:
        sitemaps = self.robots_sitemaps(response)
        self.crawler.stats.inc_value("newscrawler/discovery/sitemaps_in_robots", len(sitemaps))
        yield from filter(None, map(self.sitemap_request, sitemaps))
        yield self._home_request(sitemaps=len(sitemaps))

    def no_robots(self, failure: Failure) -> Iterator[scrapy.Request]:
        """A site without a robots.txt (or one that could not be read) may still announce
        feeds on its home page."""
        self.crawler.stats.inc_value("newscrawler/discovery/no_robots")
        yield self._home_request(sitemaps=0)

    def _home_request(self, sitemaps: int) -> scrapy.Request:
        home = self.listing_request(f"https://{self.domain}/", self.parse_home)
        return home.replace(errback=self.home_failed, cb_kwargs={"sitemaps": sitemaps})

    def parse_home(self, response: Response, sitemaps: int) -> Iterator[scrapy.Request]:
        """The feeds the home page announces, on the site's hosts or a feed service's
        (feeds.feedburner.com): the crawl stays on the site all the same, as only the
        entries that link to it are fetched."""
        announced = announced_feeds(response) if isinstance(response, TextResponse) else []
        feeds = [url for url in announced if is_http_url(url)]
        stats = self.crawler.stats
        stats.inc_value("newscrawler/discovery/feeds_announced", len(feeds))
        elsewhere = sum(not self.is_site_url(url) for url in feeds)
        stats.inc_value("newscrawler/discovery/feeds_elsewhere", elsewhere)
        stats.inc_value("newscrawler/discovery/feeds_not_http", len(announced) - len(feeds))
        for url in feeds:
            yield self.listing_request(url, self.parse_feed)
        if not sitemaps and not feeds:
            self._nothing_to_discover(response.url, "its home page announces no feed")

    def home_failed(self, failure: Failure) -> None:
        if failure.request.cb_kwargs["sitemaps"]:
            self.on_request_failed(failure)
        else:
            reason, detail = describe_failure(failure)
            self._nothing_to_discover(
                failure.request.url, f"its home page could not be read ({reason}: {detail})"
            )

    def _nothing_to_discover(self, url: str, why: str) -> None:
        detail = (
            f"robots.txt names no sitemap of {self.allowed_domains[0]} and {why}: there is "
            f"nothing to discover its articles from. Name article pages with -a url= or "
            f"-a urls=."
        )
        self.logger.warning(f"{self.domain}: {detail}")
        self.reject(url, "no_listing", detail)


def _site_domains(urls: list[str]) -> list[str]:
    domains = (registrable_domain(url) for url in urls)
    return list(dict.fromkeys(domain for domain in domains if domain))
