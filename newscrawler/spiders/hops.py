"""What a crawl remembers to follow related headlines at their smallest hop count: every
article URL reached with the smallest hop count it was reached at, and every fetched
article's related links. ``LocalHops`` keeps it in the spider (saved with JOBDIR);
``newscrawler.distributed.hops.RedisHops`` shares it between the workers of a crawl."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol


@dataclass(frozen=True)
class Reached:
    """An article reached by a shorter path than before (or for the first time)."""

    previous: int | None  # the hop count it was reached at before; None: never reached
    related: list[str] | None  # its related links, None while it is not fetched yet


class HopMemory(Protocol):
    def reach(self, url: str, hop: int) -> Reached | None:
        """Note the article reached at a hop count; None when it was already reached at
        that count or a smaller one."""

    def fetched(self, url: str, related: list[str], hop: int) -> int:
        """Note the article fetched with its related links; its smallest known hop count
        (``hop``, the count it was requested at, when no shorter one is known)."""


class LocalHops:
    def __init__(self, reached: dict[str, int], related: dict[str, list[str]]) -> None:
        self._reached = reached
        self._related = related

    def reach(self, url: str, hop: int) -> Reached | None:
        known = self._reached.get(url)
        if known is not None and known <= hop:
            return None
        self._reached[url] = hop
        return Reached(known, None if known is None else self._related.get(url))

    def fetched(self, url: str, related: list[str], hop: int) -> int:
        smallest = self._reached.get(url, hop)
        # Links are followed again only from a page reached again by a shorter path: never
        # one at hop 0 (every listed article), so a crawl keeps no links of its own pages.
        if smallest > 0:
            self._related[url] = related
        return smallest
