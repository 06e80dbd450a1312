"""Following related headlines in a real crawl through the Scrapy engine, against a
generated Yonhap-like site on a local server: the exact set reached for each hop count,
each page once, never another host or scheme."""

from __future__ import annotations

import pytest
from scrapy import Request
from scrapy.http import HtmlResponse
from scrapy.utils.test import get_crawler

from newscrawler.spiders.base import URL_META
from newscrawler.spiders.hops import LocalHops, Reached
from newscrawler.spiders.yonhap import YonhapSpider
from tests.crawling import crawl
from tests.yonhap_site import (
    HOST,
    VIEW,
    Article,
    SiteServer,
    YonhapSite,
    article_id,
    article_page,
    base_time,
)

A1, A2, A3 = (article_id(19, n) for n in (1, 2, 3))
B1, B2, B3 = (article_id(18, n) for n in (1, 2, 3))
OFFSITE = [
    "https://www.example.com/world/story",
    "mailto:desk@yna.co.kr",
    "javascript:void(0)",
    "ftp://en.yna.co.kr/view/AEN20230418000100315",
]


def page(content_id: str, related: list[str]) -> Article:
    return Article(
        content_id=content_id,
        headline=f"Story {content_id}",
        published=base_time(int(content_id[9:11])),
        paragraphs=[f"SEOUL, April {int(content_id[9:11])} (Yonhap) -- Text of {content_id}."],
        related=related,
    )


# A1 -> B1 (also as its mobile twin) and A2; B1 -> B2 -> B3; B2 -> A1 (a cycle); A2 -> A3.
SITE = [
    page(A1, [f"//{HOST}/view/{B1}", f"https://m-{HOST}/view/{B1}?input=fb",
              f"/view/{A2}?section=sports", *OFFSITE]),
    page(B1, [f"/view/{B2}"]),
    page(B2, [f"/view/{B3}", f"/view/{A1}"]),
    page(B3, []),
    page(A2, [f"/view/{A3}"]),
    page(A3, []),
]  # fmt: skip


@pytest.fixture
def server():
    server = SiteServer(YonhapSite(list(SITE)))
    yield server
    server.close()


@pytest.mark.parametrize(
    ("hops", "reached"),
    [
        (0, {A1}),
        (1, {A1, B1, A2}),
        (2, {A1, B1, A2, B2, A3}),
        (3, {A1, B1, A2, B2, A3, B3}),
    ],
)
def test_exact_set_reached_for_each_hop_count(server, tmp_path, hops, reached):
    result = crawl(
        "yonhap",
        tmp_path,
        urls=[f"https://{HOST}/view/{A1}"],
        hops=hops,
        settings=server.settings(),
    )
    assert result.returncode == 0, result.log
    assert {r["url"].rsplit("/", 1)[1] for r in result.records} == reached
    requested = server.site.take_log()
    # Each article once, nothing but the site's robots.txt and articles.
    assert sorted(requested) == sorted(["/robots.txt", *(f"/view/{c}" for c in reached)])
    assert result.rejects == []
    if hops:
        assert result.stats["newscrawler/links/not_followed_offsite"] == len(OFFSITE)


def test_a_page_reached_again_by_a_shorter_path_is_followed_from_there():
    """S1 -> A -> P -> Q and S2 -> P, hops=2: P is first fetched at hop 2 (through A, while
    S2 is slow) and Q left out; when S2 arrives, P is at hop 1, so Q (hop 2) is fetched,
    and P is not fetched again."""
    s1, s2, a, p, q = (article_id(19, n) for n in range(11, 16))
    pages = {
        s1: page(s1, [f"/view/{a}"]),
        s2: page(s2, [f"/view/{p}"]),
        a: page(a, [f"/view/{p}"]),
        p: page(p, [f"/view/{q}"]),
        q: page(q, []),
    }
    crawler = get_crawler(YonhapSpider)
    spider = crawler._create_spider(
        url=f"https://{HOST}/view/{s1},https://{HOST}/view/{s2}", hops=2
    )
    crawler.spider = spider
    queue = {r.meta[URL_META]: r for r in spider._start_requests()}
    fetched: list[str] = []

    def answer(content_id: str) -> list[str]:
        request = queue.pop(VIEW + content_id)
        fetched.append(content_id)
        body = article_page(pages[content_id]).encode()
        response = HtmlResponse(request.url, body=body, encoding="utf-8", request=request)
        new = [r for r in spider.parse_article(response) if isinstance(r, Request)]
        queue.update((r.meta[URL_META], r) for r in new)
        return [r.meta[URL_META].rsplit("/", 1)[1] for r in new]

    assert answer(s1) == [a]
    assert answer(a) == [p]
    assert answer(p) == []  # hop 2: its related headlines are not followed
    assert answer(s2) == [q]  # P reached at hop 1: Q follows, P is not fetched again
    assert answer(q) == []
    assert fetched == [s1, a, p, s2, q]
    assert [crawler.stats.get_value(f"newscrawler/pages/hop_{n}") for n in (0, 1, 2)] == [2, 2, 1]


def test_a_crawl_keeps_the_links_of_no_page_it_can_reach_by_no_shorter_path():
    """The related links of a page at hop 0 (every listed article) are never followed again:
    they are not kept (they would grow the crawl's memory with every page). Those of a page
    further out are, for when a shorter path reaches it."""
    related: dict[str, list[str]] = {}
    hops = LocalHops({}, related)
    hops.reach("A", 0)
    assert hops.fetched("A", ["B"], 0) == 0
    hops.reach("B", 1)
    assert hops.fetched("B", ["C"], 1) == 1
    assert related == {"B": ["C"]}
    assert hops.reach("B", 0) == Reached(1, ["C"])
