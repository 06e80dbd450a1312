"""The generic spider ``wire``: article pages of any news site, for agency copy carried by
sites that have no spider of their own.

    scrapy crawl wire -a url=URL[,URL...] | -a urls=FILE [-a hops=N]

No selectors are known in advance: every page goes through the generic extraction
(newscrawler.extraction.generic), the one site spiders fall back to when their templates
do not match a page.
"""

from __future__ import annotations

from typing import Any

from scrapy.http import TextResponse

from newscrawler import arguments
from newscrawler.extraction.generic import generic_article
from newscrawler.extraction.structured import StructuredData
from newscrawler.extraction.urls import registrable_domain
from newscrawler.items import ArticleItem
from newscrawler.spiders.base import WireSpider


class WireGenericSpider(WireSpider):
    name = "wire"
    # Never credited as such: every record names its dateline's agency or its site.
    agency = "wire"
    language = "en"  # for dates when a page names no language and has no text to tell it by
    # Times a page gives without an offset are taken as UTC (the sites checked so far
    # print UTC in their machine-readable times).
    timezone = "UTC"

    arguments = (arguments.ANY_SITE_URL, arguments.URLS, arguments.HOPS, arguments.REFRESH)

    def __init__(
        self,
        *args: Any,
        url: str | None = None,
        urls: str | None = None,
        hops: str | int = 0,
        **kwargs: Any,
    ):
        if not url and not urls:
            raise arguments.ArgumentError(
                f"{self.name}: no article to start from. Pass -a url=URL[,URL...] or "
                f"-a urls=FILE with article pages of any news site. The spider's arguments:\n"
                f"{arguments.describe(self.arguments)}"
            )
        super().__init__(*args, url=url, urls=urls, hops=hops, **kwargs)

    def _site_urls(self, urls: list[str]) -> list[str]:
        # The sites of the given pages, each with all its subdomains (www., m., news.).
        self.allowed_domains = _site_domains(urls)
        return super()._site_urls(urls)

    def extract_article(self, response: TextResponse, data: StructuredData) -> ArticleItem:
        return generic_article(response, data, self.pick, self.page_url(response, data))


def _site_domains(urls: list[str]) -> list[str]:
    domains = (registrable_domain(url) for url in urls)
    return list(dict.fromkeys(domain for domain in domains if domain))
