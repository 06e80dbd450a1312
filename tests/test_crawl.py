"""End to end: `scrapy crawl yonhap` through the real Scrapy engine over the project's
fixture store, following related headlines, writing the default JSON Lines feed."""

from __future__ import annotations

import pytest

from tests.crawling import CrawlResult, crawl, read_jsonl, run_scrapy
from tests.paths import FIXTURES

STORE = FIXTURES / "yonhap"
VIEW = "https://en.yna.co.kr/view/"
SAMPLE = VIEW + "AEN20211023001800325"
SLBM_6TH_LD = VIEW + "AEN20211019003756325"
AGENCY_APOLOGIZES = VIEW + "AEN20211020004600315"
ACTOR_ADMITS = VIEW + "AEN20211020008300315"
# The sample's related headlines that the store does not hold.
SAMPLE_RELATED_MISSING = {
    VIEW + page
    for page in (
        "AEN20211022001900315", "AEN20211021006400315", "AEN20211017000700315",
        "AEN20211022001200320", "AEN20211021003500325", "AEN20211022000600325",
        "AEN20211022005300315", "AEN20211022004152315", "AEN20211022006000315",
    )
}  # fmt: skip
HOP_2_MISSING = {VIEW + "AEN20211018004300325", VIEW + "AEN20211018005100315"}


def urls(rows: list[dict]) -> list[str]:
    return sorted(row["url"] for row in rows)


@pytest.fixture(scope="module")
def hops_0(tmp_path_factory: pytest.TempPathFactory) -> CrawlResult:
    return crawl("yonhap", tmp_path_factory.mktemp("hops0"), store=STORE, urls=[SAMPLE])


@pytest.fixture(scope="module")
def hops_2(tmp_path_factory: pytest.TempPathFactory) -> CrawlResult:
    return crawl("yonhap", tmp_path_factory.mktemp("hops2"), store=STORE, urls=[SAMPLE], hops=2)


def test_hops_0_crawls_only_the_given_page(hops_0: CrawlResult):
    assert hops_0.returncode == 0, hops_0.log
    assert urls(hops_0.records) == [SAMPLE]
    assert hops_0.rejects == []
    assert hops_0.stats["replay/hit"] == 1
    assert hops_0.stats["replay/robotstxt/hit"] == 1  # read and obeyed, as in a live crawl


def test_hops_2_follows_related_headlines_two_links_out(hops_2: CrawlResult):
    assert hops_2.returncode == 0, hops_2.log
    assert urls(hops_2.records) == sorted([SAMPLE, SLBM_6TH_LD, AGENCY_APOLOGIZES, ACTOR_ADMITS])
    # Each page once: the cycle back to the sample and the second path to the actor's
    # page are filtered as duplicates, and nothing but the sample is fetched at hop 0.
    assert hops_2.stats["newscrawler/pages/hop_0"] == 1
    assert hops_2.stats["newscrawler/pages/hop_1"] == 12
    assert hops_2.stats["newscrawler/pages/hop_2"] == 2
    assert hops_2.stats["downloader/response_count"] == 16  # and robots.txt


def test_pages_missing_from_the_store_are_rejected_not_lost(hops_2: CrawlResult):
    assert urls(hops_2.rejects) == sorted(SAMPLE_RELATED_MISSING | HOP_2_MISSING)
    assert {row["reason"] for row in hops_2.rejects} == {"http_404"}
    assert hops_2.stats["replay/miss"] == 11
    assert hops_2.stats["newscrawler/rejected/http_404"] == 11


def test_every_request_stays_on_the_agency_site(hops_2: CrawlResult):
    assert all(url.startswith(VIEW) for url in urls(hops_2.records) + urls(hops_2.rejects))


def test_default_feed_is_one_jsonl_file_per_spider_and_run(tmp_path):
    args = ["crawl", "yonhap", "-a", f"url={ACTOR_ADMITS}", "-s", f"REPLAY_DIR={STORE}"]
    for _ in (1, 2):  # in the same second: the file name has the run's id, not its time only
        assert run_scrapy(args, cwd=tmp_path).returncode == 0
    # In one second the names' order is their random part's: the runs' order is the
    # order their feeds were put in place.
    feeds = sorted(
        (tmp_path / "output" / "yonhap").glob("*.jsonl"), key=lambda feed: feed.stat().st_mtime_ns
    )
    assert len(feeds) == 2
    assert [len(read_jsonl(feed)) for feed in feeds] == [1, 0]  # the 2nd run: nothing new
    assert (tmp_path / "output" / "state.sqlite").is_file()


def test_output_option_writes_where_the_user_says(tmp_path):
    out = tmp_path / "mine.jsonl"
    args = ["-O", str(out)]
    result = crawl("yonhap", tmp_path, store=STORE, urls=[ACTOR_ADMITS], extra_args=args)
    assert result.returncode == 0, result.log
    assert urls(read_jsonl(out)) == [ACTOR_ADMITS]
    assert not list(result.output_dir.glob("yonhap/*.jsonl"))  # and nowhere else


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["-a", "hops=x"], "yonhap: -a hops='x' is not a whole number of 0 or more"),
        (["-a", "url=https://apnews.com/article/x"], "is not an http(s) page of en.yna.co.kr"),
    ],
)
def test_a_bad_argument_is_a_usage_error_not_a_traceback(tmp_path, args, message):
    process = run_scrapy(["crawl", "yonhap", *args], cwd=tmp_path)
    assert process.returncode == 2
    assert message in process.stderr
    assert "Traceback" not in process.stderr


def test_an_unknown_spider_is_named(tmp_path):
    process = run_scrapy(["crawl", "yonhap2"], cwd=tmp_path)
    assert process.returncode == 2
    assert "there is no spider 'yonhap2': `scrapy list` names them" in process.stderr
