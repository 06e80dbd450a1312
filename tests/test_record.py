"""`scrapy record`: live pages (here a local site) saved into a replay store that replays
them, with a golden record per article that the golden tests refuse until checked."""

from __future__ import annotations

import json

import pytest

from newscrawler.archives.recording import UNCHECKED
from tests.crawling import crawl, read_jsonl, run_scrapy
from tests.golden import UncheckedGolden, load
from tests.yonhap_site import Article, SiteServer, YonhapSite, article_id, base_time

ARTICLES = [
    Article(
        content_id=article_id(19, serial),
        headline=f"Recorded story {serial}",
        published=base_time(19, hour=9 + serial),
        paragraphs=[f"SEOUL, April 19 (Yonhap) -- Recorded story {serial}.", "More."],
    )
    for serial in (1, 2)
]


def record(server: SiteServer, tmp_path, store, golden):
    args = ["record", "yonhap", "-a", f"url={','.join(a.url for a in ARTICLES)}"]
    args += ["--out", str(store), "--golden", str(golden)]
    settings = {**server.settings(), "NEWSCRAWLER_OUTPUT_DIR": str(tmp_path / "output")}
    for name, value in settings.items():
        args += ["-s", f"{name}={value}"]
    return run_scrapy(args, cwd=tmp_path)


def test_recorded_pages_replay_and_their_goldens_wait_to_be_checked(tmp_path):
    server = SiteServer(YonhapSite(ARTICLES, gzip=True))
    store, golden = tmp_path / "fixtures" / "yonhap", tmp_path / "golden"
    try:
        first = record(server, tmp_path, store, golden)
        again = record(server, tmp_path, store, golden)
    finally:
        server.close()
    assert first.returncode == 0, first.stderr
    assert again.returncode == 0, again.stderr
    lines = read_jsonl(store / "index.jsonl")
    assert sorted(line["url"] for line in lines) == sorted(
        [*(a.url for a in ARTICLES), "https://en.yna.co.kr/robots.txt"]
    )  # recorded once, though asked twice
    for article in ARTICLES:
        [line] = [line for line in lines if line["url"] == article.url]
        assert line["status"] == 200
        assert line["headers"] == {"Content-Type": "text/html; charset=utf-8"}
        body = (store / line["file"]).read_bytes()  # as the spider read it: decompressed
        assert article.headline.encode() in body

    goldens = sorted(golden.glob("*.json"))
    assert [path.stem for path in goldens] == sorted(f"view_{a.content_id}" for a in ARTICLES)
    for path in goldens:
        with pytest.raises(UncheckedGolden, match="marked unchecked: read the page"):
            load(path)

    (tmp_path / "replay").mkdir()
    replayed = crawl("yonhap", tmp_path / "replay", store=store, urls=[a.url for a in ARTICLES])
    assert replayed.returncode == 0, replayed.log
    skeletons = [json.loads(path.read_text("utf-8")) for path in goldens]
    for skeleton in skeletons:
        skeleton.pop(UNCHECKED)
    assert sorted(replayed.records, key=lambda r: r["url"]) == skeletons


def test_record_needs_out(tmp_path):
    process = run_scrapy(["record", "yonhap", "-a", f"url={ARTICLES[0].url}"], cwd=tmp_path)
    assert process.returncode == 2
    assert "--out FOLDER is missing" in process.stderr
