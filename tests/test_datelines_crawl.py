"""Datelines without an agency and bylines before them, end to end: real crawls of the
generic `wire` spider through the Scrapy engine, over the project's own fixture pages
(fixtures/datelines: whole records against golden records; among them Yonhap's Korean
form, whose reporters become the authors, and a bare place GeoNames does not list), over a
real Reuters page of ../shared/corpus whose copy opens with a version note and a byline
paragraph, two corpus pages whose extraction leaves the dateline apart (a byline's place
line, a heading over the copy), and over CNN's two pages of the AEB benchmark (no
separator after "(CNN)"). (The Reuters BRIEF fixture, whose dateline is a date alone, is
in fixtures/reuters and checked with the other golden records.)"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.crawling import CrawlResult, crawl
from tests.golden import by_url, load
from tests.paths import CORPUS, FIXTURES, GOLDEN, SHARED, needs_shared, store_urls

STORE = FIXTURES / "datelines"
GOLDEN_RECORDS = sorted((GOLDEN / "fixtures" / "datelines").glob("*.json"))
MOSUL = "http://www.reuters.com/article/us-mideast-crisis-iraq-mosul-idUSKBN19Q1HG?il=0"


@pytest.fixture(scope="module")
def fixtures_crawl(tmp_path_factory: pytest.TempPathFactory) -> CrawlResult:
    urls = store_urls(STORE, "http")
    return crawl("wire", tmp_path_factory.mktemp("datelines"), store=STORE, urls=urls)


def test_every_fixture_page_becomes_a_record(fixtures_crawl: CrawlResult):
    assert fixtures_crawl.returncode == 0, fixtures_crawl.log
    assert fixtures_crawl.rejects == []
    assert sorted(by_url(fixtures_crawl)) == sorted(load(p)["url"] for p in GOLDEN_RECORDS)


@pytest.mark.parametrize("golden", GOLDEN_RECORDS, ids=lambda path: path.stem)
def test_fixture_page_gives_its_golden_record(fixtures_crawl: CrawlResult, golden: Path):
    expected = load(golden)
    assert by_url(fixtures_crawl).get(expected["url"]) == expected


@needs_shared
def test_a_version_note_and_byline_before_the_dateline(tmp_path: Path):
    """Reuters 2017, read by the generic spider: the copy opens "(This July 6 story has
    been refiled ...)", "By Stephanie Nebehay and Stephen Kalin", then the dateline."""
    result = crawl("wire", tmp_path, store=CORPUS, urls=[MOSUL])
    [record] = result.records
    assert record["editor_note"].startswith("This July 6 story has been refiled to remove")
    assert record["authors"] == ["Stephanie Nebehay", "Stephen Kalin"]
    assert record["dateline"] == {
        "text": "GENEVA/ERBIL, Iraq (Reuters) -",
        "location": "GENEVA/ERBIL, Iraq",
        "date": None,
        "agency": "Reuters",
    }
    assert record["body"][0].startswith("The population of Mosul has endured huge suffering")


@needs_shared
def test_agency_datelines_of_aeb_pages(tmp_path: Path):
    """CNN prints its dateline with no separator, the copy starting right after the
    parenthesis: "(CNN)President Donald Trump ...", "Hong Kong (CNN Business)A muddled ...";
    PanARMENIAN.Net credits its own name before a dash, no place."""
    urls = [
        "https://www.cnn.com/2019/11/18/investing/asian-market-latest/index.html",
        "https://www.cnn.com/2019/11/18/politics/donald-trump-health-walter-reed/index.html",
        "http://www.panarmenian.net/eng/news/275221/",
    ]
    result = crawl("wire", tmp_path, store=SHARED / "benchmarks" / "aeb", urls=urls)
    records = by_url(result)
    markets, health = (records[url] for url in urls[:2])
    panarmenian = records["https://www.panarmenian.net/eng/news/275221/"]  # its canonical URL
    assert markets["dateline"] == {
        "text": "Hong Kong (CNN Business)",
        "location": "Hong Kong",
        "date": None,
        "agency": "CNN Business",
    }
    assert markets["agency"] == "CNN Business"
    assert markets["body"][0].startswith("A muddled view of US-China trade talks")
    assert health["dateline"] == {"text": "(CNN)", "location": None, "date": None, "agency": "CNN"}
    assert health["body"][0].startswith("President Donald Trump, according to the White House")
    assert panarmenian["dateline"] == {
        "text": "PanARMENIAN.Net -",
        "location": None,
        "date": None,
        "agency": "PanARMENIAN.Net",
    }
    assert panarmenian["body"][0].startswith("Verified video footage, eyewitness testimony")


@needs_shared
def test_datelines_the_extraction_leaves_apart(tmp_path: Path):
    """Two real pages read by the generic spider: Reuters 2016 prints the place in the
    byline's line ("| WASHINGTON") and again before the copy with no separator ("WASHINGTON
    The U.S. ..."); AP 2024's dateline opens its copy under the <h1>, which is the record's
    headline (its JSON-LD headline is shorter by a word) and so is not kept as copy."""
    fed = "http://www.reuters.com/article/us-usa-fed-idUSKBN1430G4"
    campaign = (
        "https://apnews.com/article/"
        "trump-harris-presidential-election-2024-labor-day-151f82b59473d29a448ef1cea9afe471"
    )
    result = crawl("wire", tmp_path, store=CORPUS, urls=[fed, campaign])
    records = by_url(result)
    reuters = records["https://www.reuters.com/article/us-usa-fed-idUSKBN1430G4"]
    assert reuters["dateline"] == {
        "text": "WASHINGTON",
        "location": "WASHINGTON",
        "date": None,
        "agency": None,
    }
    assert reuters["body"][0].startswith("The U.S. Federal Reserve raised interest rates")
    ap = records[campaign]
    assert ap["dateline"] == {
        "text": "LA CROSSE, Wis. (AP) —",
        "location": "LA CROSSE, Wis.",
        "date": None,
        "agency": "AP",
    }
    assert ap["headline"] == (
        "The presidential campaigns brace for an intense sprint to Election Day"
    )
    assert ap["body"][0].startswith("After a summer of historic tumult, the path")
