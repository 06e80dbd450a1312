"""DNS that will not hand the crawler a private address: a site name that resolves to a
private, loopback or link-local address (DNS rebinding, an internal name on an allowed
domain) fails like a name that does not resolve."""

from __future__ import annotations

from collections.abc import Sequence
from ipaddress import ip_address
from typing import Any

from scrapy.crawler import Crawler
from scrapy.resolver import CachingThreadedResolver
from twisted.internet.defer import Deferred
from twisted.internet.error import DNSLookupError

from newscrawler.network.middlewares import is_public


class PublicAddressResolver(CachingThreadedResolver):
    allow_loopback = False

    @classmethod
    def from_crawler(cls, crawler: Crawler, reactor: Any) -> PublicAddressResolver:
        resolver = super().from_crawler(crawler, reactor)
        resolver.allow_loopback = crawler.settings.getbool("NEWSCRAWLER_ALLOW_LOOPBACK")
        return resolver

    def getHostByName(self, name: str, timeout: Sequence[int] = ()) -> Deferred[str]:  # Twisted API
        return super().getHostByName(name, timeout).addCallback(self._public, name)

    def _public(self, address: str, name: str) -> str:
        if not is_public(ip_address(address), self.allow_loopback):
            raise DNSLookupError(f"{name} resolves to a private address ({address})")
        return address
