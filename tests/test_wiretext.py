"""The wire-text format: the record of the page that carries the sample article renders
as ../shared/sample-document.txt, byte for byte, except that each repeated related
headline is written once (the record keeps each related URL once)."""

from __future__ import annotations

import io

from newscrawler.delivery.exporters import WireTextItemExporter
from newscrawler.delivery.wiretext import render_wire_text
from newscrawler.items import ArticleItem
from tests.crawling import run_scrapy
from tests.paths import FIXTURES, GOLDEN, SHARED, needs_shared

SAMPLE_URL = "https://en.yna.co.kr/view/AEN20211023001800325"
EXPECTED = GOLDEN / "fixtures" / "yonhap" / "sample-document.expected.txt"


def without_repeated_related(document: str) -> str:
    """The sample document with each related headline after the first "-" written once."""
    lines = document.split("\n")
    end = lines.index("(END)")
    head, related = lines[: end + 1], lines[end + 1 :]
    seen: set[str] = set()
    kept: list[str] = []
    for separator, headline in zip(related[::2], related[1::2], strict=True):
        assert separator == "-"
        if headline not in seen:
            seen.add(headline)
            kept += [separator, headline]
    return "\n".join(head + kept)


@needs_shared
def test_expected_rendering_is_the_sample_document_without_repeats():
    sample = (SHARED / "sample-document.txt").read_text("utf-8")
    assert EXPECTED.read_text("utf-8") == without_repeated_related(sample)


def test_crawling_the_sample_page_writes_the_sample_document(tmp_path):
    out = tmp_path / "sample.txt"
    process = run_scrapy(
        [
            "crawl", "yonhap", "-a", f"url={SAMPLE_URL}", "-O", f"{out}:wiretext",
            "-s", f"REPLAY_DIR={FIXTURES / 'yonhap'}", "-s", f"NEWSCRAWLER_OUTPUT_DIR={tmp_path}",
        ],
        cwd=tmp_path,
    )  # fmt: skip
    assert process.returncode == 0, process.stderr
    assert out.read_text("utf-8") == EXPECTED.read_text("utf-8") + "\n\n"


def record(**fields: object) -> dict:
    base = ArticleItem(
        headline="S. Korea to support investments",
        labels=["LEAD"],
        dateline={"text": "SEOUL, April 19 (Yonhap) --", "location": "SEOUL",
                  "date": "2023-04-19", "agency": "Yonhap"},
        body=["South Korea plans ...", "Rows:\nA 1\nB 2"],
        related=[{"headline": "(2nd LD) Other story", "url": "https://en.yna.co.kr/view/X"}],
    )  # fmt: skip
    return {**base.__dict__, **fields}


def test_render_labels_dateline_paragraphs_end_and_related():
    assert render_wire_text(record()) == (
        "(LEAD) S. Korea to support investments\n"
        "SEOUL, April 19 (Yonhap) -- South Korea plans ...\n"
        "Rows:\nA 1\nB 2\n"
        "(END)\n"
        "-\n(2nd LD) Other story"
    )


def test_render_without_dateline_or_related():
    text = render_wire_text(record(labels=[], dateline=None, related=[], body=["Only."]))
    assert text == "S. Korea to support investments\nOnly.\n(END)"


def test_exporter_follows_every_article_with_a_blank_line():
    buffer = io.BytesIO()
    exporter = WireTextItemExporter(buffer)
    exporter.start_exporting()
    for headline in ("One", "Two"):
        exporter.export_item(ArticleItem(headline=headline, body=[headline.lower()]))
    exporter.finish_exporting()
    # So that a feed appended to, or two files put together, keep every article apart.
    assert buffer.getvalue().decode() == "One\none\n(END)\n\nTwo\ntwo\n(END)\n\n"
