"""The crawl state and the incremental stage: new, updated, unchanged, and nothing
remembered unless the run delivers."""

from __future__ import annotations

import pytest
from scrapy import signals
from scrapy.exceptions import NotConfigured
from scrapy.utils.test import get_crawler
from twisted.python.failure import Failure

from newscrawler.delivery.run import CrawlRun
from newscrawler.delivery.state import CrawlState
from newscrawler.pipelines.incremental import IncrementalPipeline, UnchangedArticle
from newscrawler.spiders.yonhap import YonhapSpider
from tests.conftest import ARTICLE_URL, article

FIRST_VERSION = "https://en.yna.co.kr/view/AEN20230419003800320"


def run(tmp_path, *items, refresh="0", feed_failed=False):
    """One crawl's worth of the stage over the items, delivered by the run; (changes,
    unchanged count)."""
    settings = {
        "NEWSCRAWLER_OUTPUT_DIR": str(tmp_path),
        "NEWSCRAWLER_STATE_FILE": "%(output_dir)s/s.db",
    }
    crawler = get_crawler(YonhapSpider, settings)
    crawler.spider = crawler._create_spider(url=ARTICLE_URL, refresh=refresh)
    delivery = CrawlRun.from_crawler(crawler)
    stage = IncrementalPipeline.from_crawler(crawler)
    changes = []
    for item in items:
        try:
            changes.append(stage.process_item(item).change)
        except UnchangedArticle:
            changes.append("unchanged")
        else:
            stage.item_scraped(item)
    if feed_failed:
        crawler.stats.inc_value("feedexport/failed_count/AtomicFileFeedStorage")
    delivery.finish()
    delivery.engine_stopped()
    return changes


def test_first_run_new_second_run_unchanged(tmp_path):
    assert run(tmp_path, article()) == ["new"]
    assert run(tmp_path, article()) == ["unchanged"]


def test_changed_text_or_modification_time_is_updated(tmp_path):
    run(tmp_path, article(), article(url=FIRST_VERSION))
    changed = article(body=["Corrected text."])
    modified = article(url=FIRST_VERSION, modified="2023-04-19T16:00:00+09:00")
    assert run(tmp_path, changed, modified) == ["updated", "updated"]


def test_a_new_version_of_a_known_story_is_updated(tmp_path):
    story = "AEN20230419003800320"
    run(tmp_path, article(url=FIRST_VERSION, story_id=story, version=0))
    lead = article(url=ARTICLE_URL, story_id=story, version=1)
    other_story = article(url="https://en.yna.co.kr/view/AEN3", story_id="AEN3", version=0)
    assert run(tmp_path, lead, other_story) == ["updated", "new"]


def test_refresh_exports_unchanged_ones_again(tmp_path):
    run(tmp_path, article())
    assert run(tmp_path, article(), refresh="1") == ["updated"]


def test_nothing_is_remembered_when_a_feed_could_not_be_stored(tmp_path):
    run(tmp_path, article(), feed_failed=True)
    assert run(tmp_path, article()) == ["new"]


def test_a_record_a_later_stage_fails_on_is_forgotten(tmp_path):
    """Neither remembered nor kept in memory for the rest of the crawl."""
    crawler = get_crawler(YonhapSpider, {"NEWSCRAWLER_STATE_FILE": str(tmp_path / "s.db")})
    crawler.spider = crawler._create_spider(url=ARTICLE_URL)
    CrawlRun.from_crawler(crawler)
    stage = IncrementalPipeline.from_crawler(crawler)
    dropped, failed = article(), article(url=FIRST_VERSION)
    for item in (dropped, failed):
        stage.process_item(item)
    crawler.signals.send_catch_log(signals.item_dropped, item=dropped, spider=crawler.spider)
    crawler.signals.send_catch_log(
        signals.item_error, item=failed, spider=crawler.spider, failure=Failure(ValueError())
    )
    assert stage._passed == {}


def test_state_rows(tmp_path):
    run(tmp_path, article(story_id="S", version=2, modified="2023-04-19T15:00:00+09:00"))
    state = CrawlState(tmp_path / "s.db")
    known = state.get(ARTICLE_URL)
    assert (known.story_id, known.version, known.published, known.modified) == (
        "S",
        2,
        "2023-04-19T14:53:59+09:00",
        "2023-04-19T15:00:00+09:00",
    )
    assert known.last_changed.isoformat() == "2023-04-19T15:00:00+09:00"
    assert state.latest_version("yonhap", "S") == 2
    assert len(state) == 1


def test_no_state_file_no_stage():
    crawler = get_crawler(YonhapSpider, {"NEWSCRAWLER_STATE_FILE": ""})
    with pytest.raises(NotConfigured):
        IncrementalPipeline.from_crawler(crawler)
