"""Site spiders on templates we do not have: every real page of each site
(../shared/corpus/<site>) served as a plausible next template would serve it (the variants
of tests/unseen_templates.py), read by the site's spider and the project's item pipelines
in-process (as the records bench builds them). Each variant page must give a record that
keeps the original's headline, publication time, body (token F1 >= 0.95), dateline and
related headlines, or be a reject with its reason: never a wrong record.

What still gives a wrong record is listed in KNOWN_WRONG with why (README "What does not
work yet"); such a case that is right now fails the test until it is taken off the list."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from itemadapter import ItemAdapter
from scrapy import Request
from scrapy.exceptions import DropItem

from newscrawler.network.middlewares import FETCHED_AT_META
from newscrawler.operations.bench.records import Page, RecordBench, corpus_pages
from newscrawler.operations.scoring import copy_text, token_f1, tokens
from newscrawler.signals import page_rejected
from tests.golden import SITES, golden_paths, load
from tests.paths import CORPUS, needs_shared
from tests.unseen_templates import VARIANTS, variant_page

MIN_BODY_F1 = 0.95
UTF8 = {"Content-Type": "text/html; charset=utf-8"}

# Why a record is still wrong, by cause (README "What does not work yet").
RELATED_BY_CLASS = "the related links are found by their block's classes only: none kept"
PART_AS_BODY = (
    "the generation's marker still matches and what its selectors still find (the subheads,"
    " a paragraph left a <p>, the lede) is taken as the whole body"
)
RAIL_LINKS = (
    "read generically, the side rail's promoted links (blogs, galleries, the story's videos),"
    " in blocks named 'relatedRail', are taken as related"
)
LEAD_WITHOUT_AGENCY = (
    "read generically, the lead prints the place without '(Reuters) -' (the share button's"
    " copy of the lead has it): no dateline"
)
LOCATION_LINE = (
    "read generically, AA's location line (its own element before the copy) is no dateline"
)
AA_BY_CLASS = f"{LOCATION_LINE}; {RELATED_BY_CLASS}"
AA_REPUBLISHED = (
    "without JSON-LD, article:published_time is a later re-publication's (after the"
    " update), taken as the publication time"
)
YONHAP_RELATED = ("AEN20230419004700315", "AEN20230419005400315")

# (site, variant) -> {golden page: why its record is still wrong}.
KNOWN_WRONG: dict[tuple[str, str], dict[str, str]] = {
    ("yonhap", "paragraphs_in_divs"): {"AEN20230419004400320": PART_AS_BODY},
    ("yonhap", "related_in_aside"): dict.fromkeys(YONHAP_RELATED, RELATED_BY_CLASS),
    ("yonhap", "related_in_list_elsewhere"): dict.fromkeys(YONHAP_RELATED, RELATED_BY_CLASS),
    ("yonhap", "classes_hashed"): dict.fromkeys(YONHAP_RELATED, RELATED_BY_CLASS),
    ("apnews", "paragraphs_in_divs"): {"2024-09-03-presidential-campaigns": PART_AS_BODY},
    ("apnews", "related_in_aside"): {"2024-09-03-presidential-campaigns": RELATED_BY_CLASS},
    ("apnews", "related_in_list_elsewhere"): {
        "2024-09-03-presidential-campaigns": RELATED_BY_CLASS
    },
    ("reuters", "wrappers_removed"): {
        "KBN0K601G": RAIL_LINKS,
        "KBN0K80A0": RAIL_LINKS,
        "KBN1430G4": LEAD_WITHOUT_AGENCY,
    },
    ("reuters", "classes_hashed"): {"KBN1430G4": LEAD_WITHOUT_AGENCY},
    ("anadolu", "related_in_aside"): {"2025-04-03-ciftcilere": RELATED_BY_CLASS},
    ("anadolu", "related_in_list_elsewhere"): {"2025-04-03-ciftcilere": RELATED_BY_CLASS},
    ("anadolu", "classes_hashed"): {
        "2025-04-03-ciftcilere": AA_BY_CLASS,
        "2026-04-20-kurban": LOCATION_LINE,
    },
    ("anadolu", "wrappers_added"): {"2026-04-20-kurban": PART_AS_BODY},
    ("anadolu", "wrappers_removed"): {"2026-04-20-kurban": LOCATION_LINE},
    ("anadolu", "paragraphs_in_divs"): {"2026-04-20-kurban": PART_AS_BODY},
    ("anadolu", "meta_tags_only"): {"2026-04-20-kurban": AA_REPUBLISHED},
}


@dataclass
class Outcome:
    record: dict[str, Any] | None
    rejects: list[tuple[str, str]]


class Reader:
    """A site's spider and the item pipelines, in-process; the crawl state's stage, which
    compares a record with the last run's, is left out (every variant is a first read)."""

    def __init__(self, site: str, pages: list[Page], output_dir: Path) -> None:
        self.bench = RecordBench(site, pages, output_dir)
        self.stages = [(n, stage) for n, stage in self.bench.stages if n != "Incremental"]
        self.rejects: list[tuple[str, str]] = []
        self.bench.crawler.signals.connect(self._rejected, signal=page_rejected)

    def _rejected(self, url: str, reason: str, detail: str, record: Any = None) -> None:
        self.rejects.append((reason, detail))

    def read(self, page: Page) -> Outcome:
        self.rejects = []
        spider = self.bench.spider
        spider._recorded.clear()
        response = page.response(Request(page.url, meta={FETCHED_AT_META: page.fetched_at}))
        items = [item for item in spider.parse_article(response) if hasattr(item, "headline")]
        if not items:
            return Outcome(None, self.rejects)
        item = items[0]
        try:
            for _, stage in self.stages:
                item = stage.process_item(item)
        except DropItem as error:
            return Outcome(None, [(getattr(error, "reason", "dropped"), str(error))])
        # The record as the feed writes it.
        return Outcome(json.loads(json.dumps(ItemAdapter(item).asdict(), default=str)), [])

    def close(self) -> None:
        self.bench.close()


def wrong_fields(record: dict[str, Any], expected: dict[str, Any]) -> list[str]:
    """What the record says otherwise than the page's golden record."""
    wrong = []
    for name in ("headline", "published", "dateline"):
        if record[name] != expected[name]:
            wrong.append(f"{name} {record[name]!r}, not {expected[name]!r}")
    f1 = token_f1(tokens(copy_text(record)), tokens(copy_text(expected)))
    if f1 < MIN_BODY_F1:
        wrong.append(f"body token F1 {f1:.2f}")
    related = [link["headline"] for link in record["related"]]
    if related != (expected_related := [link["headline"] for link in expected["related"]]):
        wrong.append(f"related {related}, not {expected_related}")
    return wrong


def variant_outcomes(site: str, tmp_path: Path) -> Iterator[tuple[str, str, Outcome | None]]:
    """(variant, golden page, outcome) of every variant of every corpus page of the site;
    outcome None where the variant changes nothing on the page."""
    pages = corpus_pages(CORPUS, site)
    reader = Reader(site, pages, tmp_path)
    try:
        # The golden records name the page's own URL, not always the one fetched.
        fetched = {}
        for page in pages:
            outcome = reader.read(page)
            assert outcome.record, outcome.rejects
            fetched[outcome.record["url"]] = page
        for path in golden_paths("corpus", site):
            expected = load(path)
            page = fetched[expected["url"]]
            text = page.response(Request(page.url)).text
            for name, variant in VARIANTS.items():
                html = variant_page(text, expected, page.url, variant)
                served = Page(page.url, html, page.fetched_at, UTF8) if html else None
                yield name, path.stem, reader.read(served) if served else None
    finally:
        reader.close()


@pytest.fixture(scope="module")
def outcomes(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    found: dict[str, Any] = {}
    for site in SITES:
        tmp_path = tmp_path_factory.mktemp(f"unseen-{site}")
        for variant, page, outcome in variant_outcomes(site, tmp_path):
            found.setdefault((site, variant), {})[page] = outcome
    return found


# Variants with nothing to move on any of the site's corpus pages: no Reuters page prints
# its related links as links to the record's URLs (the 2014 page's hrefs are relative to
# its http:// address, the record's https://; the 2024 page lists them in its JSON only).
NOTHING_TO_CHANGE = {("reuters", "related_in_aside"), ("reuters", "related_in_list_elsewhere")}
PAIRS = [(site, variant) for site in SITES for variant in VARIANTS
         if (site, variant) not in NOTHING_TO_CHANGE]  # fmt: skip


@needs_shared
@pytest.mark.parametrize("pair", sorted(NOTHING_TO_CHANGE))
def test_a_variant_with_nothing_to_move_changes_no_page(pair, outcomes: dict[str, Any]):
    assert all(outcome is None for outcome in outcomes[pair].values())


@needs_shared
@pytest.mark.parametrize(("site", "variant"), PAIRS)
def test_a_page_of_a_next_template_gives_its_record_or_a_reject(
    site: str, variant: str, outcomes: dict[str, Any]
):
    known = KNOWN_WRONG.get((site, variant), {})
    wrong, unchanged = {}, []
    for page, outcome in outcomes[(site, variant)].items():
        if outcome is None:
            unchanged.append(page)
        elif outcome.record is None:
            assert outcome.rejects, f"{page}: neither a record nor a reject"
            assert all(reason and detail for reason, detail in outcome.rejects)
        elif problems := wrong_fields(outcome.record, load_golden(site, page)):
            wrong[page] = problems
    assert {page: wrong[page] for page in wrong if page not in known} == {}
    assert not (right := sorted(set(known) - set(wrong))), (
        f"now right, take off KNOWN_WRONG: {right}"
    )
    assert len(unchanged) < len(outcomes[(site, variant)]), f"{variant} changes no {site} page"
    if known:
        pytest.xfail("; ".join(f"{page}: {why}" for page, why in known.items()))


def load_golden(site: str, page: str) -> dict[str, Any]:
    return load(next(path for path in golden_paths("corpus", site) if path.stem == page))
