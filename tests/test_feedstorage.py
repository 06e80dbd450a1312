"""The atomic feed storage: a feed appears whole, and only when the run commits."""

from scrapy.utils.test import get_crawler

from newscrawler.delivery.feedstorage import AtomicFileFeedStorage
from newscrawler.delivery.run import CrawlRun
from newscrawler.spiders.yonhap import YonhapSpider


def stored(tmp_path, target, data: bytes, **feed_options) -> CrawlRun:
    crawler = get_crawler(YonhapSpider, {"NEWSCRAWLER_OUTPUT_DIR": str(tmp_path)})
    storage = AtomicFileFeedStorage.from_crawler(crawler, str(target), feed_options=feed_options)
    file = storage.open(None)
    file.write(data)
    storage.store(file)
    return CrawlRun.from_crawler(crawler)


def test_overwrite_appears_whole_only_when_the_run_commits(tmp_path):
    target = tmp_path / "feeds" / "run.jsonl"
    target.parent.mkdir()
    target.write_bytes(b"an older feed\n")
    run = stored(tmp_path, target, b'{"a": 1}\n', overwrite=True)
    # Stored (fsynced) but not committed: a run killed now leaves only the .part file.
    assert target.read_bytes() == b"an older feed\n"
    [part] = (tmp_path / "feeds").glob(f"run.jsonl.{run.run_id}.part")
    run.finish()
    assert target.read_bytes() == b'{"a": 1}\n'
    assert not part.exists()


def test_append_adds_to_the_existing_feed(tmp_path):
    target = tmp_path / "run.jsonl"
    target.write_bytes(b'{"a": 1}\n')
    run = stored(tmp_path, target, b'{"b": 2}\n')
    assert target.read_bytes() == b'{"a": 1}\n'
    run.finish()
    assert target.read_bytes() == b'{"a": 1}\n{"b": 2}\n'
