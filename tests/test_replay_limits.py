"""Size limits of replayed bodies (issue 10): a WARC payload, like a store's body, is held
to DOWNLOAD_MAXSIZE after decoding, and the page is rejected as too_large."""

from __future__ import annotations

import pytest
from scrapy import Request
from scrapy.exceptions import IgnoreRequest
from scrapy.utils.test import get_crawler
from twisted.python.failure import Failure

from newscrawler.archives.reader import WarcArchive
from newscrawler.network.failures import describe_failure
from newscrawler.network.middlewares import ReplayMiddleware
from newscrawler.network.replay import TooLarge
from tests.warc_files import Page, write_cc_news

BIG = b"<html><body>" + b" " * 200_000 + b"</body></html>"


@pytest.fixture
def warc(tmp_path):
    pages = [Page("https://site.test/big", BIG, "2023-04-19T07:00:00Z", encoding="gzip")]
    return write_cc_news(tmp_path / "big.warc.gz", pages)


def test_a_warc_payload_over_the_limit_is_refused_and_under_it_is_read(warc):
    capture = WarcArchive([warc]).get("https://site.test/big")
    with pytest.raises(TooLarge, match="DOWNLOAD_MAXSIZE"):
        capture.body(10_000)
    assert capture.body(len(BIG)) == BIG


def test_the_replay_middleware_rejects_it_as_too_large(warc):
    settings = {"REPLAY_DIR": str(warc), "DOWNLOAD_MAXSIZE": 10_000}
    replay = ReplayMiddleware.from_crawler(get_crawler(settings_dict=settings))
    with pytest.raises(IgnoreRequest) as refused:
        replay.process_request(Request("https://site.test/big"))
    reason, detail = describe_failure(Failure(refused.value))
    assert reason == "too_large"
    assert "DOWNLOAD_MAXSIZE" in detail
