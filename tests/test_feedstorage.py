from newscrawler.delivery.feedstorage import AtomicFileFeedStorage


def test_overwrite_appears_whole_only_when_stored(tmp_path):
    target = tmp_path / "feeds" / "run.jsonl"
    storage = AtomicFileFeedStorage(str(target), feed_options={"overwrite": True})
    file = storage.open(None)
    file.write(b'{"a": 1}\n')
    assert not target.exists()  # a run killed now leaves only the .part file
    assert (tmp_path / "feeds" / "run.jsonl.part").exists()
    storage.store(file)
    assert target.read_bytes() == b'{"a": 1}\n'
    assert not (tmp_path / "feeds" / "run.jsonl.part").exists()


def test_append_adds_to_the_existing_feed(tmp_path):
    target = tmp_path / "run.jsonl"
    target.write_bytes(b'{"a": 1}\n')
    storage = AtomicFileFeedStorage(str(target))
    file = storage.open(None)
    file.write(b'{"b": 2}\n')
    assert target.read_bytes() == b'{"a": 1}\n'
    storage.store(file)
    assert target.read_bytes() == b'{"a": 1}\n{"b": 2}\n'
