"""Feeds a user opens after a real crawl (the Scrapy engine, over the Yonhap fixtures):
wire text and CSV appended run after run, CSV a spreadsheet opens; and the log of the crawl,
at its default level, names records without printing them."""

from __future__ import annotations

import csv
import io
import json
from dataclasses import fields

import pytest
from scrapy.exporters import JsonItemExporter, JsonLinesItemExporter

from newscrawler.delivery.exporters import RecordJsonItemExporter, RecordJsonLinesItemExporter
from newscrawler.items import ArticleItem
from tests.crawling import run_scrapy
from tests.paths import FIXTURES

SAMPLE = "https://en.yna.co.kr/view/AEN20211023001800325"


@pytest.fixture(scope="module")
def runs(tmp_path_factory: pytest.TempPathFactory):
    """Two crawls of the sample page, appending to one wire-text feed and one CSV feed;
    the first also writes JSON Lines. No LOG_LEVEL is given: the project's default holds."""
    folder = tmp_path_factory.mktemp("exports")
    common = ["-a", f"url={SAMPLE}", "-s", f"REPLAY_DIR={FIXTURES / 'yonhap'}"]
    first = run_scrapy(
        ["crawl", "yonhap", *common, "-a", "hops=1", "-o", "out.txt:wiretext",
         "-o", "out.csv", "-o", "out.jsonl"],
        folder,
    )  # fmt: skip
    second = run_scrapy(
        ["crawl", "yonhap", *common, "-a", "refresh=1", "-o", "out.txt:wiretext",
         "-o", "out.csv", "-s", "NEWSCRAWLER_PROGRESS_INTERVAL=0.02"],
        folder,
    )  # fmt: skip
    assert first.returncode == 0, first.stderr
    assert second.returncode == 0, second.stderr
    return folder, first, second


def test_wire_text_appended_twice_keeps_the_articles_apart(runs):
    folder, *_ = runs
    articles = (folder / "out.txt").read_text("utf-8").split("\n\n")
    assert articles[-1] == ""  # every article, the last too, is followed by a blank line
    articles = articles[:-1]
    assert len(articles) == 5  # 4 from the first run, the sample again from the second
    assert all(article.splitlines()[0] and "(END)" in article for article in articles)
    assert articles[-1].startswith("China's Xi vows to bolster ties with N. Korea")


def test_csv_has_one_row_per_article_with_paragraphs_apart_and_json_columns(runs):
    folder, *_ = runs
    records = {
        record["url"]: record
        for record in map(json.loads, (folder / "out.jsonl").read_text("utf-8").splitlines())
    }
    raw = (folder / "out.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # the BOM Excel needs to read UTF-8
    assert raw.count(b"\xef\xbb\xbf") == 1
    with (folder / "out.csv").open(encoding="utf-8-sig", newline="") as file:
        rows = list(csv.DictReader(file))
    # 4 from the first run, the sample again from the second: one header for both runs
    assert len(rows) == len(records) + 1 == 5
    assert rows[-1]["url"] == SAMPLE
    assert list(rows[0]) == list(next(iter(records.values())))  # every field, record order
    for row in rows:
        record = records[row["url"]]
        assert row["body"].split("\n\n") == record["body"]
        assert json.loads(row["dateline"]) == record["dateline"]
        assert json.loads(row["related"]) == record["related"]
        assert json.loads(row["keywords"]) == record["keywords"]
        assert row["headline"] == record["headline"]


def test_the_log_is_at_info_and_names_records_without_printing_them(runs):
    _, first, _ = runs
    log = first.stderr
    assert "] DEBUG:" not in log
    assert "'body':" not in log and "Xi Jinping has reaffirmed" not in log
    assert "Crawl summary (yonhap):" in log
    assert len(log) < 20_000


def test_a_crawl_logs_its_progress_with_the_total_it_knows(runs):
    *_, second = runs
    progress = [line for line in second.stderr.splitlines() if "] INFO: Progress: " in line]
    assert progress, second.stderr
    assert all("pages fetched" in line and "; articles " in line for line in progress)
    assert all(" of 1; records " in line and " queued" in line for line in progress)
    assert "Crawled 0 pages (at 0 pages/min)" not in second.stderr  # Scrapy's line replaced


def _exported(exporter_class: type, items: list, **options: object) -> bytes:
    file = io.BytesIO()
    exporter = exporter_class(file, encoding="utf-8", **options)
    exporter.start_exporting()
    for item in items:
        exporter.export_item(item)
    exporter.finish_exporting()
    return file.getvalue()


def test_json_feeds_are_what_scrapys_exporters_write(runs):
    """The crawl's JSON Lines, byte for byte, and JSON: Scrapy's exporters' output for the
    same records, whole or with fields chosen, and for an item of another kind."""
    folder, *_ = runs
    lines = (folder / "out.jsonl").read_bytes().splitlines(keepends=True)
    items = [ArticleItem(**json.loads(line)) for line in lines]
    assert len(items) == 4
    assert _exported(JsonLinesItemExporter, items) == b"".join(lines)
    others: list = [*items, {"url": "https://en.yna.co.kr/", "headline": None}]
    for ours, scrapys in (
        (RecordJsonLinesItemExporter, JsonLinesItemExporter),
        (RecordJsonItemExporter, JsonItemExporter),
    ):
        assert _exported(ours, items) == _exported(scrapys, items)
        assert _exported(ours, others) == _exported(scrapys, others)
        chosen = {"fields_to_export": ["headline", "url"]}
        assert _exported(ours, items, **chosen) == _exported(scrapys, items, **chosen)
    # What the exporters' shortcut takes for granted: no field asks for a serializer.
    assert not any(field.metadata for field in fields(ArticleItem))
