"""The scorer: its metrics on known inputs, its expected records, `scrapy score` end to end,
and the scores CI holds each site's spider to over the real corpus."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from newscrawler.operations.scoring import (
    METRICS,
    PageScore,
    load_expected,
    precision_recall,
    score,
    score_page,
    shortfalls,
    site_means,
    token_f1,
    tokens,
)
from tests.crawling import CrawlResult, run_scrapy
from tests.paths import CORPUS, GOLDEN, needs_shared

SEOUL = "https://en.yna.co.kr/view/AEN1"
RECORD = {
    "url": SEOUL,
    "source": "yonhap",
    "headline": "S. Korea to support investments",
    "dateline": {"text": "SEOUL, April 19 (Yonhap) --", "location": "SEOUL"},
    "published": "2023-04-19T14:53:59+09:00",
    "body": ["South Korea plans to pave the way.", "It said so on Wednesday."],
    "related": [
        {"headline": "One", "url": "https://en.yna.co.kr/view/AEN2"},
        {"headline": "Two", "url": "https://en.yna.co.kr/view/AEN3"},
    ],
}


def write_json(path: Path, record: dict) -> Path:
    path.write_text(json.dumps(record, indent=2, ensure_ascii=False) + "\n", "utf-8")
    return path


def write_feed(path: Path, records: list[dict]) -> Path:
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), "utf-8")
    return path


# -- metrics -------------------------------------------------------------------------------


def test_tokens_are_casefolded_runs_of_letters_and_digits():
    assert tokens("Kim’s 1,200 ___ Dür—SEOUL (AP)") == [
        "kim",
        "s",
        "1",
        "200",
        "dür",
        "seoul",
        "ap",
    ]


@pytest.mark.parametrize(
    ("predicted", "expected", "f1"),
    [
        (["a", "b", "c", "c"], ["a", "c", "d"], 4 / 7),  # P 2/4, R 2/3
        (["a", "b"], ["b", "a"], 1.0),  # order does not count
        (["a", "a"], ["a"], 2 / 3),  # a repeated token costs what it adds
        (["a"], ["b"], 0.0),
        ([], ["a"], 0.0),
        ([], [], 1.0),
    ],
)
def test_token_f1(predicted: list[str], expected: list[str], f1: float):
    assert token_f1(predicted, expected) == pytest.approx(f1)


@pytest.mark.parametrize(
    ("predicted", "expected", "result"),
    [
        ({"u1", "u2"}, {"u2", "u3", "u4"}, (0.5, 1 / 3)),
        (set(), {"u1"}, (1.0, 0.0)),  # claims nothing wrong, finds nothing
        ({"u1"}, set(), (0.0, 1.0)),
        (set(), set(), (1.0, 1.0)),
    ],
)
def test_precision_recall(predicted: set, expected: set, result: tuple):
    assert precision_recall(predicted, expected) == pytest.approx(result)


def test_a_record_scores_full_marks_against_itself():
    assert set(score_page(RECORD, RECORD).values()) == {1.0}


def test_a_page_missing_from_the_feed_scores_zero_on_every_field_it_would_score():
    assert score_page({"url": SEOUL, "headline": "x", "body": ["y"]}, None) == {
        "headline": 0.0,
        "dateline": None,
        "published": None,
        "body_f1": 0.0,
        "related_precision": None,
        "related_recall": None,
    }


def test_fields_are_scored_each_on_its_own():
    record = {
        **RECORD,
        "headline": "S. Korea to support investment",
        "dateline": None,
        "related": [
            *RECORD["related"],
            {"headline": "Three", "url": "https://en.yna.co.kr/view/AEN4"},
        ],
    }
    scores = score_page(RECORD, record)
    assert scores["headline"] == 0.0
    assert scores["dateline"] == 0.0
    assert scores["published"] == 1.0
    # The copy lacks the dateline's 4 tokens of 16: precision 1, recall 12/16.
    assert scores["body_f1"] == pytest.approx(2 * 12 / (12 + 16))
    assert scores["related_precision"] == pytest.approx(2 / 3)
    assert scores["related_recall"] == 1.0


def test_a_dateline_left_in_the_body_counts_the_same_as_one_split_off():
    whole = {
        "url": SEOUL,
        "body": ["SEOUL, April 19 (Yonhap) -- South Korea plans to pave the way."],
    }
    split = {
        "url": SEOUL,
        "dateline": {"text": "SEOUL, April 19 (Yonhap) --"},
        "body": ["South Korea plans to pave the way."],
    }
    assert score_page(whole, split)["body_f1"] == 1.0


# -- expected records ------------------------------------------------------------------------


def test_an_article_body_text_is_scored_on_the_body_of_the_page_its_index_names(tmp_path):
    site = tmp_path / "store" / "wire"
    site.mkdir(parents=True)
    (site / "page-1.articleBody.txt").write_text("SEOUL (AP) — First.\n\nSecond.\n", "utf-8")
    (site / "page-1.html").write_text("<html></html>", "utf-8")
    index = {"url": "https://example.com/a", "file": "wire/page-1.html"}
    (tmp_path / "store" / "index.jsonl").write_text(json.dumps(index) + "\n", "utf-8")
    [expected] = load_expected(site)
    assert expected.name == "page-1"
    assert expected.site == "wire"
    assert expected.record == {
        "url": "https://example.com/a",
        "body": ["SEOUL (AP) — First.", "Second."],
    }


def test_a_folder_without_expected_records_is_an_error(tmp_path):
    with pytest.raises(ValueError, match="holds no expected records"):
        load_expected(tmp_path)


def page_score(name: str, site: str, in_feed: bool, **scores: float) -> PageScore:
    return PageScore(name, site, in_feed, {**dict.fromkeys(METRICS), **scores})


def test_site_means_and_shortfalls():
    pages = [
        page_score("a", "yonhap", True, headline=1.0, body_f1=1.0),
        page_score("b", "yonhap", False, headline=0.0, body_f1=0.0),
        page_score("c", "wire", True, body_f1=0.9),
    ]
    means = site_means(pages)
    assert means["yonhap"]["headline"] == 0.5
    assert means["wire"]["headline"] is None  # nothing to score: no minimum applies
    assert means["wire"]["body_f1"] == 0.9
    assert shortfalls(pages, {"body_f1": 0.8, "headline": 0.4}) == [
        "yonhap: mean body F1 0.500 is under the minimum 0.8"
    ]


# -- scrapy score ---------------------------------------------------------------------------


def test_score_command_prints_a_table_per_site_and_fails_under_a_minimum(tmp_path):
    expected = tmp_path / "expected"
    expected.mkdir()
    write_json(expected / "AEN1.json", RECORD)
    write_json(expected / "AEN5.json", {**RECORD, "url": "https://en.yna.co.kr/view/AEN5"})
    feed = write_feed(tmp_path / "feed.jsonl", [{**RECORD, "url": SEOUL + "?input=fb"}])

    passing = run_scrapy(["score", str(feed), str(expected), "--min-headline", "0.5"], tmp_path)
    assert passing.returncode == 0, passing.stderr
    lines = passing.stdout.splitlines()
    assert lines[0] == "yonhap (2 pages)"
    assert lines[1].split() == [
        "page",
        "headline",
        "dateline",
        "published",
        "body",
        "F1",
        "related",
        "P",
        "related",
        "R",
    ]
    assert lines[2].split() == ["AEN1", *["1.000"] * 6]
    assert lines[3].split() == ["AEN5", "(not", "in", "feed)", *["0.000"] * 6]
    assert lines[4].split() == ["mean", *["0.500"] * 6]

    failing = run_scrapy(["score", str(feed), str(expected), "--min-body-f1", "0.9"], tmp_path)
    assert failing.returncode == 1
    assert "yonhap: mean body F1 0.500 is under the minimum 0.9" in failing.stderr


def test_score_command_refuses_missing_arguments(tmp_path):
    result = run_scrapy(["score", str(tmp_path / "feed.jsonl")], tmp_path)
    assert result.returncode == 2
    assert "at least one folder of expected records" in result.stderr


# -- what CI holds the spiders to -----------------------------------------------------------


@dataclass(frozen=True)
class ScoredSite:
    """A spider over one folder of the corpus, held to minimum mean scores against the
    folder's expected records."""

    spider: str
    folder: str  # the corpus folder: its pages and its golden records
    minimums: dict[str, float]

    @property
    def expected(self) -> Path:
        golden = GOLDEN / "corpus" / self.folder
        return golden if golden.is_dir() else CORPUS / self.folder  # wire: articleBody.txt


EXACT = {
    "headline": 1.0,
    "dateline": 1.0,
    "published": 1.0,
    "body_f1": 0.99,
    "related_precision": 1.0,
    "related_recall": 1.0,
}

# Each site spider over its site's real pages, and the generic spider over the same pages
# (side by side: what a user gets from `wire` on a site with no spider of its own). The
# generic spider's minimums are what it reaches today, so CI notices when it gets worse.
SCORED_SITES = [
    ScoredSite("yonhap", "yonhap", EXACT),
    ScoredSite("apnews", "apnews", EXACT),
    ScoredSite("reuters", "reuters", EXACT),
    ScoredSite("anadolu", "anadolu", EXACT),
    ScoredSite("wire", "yonhap", EXACT),
    ScoredSite(
        "wire",
        "apnews",
        {"headline": 1.0, "body_f1": 0.96, "published": 1.0, "related_precision": 1.0},
    ),
    ScoredSite("wire", "reuters", {"headline": 1.0, "body_f1": 0.96, "published": 0.8}),
    ScoredSite("wire", "anadolu", {"headline": 1.0, "body_f1": 0.98}),
    ScoredSite("wire", "wire", {"body_f1": 0.99}),
]


@needs_shared
@pytest.mark.parametrize("site", SCORED_SITES, ids=lambda site: f"{site.spider}-on-{site.folder}")
def test_corpus_crawl_meets_its_minimums(
    site: ScoredSite, tmp_path: Path, site_crawl: Callable[..., CrawlResult]
):
    result = site_crawl(site.spider, "corpus", site.folder)
    assert result.returncode == 0, result.log
    feed = write_feed(tmp_path / "feed.jsonl", result.records)
    options = [
        argument
        for metric, minimum in site.minimums.items()
        for argument in ("--min-" + metric.replace("_", "-"), str(minimum))
    ]
    scored = run_scrapy(["score", str(feed), str(site.expected), *options], tmp_path)
    assert scored.returncode == 0, scored.stdout + scored.stderr
    assert all(page.in_feed for page in score(feed, [site.expected]))
