"""Backfill from CC-NEWS-shaped WARC files (-a warc=): a real `scrapy crawl` that reads a
site's articles out of an archive of many sites, as if it had fetched them."""

from __future__ import annotations

import pytest

from newscrawler.arguments import ArgumentError
from newscrawler.spiders.yonhap import YonhapSpider
from tests.crawling import Crawl
from tests.warc_files import Page, write_cc_news
from tests.yonhap_site import Article, article_id, article_page, base_time

YONHAP = [
    Article(
        content_id=article_id(19, serial),
        headline=f"Archived story {serial}",
        published=base_time(19, hour=8 + serial),
        paragraphs=[f"SEOUL, April 19 (Yonhap) -- Archived story {serial}.", "More."],
    )
    for serial in range(1, 4)
]
OTHER_SITE = b"""<!doctype html><html lang="en"><head><title>Elsewhere</title>
<meta property="article:published_time" content="2023-04-19T08:00:00Z"></head>
<body><article><h1>Elsewhere</h1><p>Not a Yonhap page.</p></article></body></html>"""


@pytest.fixture
def cc_news(tmp_path):
    pages = [
        Page("https://apnews.com/article/elsewhere-1", OTHER_SITE, "2023-04-19T00:00:01Z"),
        Page(YONHAP[0].url, article_page(YONHAP[0]).encode(), "2023-04-19T00:00:02Z"),
        Page("https://www.reuters.com/world/elsewhere-2/", OTHER_SITE, "2023-04-19T00:00:03Z"),
        Page(
            YONHAP[1].url.replace("https://", "http://") + "?input=rss",
            article_page(YONHAP[1]).encode(),
            "2023-04-19T00:00:04Z",
            encoding="gzip",
        ),
        Page(
            "https://en.yna.co.kr/view/AEN20230419000000315",
            b"",
            "2023-04-19T00:00:05Z",
            status="301 Moved Permanently",
            headers=[("Location", YONHAP[2].url)],
        ),
        Page("https://www.aa.com.tr/en/elsewhere/3", OTHER_SITE, "2023-04-19T00:00:06Z"),
        Page(YONHAP[2].url, article_page(YONHAP[2]).encode(), "2023-04-19T00:00:07Z", chunked=True),
    ]
    folder = tmp_path / "crawl-data" / "CC-NEWS" / "2023" / "04"
    folder.mkdir(parents=True)
    return write_cc_news(folder / "CC-NEWS-20230419000000-00001.warc.gz", pages)


def test_a_cc_news_warc_gives_exactly_the_spiders_articles_then_none_again(cc_news, tmp_path):
    first = Crawl("yonhap", tmp_path, {"warc": str(cc_news)}, {}, []).run()
    assert first.returncode == 0, first.log
    fetched = {record["url"]: record["fetched_at"] for record in first.records}
    assert fetched == {
        YONHAP[0].url: "2023-04-19T00:00:02Z",
        YONHAP[1].url: "2023-04-19T00:00:04Z",
        YONHAP[2].url: "2023-04-19T00:00:07Z",
    }
    assert [r["headline"] for r in first.records if r["url"] == YONHAP[1].url] == [
        "Archived story 2"
    ]
    assert first.rejects == []
    assert first.stats["newscrawler/backfill/pages"] == 3
    assert first.stats["newscrawler/backfill/status_301"] == 1

    # The next backfill, given CC-NEWS's list of paths, knows them all from the crawl state.
    listing = tmp_path / "warc.paths"
    listing.write_text(str(cc_news.relative_to(tmp_path)) + "\n", "utf-8")
    second = Crawl("yonhap", tmp_path, {"warc": str(listing)}, {}, []).run()
    assert second.returncode == 0, second.log
    assert second.records == []
    assert second.stats["newscrawler/state/unchanged"] == 3


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        ({"warc": "no/such.warc.gz"}, "-a warc=no/such.warc.gz: there is no such file"),
        ({"warc": "{cc_news}", "start": "rss"}, "-a warc and -a start exclude each other"),
    ],
)
def test_warc_argument_errors_say_what_to_do(cc_news, arguments, message):
    arguments = {name: value.format(cc_news=cc_news) for name, value in arguments.items()}
    with pytest.raises(ArgumentError, match=message):
        YonhapSpider(**arguments)
