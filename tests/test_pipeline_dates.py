import pytest

from newscrawler.pipelines import RejectedItem
from newscrawler.pipelines.dates import DatesPipeline
from tests.conftest import article


@pytest.mark.parametrize(
    ("raw", "iso"),
    [
        ("2023-04-19T14:53:59+09:00", "2023-04-19T14:53:59+09:00"),
        ("2023-04-19T05:53:59Z", "2023-04-19T05:53:59+00:00"),
        ("2023-04-19T14:53:59.123+09:00", "2023-04-19T14:53:59+09:00"),
        ("2023-04-19 14:53:59", "2023-04-19T14:53:59+09:00"),  # no offset: the site's zone
        ("Wed, 19 Apr 2023 14:53:59 +0900", "2023-04-19T14:53:59+09:00"),  # RSS
        ("14:53 April 19, 2023", "2023-04-19T14:53:00+09:00"),  # free text: dateparser
    ],
)
def test_published_to_iso_with_offset(crawler, raw, iso):
    item = DatesPipeline(crawler).process_item(article(published=raw, modified=raw))
    assert (item.published, item.modified) == (iso, iso)


def test_unparsable_published_rejects_with_reason(crawler):
    with pytest.raises(RejectedItem) as rejected:
        DatesPipeline(crawler).process_item(article(published="sometime soon"))
    assert rejected.value.reason == "unparsable_published"
    assert "sometime soon" in rejected.value.detail


def test_unparsable_modified_becomes_null_and_is_counted(crawler):
    item = DatesPipeline(crawler).process_item(article(modified="n/a"))
    assert item.modified is None
    assert crawler.stats.get_value("newscrawler/dates/unparsable_modified") == 1


def test_a_placeholder_modification_time_on_every_page_is_one_warning(crawler, caplog):
    """A site printing '0001-01-01T00:00:00Z' on every page (two AEB pages do) gave a
    warning per page; now the first page's, the rest counted and at DEBUG."""
    stage = DatesPipeline(crawler)
    with caplog.at_level("DEBUG", logger="newscrawler.pipelines.dates"):
        for number in range(3):
            url = f"https://example.com/{number}"
            stage.process_item(article(url=url, modified="0001-01-01T00:00:00Z"))
    warnings = [r.getMessage() for r in caplog.records if r.levelname == "WARNING"]
    assert len(warnings) == 1
    assert "https://example.com/0" in warnings[0]
    assert "newscrawler/dates/unparsable_modified" in warnings[0]
    assert sum(r.levelname == "DEBUG" for r in caplog.records) == 2
    assert crawler.stats.get_value("newscrawler/dates/unparsable_modified") == 3


def test_a_publication_after_the_fetch_is_rejected(crawler):
    item = article(published="2031-01-01T09:00:00+09:00", fetched_at="2023-04-19T07:00:00Z")
    with pytest.raises(RejectedItem) as rejected:
        DatesPipeline(crawler).process_item(item)
    assert rejected.value.reason == "future_published"


def test_a_few_hours_ahead_is_time_zone_slack(crawler):
    item = article(published="2023-04-19T23:00:00+09:00", fetched_at="2023-04-19T07:00:00Z")
    assert DatesPipeline(crawler).process_item(item).published == "2023-04-19T23:00:00+09:00"
