"""The generic spider ``wire``: article pages of any news site, for agency copy carried by
sites that have no spider of their own.

    scrapy crawl wire -a url=URL[,URL...] [-a hops=N]

No selectors are known in advance: every page goes through the generic extraction
(newscrawler.extraction.generic), the one site spiders fall back to when their templates
do not match a page.
"""

from __future__ import annotations

from typing import Any

from scrapy.http import TextResponse

from newscrawler import arguments
from newscrawler.extraction.generic import generic_article, registrable_domain
from newscrawler.extraction.structured import StructuredData
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

    arguments = (arguments.ANY_SITE_URL, arguments.HOPS, arguments.REFRESH)

    def __init__(self, *args: Any, url: str | None = None, hops: str | int = 0, **kwargs: Any):
        if not url:
            raise arguments.ArgumentError(
                f"{self.name}: no article to start from. Pass -a url=URL[,URL...] with article "
                f"pages of any news site. The spider's arguments:\n"
                f"{arguments.describe(self.arguments)}"
            )
        # Before the base checks the URLs against them: the sites of the given pages, each
        # with all its subdomains (www., m., news.).
        self.allowed_domains = _site_domains(url)
        super().__init__(*args, url=url, hops=hops, **kwargs)

    def extract_article(self, response: TextResponse, data: StructuredData) -> ArticleItem:
        return generic_article(response, data, self.pick)


def _site_domains(urls: str) -> list[str]:
    domains = (registrable_domain(url) for url in arguments.split_urls(urls))
    return list(dict.fromkeys(domain for domain in domains if domain))
