"""A pipeline and a spider with bugs that only some pages trigger, for the tests that
check what a bug costs: a parse_error reject with the exception, not a lost page or a
traceback. Loaded by the crawls of tests/test_parse_errors.py only."""

from __future__ import annotations

from typing import Any

from scrapy.http import TextResponse

from newscrawler.extraction.structured import StructuredData
from newscrawler.items import ArticleItem
from newscrawler.spiders.yonhap import YonhapSpider


class PipelineWithABug:
    """Fails on the Busan story, as a stage would on a page shape it never met."""

    def process_item(self, item: Any) -> Any:
        if "Busan port" in (item.headline or ""):
            return {}["dateline"]
        return item


class YonhapWithABug(YonhapSpider):
    """Yonhap's spider, failing on the page that mentions Hangeul."""

    name = "yonhap_with_a_bug"

    def extract_article(self, response: TextResponse, data: StructuredData) -> ArticleItem:
        if "Hangeul exhibition" in response.text:
            raise ZeroDivisionError("division by zero in a selector")
        return super().extract_article(response, data)
