"""Template drift: a site spider on pages of a generation it has no selectors for. Every
real page of each site (../shared/corpus/<site>), with the markers of its generation
taken off, still becomes its record through the generic extraction, and the drift
monitor fails the run, naming what was missing."""

from __future__ import annotations

import json
from pathlib import Path

import lxml.html
import pytest
from scrapy.http import HtmlResponse
from scrapy.utils.misc import load_object

from newscrawler.operations.scoring import copy_text, token_f1, tokens
from tests.crawling import CrawlResult, crawl
from tests.golden import SITES, golden_paths, load
from tests.paths import CORPUS, needs_shared

MIN_BODY_F1 = 0.95


def spider_class(site: str) -> type:
    return load_object(f"newscrawler.spiders.{site}.{_CLASS_NAMES[site]}")


_CLASS_NAMES = {
    "yonhap": "YonhapSpider",
    "apnews": "APNewsSpider",
    "reuters": "ReutersSpider",
    "anadolu": "AnadoluSpider",
}


def without_generation_markers(url: str, html: bytes, spider: type) -> str:
    """The page as a generation the spider does not know would serve it: every element
    a template's marker matches loses its attributes (a marker <meta> goes whole)."""
    response = HtmlResponse(url, body=html, encoding="utf-8")
    for template in spider.templates:
        for selected in response.css(template.marker):
            element = selected.root
            if element.tag == "meta":
                element.drop_tree()
            else:
                element.attrib.clear()
    assert spider.template_for(response) is None
    return lxml.html.tostring(response.selector.root, encoding="unicode")


def drifted_store(site: str, folder: Path) -> list[str]:
    """A replay store of the site's corpus pages without their generation markers."""
    lines = (CORPUS / "index.jsonl").read_text("utf-8").splitlines()
    entries = [json.loads(line) for line in lines if line.strip()]
    entries = [entry for entry in entries if entry["file"].startswith(f"{site}/")]
    folder.mkdir()
    index = []
    for number, entry in enumerate(entries):
        html = without_generation_markers(
            entry["url"], (CORPUS / entry["file"]).read_bytes(), spider_class(site)
        )
        (folder / f"{number}.html").write_text(html, "utf-8")
        headers = {"Content-Type": "text/html; charset=utf-8"}
        index.append({**entry, "file": f"{number}.html", "headers": headers})
    (folder / "index.jsonl").write_text("".join(json.dumps(e) + "\n" for e in index), "utf-8")
    return [entry["url"] for entry in entries]


@pytest.fixture(scope="module")
def drifted_crawls(tmp_path_factory: pytest.TempPathFactory) -> dict[str, CrawlResult]:
    crawls = {}
    for site in SITES:
        tmp_path = tmp_path_factory.mktemp(f"drift-{site}")
        urls = drifted_store(site, tmp_path / "store")
        crawls[site] = crawl(site, tmp_path, store=tmp_path / "store", urls=urls)
    return crawls


@needs_shared
@pytest.mark.parametrize(
    ("site", "golden"),
    [
        pytest.param(site, path, id=f"{site}-{path.stem}")
        for site in SITES
        for path in golden_paths("corpus", site)
    ],
)
def test_a_page_of_an_unknown_generation_still_gives_its_record(
    site: str, golden: Path, drifted_crawls: dict[str, CrawlResult]
):
    expected = load(golden)
    records = {record["url"]: record for record in drifted_crawls[site].records}
    record = records.get(expected["url"])
    assert record is not None, drifted_crawls[site].rejects
    assert record["headline"] == expected["headline"]
    assert record["published"] == expected["published"]
    assert token_f1(tokens(copy_text(record)), tokens(copy_text(expected))) >= MIN_BODY_F1


@needs_shared
@pytest.mark.parametrize("site", SITES)
def test_the_drift_monitor_fails_the_run_and_the_log_names_the_missing_signs(
    site: str, drifted_crawls: dict[str, CrawlResult]
):
    result = drifted_crawls[site]
    pages = len(golden_paths("corpus", site))
    assert result.rejects == []
    assert result.stats["newscrawler/fallback/template"] >= pages
    assert result.returncode == 1
    assert "FAILED Template drift" in result.log
    warnings = [line for line in result.log.splitlines() if "extracted generically:" in line]
    assert len(warnings) == 1
    assert "no generation marker" in warnings[0]
