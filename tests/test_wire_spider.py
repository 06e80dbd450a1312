"""The generic `wire` spider: real crawls through the Scrapy engine over the AP and Reuters
copy of ../shared/corpus/wire (body scored against the benchmark's hand-checked article
text, the other fields against values read off the pages) and over the project's own
fixture pages (whole records against golden records)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from newscrawler.extraction.generic import _identified_language
from newscrawler.items import field_names
from newscrawler.operations.scoring import PageScore, score
from newscrawler.spiders.wire import WireGenericSpider
from tests.crawling import CrawlResult, crawl
from tests.paths import CORPUS, FIXTURES, GOLDEN, needs_shared

# Every page's body reaches 0.99 token F1 against its articleBody.txt; all but the
# ScienceAlert page reach 1.0 (its benchmark text keeps Reuters' closing credit line and
# "© Reuters", which the record leaves out of the body by the contract).
MIN_BODY_F1 = 0.99

# Read off each page: its headline, its publication time (JSON-LD datePublished, else
# article:published_time; ScienceAlert's only machine-readable time is a hidden
# "published_date" field without an offset, taken as UTC), the dateline opening its copy,
# and the reporters its credit names (JSON-LD author, or Reuters' "(Reporting by ...)").
CORPUS_PAGES = {
    "aeb-359fee228518": (
        "The First Map of Saturn's Moon Titan Just Revealed Some Tantalising Features",
        "2019-11-19T02:24:47+00:00",
        "WASHINGTON (Reuters) -",
        ["Will Dunham"],
    ),
    "aeb-5caf91b8a442": (
        "The Latest: Man stabbed to death on San Francisco Bay train",
        "2019-11-20T05:57:50+00:00",
        "HAYWARD, Calif. (AP) —",
        [],
    ),
    "aeb-aec5deeaada8": (
        "7 key questions heading into the 2020 Democratic debate",
        "2019-11-20T11:15:49+00:00",
        "WASHINGTON (AP) —",
        ["STEVE PEOPLES"],
    ),
    "aeb-d0382c0d9573": (
        "PG&E begins new mass power shutoff over fire danger",
        "2019-11-20T06:09:25+00:00",
        "SAN FRANCISCO (AP) —",
        ["JANIE HAR"],
    ),
    "aeb-db6b0816c612": (
        "Esper accuses China of intimidating smaller Asian nations",
        "2019-11-20T11:19:29+00:00",
        "HANOI, Vietnam (AP) —",
        ["ROBERT BURNS"],
    ),
    "aeb-eecd2575093b": (
        "LeBron sets triple-double mark, Lakers hold off OKC 112-107",
        "2019-11-20T07:30:38+00:00",
        "LOS ANGELES (AP) —",
        ["GREG BEACHAM"],
    ),
    "aeb-ef2b3f268a67": (
        "Cat found in New Mexico after going missing in Oregon",
        "2019-11-20T05:14:35+00:00",
        "SANTA FE, N.M. (AP) —",
        [],
    ),
}

FIXTURE_STORE = FIXTURES / "wire"
FIXTURE_GOLDEN = sorted((GOLDEN / "fixtures" / "wire").glob("*.json"))
WILDFIRE = "https://www.example.com/news/article/Crews-hold-wildfire-line-above-Boise-15000001.php"
DREDGING = "https://www.example.org/2024/05/14/harbor-council-delays-dredging-vote/"
# Related on the wildfire page, not in the store.
DROUGHT = (
    "https://www.example.com/news/article/Drought-leaves-Idaho-ranchers-short-of-hay-15000003.php"
)


def corpus_pages() -> dict[str, str]:
    """The corpus's wire pages: name (file stem) -> URL."""
    lines = (CORPUS / "index.jsonl").read_text("utf-8").splitlines()
    entries = [json.loads(line) for line in lines if line.strip()]
    return {
        Path(entry["file"]).stem: entry["url"]
        for entry in entries
        if entry["file"].startswith("wire/")
    }


def by_url(result: CrawlResult) -> dict[str, dict]:
    return {record["url"]: record for record in result.records}


def write_feed(result: CrawlResult, path: Path) -> Path:
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in result.records))
    return path


@pytest.fixture(scope="module")
def corpus_crawl(tmp_path_factory: pytest.TempPathFactory) -> CrawlResult:
    urls = list(corpus_pages().values())
    return crawl("wire", tmp_path_factory.mktemp("corpus"), store=CORPUS, urls=urls)


@pytest.fixture(scope="module")
def body_scores(corpus_crawl: CrawlResult, tmp_path_factory: pytest.TempPathFactory) -> dict:
    feed = write_feed(corpus_crawl, tmp_path_factory.mktemp("scores") / "wire.jsonl")
    pages: list[PageScore] = score(feed, [CORPUS / "wire"])
    return {page.name: page for page in pages}


@pytest.fixture(scope="module")
def fixtures_crawl(tmp_path_factory: pytest.TempPathFactory) -> CrawlResult:
    # Two sites at once; the wildfire page's related headlines are followed one link out.
    return crawl(
        "wire",
        tmp_path_factory.mktemp("fixtures"),
        store=FIXTURE_STORE,
        urls=[WILDFIRE, DREDGING],
        hops=1,
    )


@needs_shared
def test_every_corpus_page_becomes_a_record(corpus_crawl: CrawlResult):
    assert corpus_crawl.returncode == 0, corpus_crawl.log
    assert sorted(by_url(corpus_crawl)) == sorted(corpus_pages().values())
    assert corpus_crawl.rejects == []


@needs_shared
@pytest.mark.parametrize("name", sorted(CORPUS_PAGES))
def test_corpus_body_matches_the_benchmark_text(body_scores: dict, name: str):
    page = body_scores[name]
    assert page.in_feed
    assert page.scores["body_f1"] >= MIN_BODY_F1


@needs_shared
@pytest.mark.parametrize("name", sorted(CORPUS_PAGES))
def test_corpus_page_fields_read_off_the_page(corpus_crawl: CrawlResult, name: str):
    headline, published, dateline, authors = CORPUS_PAGES[name]
    record = by_url(corpus_crawl)[corpus_pages()[name]]
    assert record["headline"] == headline
    assert record["published"] == published
    assert record["dateline"]["text"] == dateline
    assert record["agency"] == record["dateline"]["agency"]
    assert record["authors"] == authors
    assert record["source"] == "wire"
    assert record["language"] == "en"


def test_fixture_crawl_follows_related_headlines_within_the_sites(fixtures_crawl: CrawlResult):
    assert fixtures_crawl.returncode == 0, fixtures_crawl.log
    assert sorted(by_url(fixtures_crawl)) == sorted(
        json.loads(path.read_text("utf-8"))["url"] for path in FIXTURE_GOLDEN
    )
    # The off-site link (apnews.com), the navigation and the sidebar are not related
    # headlines; the page's own link is dropped; the store lacks the drought page.
    assert [reject["url"] for reject in fixtures_crawl.rejects] == [DROUGHT]
    assert fixtures_crawl.stats["newscrawler/pages/hop_1"] == 2
    # The dredging page's text is only in its JSON-LD.
    assert fixtures_crawl.stats["newscrawler/fallback/body"] == 1


@pytest.mark.parametrize("golden", FIXTURE_GOLDEN, ids=lambda path: path.stem)
def test_fixture_page_gives_its_golden_record(fixtures_crawl: CrawlResult, golden: Path):
    expected = json.loads(golden.read_text("utf-8"))
    assert by_url(fixtures_crawl).get(expected["url"]) == expected


def test_fixture_records_keep_contract_field_order(fixtures_crawl: CrawlResult):
    for record in fixtures_crawl.records:
        assert list(record) == field_names()


def test_allowed_domains_are_the_given_pages_sites():
    spider = WireGenericSpider(
        url="https://www.sfgate.com/news/a.php, https://news.bbc.co.uk/x,https://m.sfgate.com/b"
    )
    assert spider.allowed_domains == ["sfgate.com", "bbc.co.uk"]
    assert spider.is_site_url("https://blog.sfgate.com/c")
    assert not spider.is_site_url("https://apnews.com/article/x")


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        ({}, "Pass -a url=URL"),
        ({"url": "ftp://www.sfgate.com/x"}, "not an http"),
        ({"url": "https://www.sfgate.com/x", "hops": "many"}, "not a whole number"),
    ],
)
def test_bad_arguments_say_what_to_do(arguments: dict, message: str):
    with pytest.raises(ValueError, match=message):
        WireGenericSpider(**arguments)


def test_a_page_that_names_no_language_is_told_by_its_text():
    turkish = "Tarım ve Orman Bakanı, çiftçilere destek ödemesinin yarın yapılacağını açıkladı."
    english = "Firefighters held a containment line above the foothills as the winds eased."
    assert _identified_language([turkish]) == "tr"
    assert _identified_language([english]) == "en"
    assert _identified_language([]) is None
