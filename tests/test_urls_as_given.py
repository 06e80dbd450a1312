"""URLs as given (issue 9, part 6): `-a url=` keeps commas inside URLs, `-a urls=FILE`
reads one URL a line, and a record's URL is the page's own: a rel=canonical is taken only
when, resolved against the page, it is an article of the page's own site. Real crawls of
the generic spider through the Scrapy engine over fixtures/discovery (a made-up agency
site, Northwind Wire, in WordPress markup)."""

from __future__ import annotations

import pytest

from tests.crawling import CrawlResult, crawl
from tests.paths import FIXTURES

STORE = FIXTURES / "discovery"
SITE = "https://www.example.net"
COMMAS = f"{SITE}/2026/11/27/stocks-rise,-bonds-fall/"
# The AMP copy names the article with a relative rel=canonical.
AMP_COPY = f"{SITE}/amp/2026/11/26/ferry-service-resumes/"
# rel=canonical names the Politics section front.
SECTION_CANONICAL = f"{SITE}/2026/11/25/council-votes-on-housing-plan/"
# rel=canonical names another article; og:url and the JSON-LD name the page itself.
OTHER_ARTICLE_CANONICAL = f"{SITE}/2026/11/24/airport-expansion-delayed/"
# rel=canonical names the copy on a syndication partner's site.
OFFSITE_CANONICAL = f"{SITE}/2026/11/23/fishing-quota-talks-stall/"


@pytest.fixture(scope="module")
def given_crawl(tmp_path_factory: pytest.TempPathFactory) -> CrawlResult:
    tmp_path = tmp_path_factory.mktemp("given")
    listing = tmp_path / "articles.txt"
    listing.write_text(
        "# stories whose pages name another URL as theirs\n"
        f"{SECTION_CANONICAL}\n\n{OTHER_ARTICLE_CANONICAL}\n{OFFSITE_CANONICAL}\n",
        "utf-8",
    )
    return crawl(
        "wire",
        tmp_path,
        store=STORE,
        urls=[COMMAS, AMP_COPY],  # joined with a comma, as a user types them
        spider_args={"urls": str(listing)},
        settings={"NEWSCRAWLER_STATE_FILE": ""},
    )


def test_every_given_page_is_crawled_once_under_its_own_url(given_crawl: CrawlResult):
    assert given_crawl.returncode == 0, given_crawl.log
    assert given_crawl.rejects == []
    headlines = {record["url"]: record["headline"] for record in given_crawl.records}
    assert headlines == {
        COMMAS: "Stocks rise, bonds fall as rate worries ease",
        f"{SITE}/2026/11/26/ferry-service-resumes/": "Ferry service to the outer islands resumes",
        SECTION_CANONICAL: "Council votes to double housing grants",
        OTHER_ARTICLE_CANONICAL: "Airport expansion delayed by a year",
        OFFSITE_CANONICAL: "Fishing quota talks stall over cod limits",
    }


def test_refused_canonicals_are_counted_by_why(given_crawl: CrawlResult):
    stats = given_crawl.stats
    assert stats["newscrawler/url/refused_canonical"] == 3
    for why in ("section_front", "another_article", "offsite"):
        assert stats[f"newscrawler/url/refused_canonical/{why}"] == 1
