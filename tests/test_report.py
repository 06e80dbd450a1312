"""The HTML run report: one self-contained file whose charts carry the numbers of the
runs' stats files and of the crawl state. Checked by parsing the document (HTML and each
chart's SVG) and reading every chart's data back: a browser cannot be installed by the
README's test command (pip only), so none renders it here."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from lxml import etree, html

from newscrawler.operations.report import articles_by_hour, read_runs, render_report
from tests.crawling import read_jsonl, run_scrapy
from tests.paths import FIXTURES

SAMPLE = "https://en.yna.co.kr/view/AEN20211023001800325"
SVG = "{http://www.w3.org/2000/svg}"


def charts(document: str) -> list[dict[str, list[float]]]:
    """Each chart's series, by legend title, with the value of each of its points; each
    chart's SVG parsed as the XML it must be."""
    return [
        chart_data(etree.fromstring(svg)) for svg in re.findall(r"<svg .*?</svg>", document, re.S)
    ]


def chart_data(svg: etree._Element) -> dict[str, list[float]]:
    titles = [
        text.text for text in svg.iterfind(f".//{SVG}g[@class='legends']//{SVG}text") if text.text
    ]
    values: dict[int, list[float]] = {}
    # Points are drawn in the plot (bars) or in its overlay (lines), each in its series.
    for group in svg.iterfind(f".//{SVG}g[@class]/{SVG}g[@class]"):
        classes = group.get("class").split()
        if "series" in classes and "plot" in group.getparent().get("class").split():
            index = int(next(c for c in classes if c.startswith("serie-")).split("-")[1])
            points = group.iterfind(f".//{SVG}desc[@class='value']")
            values.setdefault(index, []).extend(float(desc.text) for desc in points)
    return dict(zip(titles, [values.get(index, []) for index in range(len(titles))], strict=True))


def write_stats(folder: Path, spider: str, start: str, **counts: int) -> None:
    stats = {"start_time": start, "newscrawler/spider": spider, **counts}
    path = folder / spider / f"{start.replace(':', '-')}.stats.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(stats), "utf-8")


def test_a_template_change_shows_as_a_step_in_the_fallbacks(tmp_path):
    for day, fallbacks in ((1, 0), (2, 0), (3, 12), (4, 11)):
        counts = {"newscrawler/fallback/headline": fallbacks, "newscrawler/state/new": 12}
        write_stats(tmp_path, "yonhap", f"2026-04-0{day}T06:00:00+00:00", **counts)
    (tmp_path / "yonhap" / "broken.stats.json").write_text("{", "utf-8")  # skipped
    runs = read_runs(tmp_path, last=3)
    assert [run.started.day for run in runs] == [2, 3, 4]  # the last three, oldest first
    _, records, _, fallbacks = charts(render_report(runs, {}))
    assert fallbacks == {"headline": [0, 12, 11]}
    assert records == {"new": [12, 12, 12], "updated": [0, 0, 0], "unchanged": [0, 0, 0]}


@pytest.fixture(scope="module")
def report(tmp_path_factory: pytest.TempPathFactory):
    """Two real crawls (the second finds its article unchanged), then `scrapy report`."""
    folder = tmp_path_factory.mktemp("report")
    common = ["-a", f"url={SAMPLE}", "-s", f"REPLAY_DIR={FIXTURES / 'yonhap'}"]
    for hops in ("1", "0"):
        crawl = run_scrapy(["crawl", "yonhap", *common, "-a", f"hops={hops}"], folder)
        assert crawl.returncode == 0, crawl.stderr
    made = run_scrapy(["report", "-o", "runs.html"], folder)
    assert made.returncode == 0, made.stderr
    return folder, (folder / "runs.html").read_text("utf-8")


def test_the_report_is_one_file_that_fetches_nothing(report):
    _, text = report
    document = html.fromstring(text)
    assert document.findall(".//script") == []
    assert document.xpath("//*[@src]") == []
    assert document.xpath("//link[@href]") == []
    assert len(document.findall(".//section")) == 4
    assert len(document.xpath("//svg")) == 4
    assert [section.findtext("h2") for section in document.findall(".//section")] == [
        "Articles by hour of publication (UTC)",
        "Records per run",
        "Rejected pages per run, by reason",
        "Fields from structured data per run (a step: the template changed)",
    ]


def test_the_charts_carry_the_runs_and_the_crawl_state(report):
    folder, text = report
    first, second = sorted((folder / "output" / "yonhap").glob("*.stats.json"))
    stats = [json.loads(path.read_text("utf-8")) for path in (first, second)]
    hours, records, rejects, fallbacks = charts(text)
    # Articles by hour: the four articles of the first run's feed, by UTC hour.
    exported = [r for path in (folder / "output" / "yonhap").glob("*.jsonl")
                if not path.name.endswith(".rejects.jsonl") for r in read_jsonl(path)]  # fmt: skip
    by_hour = articles_by_hour(folder / "output" / "state.sqlite")
    assert sum(by_hour["yonhap"]) == len(exported) == 4
    assert hours == {"yonhap": by_hour["yonhap"]}
    assert records == {"new": [4, 0], "updated": [0, 0], "unchanged": [0, 1]}
    assert rejects == {"http_404": [stats[0]["newscrawler/rejected/http_404"], 0]}
    assert all(values == [0, 0] for values in fallbacks.values())
    assert "2 runs" in html.fromstring(text).findtext(".//p")
