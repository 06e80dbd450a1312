"""The rejects feed: a page that does not become a record is counted under its reason and
written, with its URL and reason, to the rejects feed."""

from __future__ import annotations

import json

from scrapy.exceptions import DropItem
from scrapy.http import HtmlResponse
from scrapy.utils.test import get_crawler
from twisted.python.failure import Failure

from newscrawler.delivery.rejects import RejectsFeed
from newscrawler.delivery.run import CrawlRun
from newscrawler.pipelines import RejectedItem
from newscrawler.spiders.yonhap import YonhapSpider
from tests.conftest import ARTICLE_URL, article
from tests.crawling import crawl
from tests.paths import FIXTURES

PHOTO_PAGE = "https://en.yna.co.kr/view/PYH20211022011300315"


def test_a_page_without_body_text_is_rejected_with_its_partial_record(tmp_path):
    result = crawl("yonhap", tmp_path, store=FIXTURES / "yonhap", urls=[PHOTO_PAGE])
    assert result.returncode == 1  # a crawl that yields no article fails its monitors
    assert result.records == []
    [reject] = result.rejects
    assert (reject["url"], reject["reason"]) == (PHOTO_PAGE, "missing_body")
    assert "selectors" in reject["detail"]
    assert reject["record"]["headline"]  # what the page did give is kept for inspection
    assert result.stats["newscrawler/rejected/missing_body"] == 1
    assert result.stats["item_dropped_count"] == 1


def feed(tmp_path):
    settings = {
        "NEWSCRAWLER_OUTPUT_DIR": str(tmp_path),
        "NEWSCRAWLER_REJECTS_FILE": "%(output_dir)s/%(name)s.rejects.jsonl",
    }
    crawler = get_crawler(YonhapSpider, settings)
    crawler.spider = crawler._create_spider(url=ARTICLE_URL)
    return crawler, RejectsFeed.from_crawler(crawler)


def close(crawler, rejects):
    """The end of the crawl: the rejects feed closes, then the run delivers."""
    rejects.spider_closed()
    CrawlRun.from_crawler(crawler).finish()


def lines(tmp_path):
    text = (tmp_path / "yonhap.rejects.jsonl").read_text("utf-8")
    return [json.loads(line) for line in text.splitlines()]


def test_every_kind_of_reject_is_counted_and_written(tmp_path):
    crawler, rejects = feed(tmp_path)
    response = HtmlResponse(ARTICLE_URL, body=b"<html></html>")
    rejects.item_dropped(article(body=[]), response, RejectedItem("missing_body", "no body"))
    rejects.item_dropped(article(), response, DropItem("some other stage said no"))
    rejects.spider_error(Failure(ValueError("bad markup")), response)
    rejects.page_rejected("https://en.yna.co.kr/view/X", "http_503", "the site answered HTTP 503")
    close(crawler, rejects)
    assert [(line["reason"], line["url"]) for line in lines(tmp_path)] == [
        ("missing_body", ARTICLE_URL),
        ("dropped", ARTICLE_URL),
        ("parse_error", ARTICLE_URL),
        ("http_503", "https://en.yna.co.kr/view/X"),
    ]
    stats = crawler.stats.get_stats()
    assert stats["newscrawler/rejected"] == 4
    assert stats["newscrawler/rejected/parse_error"] == 1
    assert "ValueError: bad markup" in lines(tmp_path)[2]["detail"]


def test_no_rejects_no_file(tmp_path):
    crawler, rejects = feed(tmp_path)
    close(crawler, rejects)
    assert not (tmp_path / "yonhap.rejects.jsonl").exists()


def test_a_partial_record_with_a_lone_surrogate_is_written_not_lost(tmp_path):
    """A page's broken text (a lone surrogate from an escaped byte) cannot be UTF-8: the
    reject line is still written, the character replaced."""
    crawler, rejects = feed(tmp_path)
    record = {"url": ARTICLE_URL, "headline": "Broken \udc80 headline"}
    rejects.page_rejected(ARTICLE_URL, "missing_body", "no body", record)
    close(crawler, rejects)
    [line] = lines(tmp_path)
    assert line["reason"] == "missing_body"
    assert line["record"]["headline"] == "Broken ? headline"
