"""How well a crawl did: its records scored against expected records, page by page and as
a mean per site. ``scrapy score`` prints this; the tests hold the project to it.

Expected records are files in the folders given:

* ``*.json``: an expected record (a golden record, or any part of one). It scores the
  fields it holds, and only those.
* ``*.articleBody.txt``: a page's hand-checked article text (the article-extraction-
  benchmark's, in ../shared/corpus/wire), one paragraph a line. Its page is the line of
  the nearest ``index.jsonl`` (in the folder or above it) whose ``file`` is the page beside
  it; it scores the body alone.

The metrics, each 0 for a page the feed does not hold:

* ``headline``, ``dateline`` (its text as printed), ``published``: 1 on an exact match,
  else 0.
* ``body_f1``: token-level F1 of the copy, the dateline as printed and the body
  paragraphs (so a dateline left in the first paragraph or split off it counts the same;
  the benchmark's texts keep it there). Tokens are runs of letters and digits, case-folded:
  punctuation, underscores and whitespace only separate them. Precision and recall count
  tokens as a multiset, so a repeated paragraph costs what it adds.
* ``related_precision``, ``related_recall``: over the related URLs. An empty list is
  precise (it claims nothing wrong) and an empty expected list is fully recalled.

And, over a site's pages whose body is expected, the article-extraction benchmark's own
metric (../shared/benchmarks/README.md), so that figures compare with its published table:
each page's copy and expected text as 4-word shingles (lower-cased, whitespace-separated
words), true and false positives and false negatives counted over the shingles and
normalised to sum to 1 on each page; precision and recall are their means over the pages
(a page that gives no record is left out of precision and scores recall 0), F1 is of
these two means, and ``exact`` is the share of pages whose words match exactly.

A page of an index is matched by its URL or by the URL it names as its own
(``rel=canonical``, ``og:url``), as its record carries that one.
"""

from __future__ import annotations

import gzip
import json
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from statistics import fmean
from typing import Any

import lxml.html

from newscrawler.extraction.urls import canonical_url

# metric -> column title, in table order.
METRICS: dict[str, str] = {
    "headline": "headline",
    "dateline": "dateline",
    "published": "published",
    "body_f1": "body F1",
    "related_precision": "related P",
    "related_recall": "related R",
}

_TOKEN = re.compile(r"[^\W_]+")
SHINGLE_WORDS = 4
_ARTICLE_BODY_SUFFIX = ".articleBody.txt"
_PAGE_SUFFIXES = (".html", ".htm", ".html.gz", ".htm.gz")

Record = Mapping[str, Any]


@dataclass(frozen=True)
class Expected:
    name: str  # the expected file's name without its suffix: the table's row
    site: str
    record: dict[str, Any]
    also_urls: tuple[str, ...] = ()  # the URLs the page names as its own


@dataclass(frozen=True)
class ShingleMatch:
    """A page's copy against its expected text, by the benchmark's 4-word shingles:
    true positives, false positives and false negatives, normalised to sum to 1."""

    true_positive: float
    false_positive: float
    false_negative: float
    exact: bool  # the copy's words are the expected text's, in order


@dataclass(frozen=True)
class PageScore:
    name: str
    site: str
    in_feed: bool
    scores: dict[str, float | None]  # None: the expected record does not hold that field
    shingles: ShingleMatch | None = None  # None: the expected record holds no body


@dataclass(frozen=True)
class BenchmarkScore:
    """The article-extraction benchmark's figures over a site's pages."""

    pages: int
    f1: float
    precision: float
    recall: float
    exact: float


# -- metrics ---------------------------------------------------------------------------------


def tokens(text: str) -> list[str]:
    return _TOKEN.findall(text.casefold())


def token_f1(predicted: list[str], expected: list[str]) -> float:
    """F1 of two token lists taken as multisets; 1 when both are empty."""
    if not predicted and not expected:
        return 1.0
    overlap = sum((Counter(predicted) & Counter(expected)).values())
    if not overlap:
        return 0.0
    precision = overlap / len(predicted)
    recall = overlap / len(expected)
    return 2 * precision * recall / (precision + recall)


def precision_recall(predicted: set[str], expected: set[str]) -> tuple[float, float]:
    hits = len(predicted & expected)
    precision = hits / len(predicted) if predicted else 1.0
    recall = hits / len(expected) if expected else 1.0
    return precision, recall


def copy_text(record: Record) -> str:
    """The copy as it reads: the dateline as printed, then the body paragraphs."""
    dateline = record.get("dateline") or {}
    return "\n".join(filter(None, [dateline.get("text"), *(record.get("body") or [])]))


def score_page(expected: Record, record: Record | None) -> dict[str, float | None]:
    """Each metric of the fields the expected record holds; all 0 for a missing page."""
    scores: dict[str, float | None] = dict.fromkeys(METRICS)
    if "headline" in expected:
        scores["headline"] = _same(expected, record, lambda r: r.get("headline"))
    if "dateline" in expected:
        scores["dateline"] = _same(
            expected, record, lambda r: (r.get("dateline") or {}).get("text")
        )
    if "published" in expected:
        scores["published"] = _same(expected, record, lambda r: r.get("published"))
    if "body" in expected:
        scores["body_f1"] = (
            token_f1(tokens(copy_text(record)), tokens(copy_text(expected))) if record else 0.0
        )
    if "related" in expected:
        scores["related_precision"], scores["related_recall"] = (
            precision_recall(_related_urls(record), _related_urls(expected))
            if record
            else (0.0, 0.0)
        )
    return scores


def shingle_match(record: Record | None, expected: Record) -> ShingleMatch:
    """The benchmark's comparison of a page's copy (none: no record) with the expected."""
    predicted_words = _words(copy_text(record)) if record else []
    expected_words = _words(copy_text(expected))
    predicted, wanted = _shingles(predicted_words), _shingles(expected_words)
    true_positive = sum((predicted & wanted).values())
    false_positive = sum((predicted - wanted).values())
    false_negative = sum((wanted - predicted).values())
    total = (true_positive + false_positive + false_negative) or 1
    return ShingleMatch(
        true_positive / total,
        false_positive / total,
        false_negative / total,
        exact=predicted_words == expected_words,
    )


def _words(text: str) -> list[str]:
    return text.casefold().split()


def _shingles(words: list[str]) -> Counter[tuple[str, ...]]:
    """Every run of 4 words; a text of fewer words is one shingle, no text none."""
    starts = range(max(1, len(words) - SHINGLE_WORDS + 1)) if words else range(0)
    return Counter(tuple(words[start : start + SHINGLE_WORDS]) for start in starts)


def shingle_precision(match: ShingleMatch) -> float | None:
    """None for a page that gave nothing: it claims nothing, right or wrong."""
    claimed = match.true_positive + match.false_positive
    return match.true_positive / claimed if claimed else None


def shingle_recall(match: ShingleMatch) -> float:
    expected = match.true_positive + match.false_negative
    return match.true_positive / expected if expected else 1.0


def shingle_f1(match: ShingleMatch) -> float:
    precision, recall = shingle_precision(match) or 0.0, shingle_recall(match)
    return 2 * precision * recall / (precision + recall) if precision + recall else 0.0


def benchmark_score(matches: list[ShingleMatch]) -> BenchmarkScore | None:
    """The benchmark's F1, precision, recall and exact share over pages; None for none."""
    if not matches:
        return None
    precisions = [p for match in matches if (p := shingle_precision(match)) is not None]
    precision = fmean(precisions) if precisions else 0.0
    recall = fmean(shingle_recall(match) for match in matches)
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    exact = sum(match.exact for match in matches) / len(matches)
    return BenchmarkScore(len(matches), f1, precision, recall, exact)


def _same(expected: Record, record: Record | None, value: Any) -> float:
    return float(record is not None and value(record) == value(expected))


def _related_urls(record: Record) -> set[str]:
    return {canonical_url(link["url"]) for link in record.get("related") or []}


# -- expected records and feeds --------------------------------------------------------------


def load_expected(folder: Path) -> list[Expected]:
    """The expected records of a folder and its subfolders (a folder per site), in path
    order; a record's site is its source, else the name of the folder it is in."""
    if not folder.is_dir():
        raise ValueError(f"{folder} is not a folder of expected records")
    expected: list[Expected] = []
    for path in sorted(folder.rglob("*")):
        also_urls: tuple[str, ...] = ()
        if path.name.endswith(_ARTICLE_BODY_SUFFIX):
            url, also_urls = _page_urls(path)
            record = {"url": url, "body": _paragraphs(path.read_text("utf-8"))}
            name = path.name.removesuffix(_ARTICLE_BODY_SUFFIX)
        elif path.suffix == ".json":
            record = json.loads(path.read_text("utf-8"))
            name = path.stem
        else:
            continue
        if not isinstance(record, dict) or not record.get("url"):
            raise ValueError(f"{path}: an expected record needs a url")
        expected.append(Expected(name, record.get("source") or path.parent.name, record, also_urls))
    if not expected:
        raise ValueError(
            f"{folder} holds no expected records (*.json, or *{_ARTICLE_BODY_SUFFIX} beside "
            f"the pages of an index.jsonl)"
        )
    return expected


def _paragraphs(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


def _page_urls(article_body: Path) -> tuple[str, tuple[str, ...]]:
    """The URL of the page an articleBody.txt describes, from the nearest index.jsonl, and
    the URLs the page names as its own (rel=canonical, og:url)."""
    stem = article_body.name.removesuffix(_ARTICLE_BODY_SUFFIX)
    pages = {(article_body.parent / (stem + suffix)).resolve() for suffix in _PAGE_SUFFIXES}
    for folder in (article_body.parent, *article_body.parent.parents):
        index = folder / "index.jsonl"
        if not index.is_file():
            continue
        for line in index.read_text("utf-8").splitlines():
            entry = json.loads(line) if line.strip() else {}
            if entry.get("file") and (page := (folder / entry["file"]).resolve()) in pages:
                return entry["url"], _own_urls(page, entry["url"])
    raise ValueError(f"{article_body}: no index.jsonl line names the page beside it")


def _own_urls(page: Path, url: str) -> tuple[str, ...]:
    body = page.read_bytes()
    if page.suffix == ".gz":
        body = gzip.decompress(body)
    if not body.strip():
        return ()
    root = lxml.html.document_fromstring(body)
    named = root.xpath("//link[@rel='canonical']/@href | //meta[@property='og:url']/@content")
    return tuple(lxml.html.urljoin(url, str(href).strip()) for href in named)


def read_feed(path: Path) -> dict[str, dict[str, Any]]:
    """A JSON Lines feed's records by canonical URL (the last of repeated ones)."""
    records: dict[str, dict[str, Any]] = {}
    for number, line in enumerate(path.read_text("utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except ValueError as error:
            raise ValueError(f"{path}:{number}: not a JSON line ({error})") from None
        if isinstance(record, dict) and record.get("url"):
            records[canonical_url(record["url"])] = record
    return records


# -- scoring a crawl ---------------------------------------------------------------------------


def score(feed: Path, expected_folders: Iterable[Path]) -> list[PageScore]:
    records = read_feed(feed)
    pages: list[PageScore] = []
    for folder in expected_folders:
        for expected in load_expected(folder):
            urls = (expected.record["url"], *expected.also_urls)
            record = next(
                (found for url in urls if (found := records.get(canonical_url(url)))), None
            )
            scores = score_page(expected.record, record)
            shingles = shingle_match(record, expected.record) if "body" in expected.record else None
            pages.append(
                PageScore(expected.name, expected.site, record is not None, scores, shingles)
            )
    return pages


def site_means(pages: Iterable[PageScore]) -> dict[str, dict[str, float | None]]:
    """Per site, each metric's mean over the pages that score it (None when none does)."""
    by_site: dict[str, list[PageScore]] = defaultdict(list)
    for page in pages:
        by_site[page.site].append(page)
    return {
        site: {metric: _mean(page.scores[metric] for page in site_pages) for metric in METRICS}
        for site, site_pages in by_site.items()
    }


def _mean(values: Iterable[float | None]) -> float | None:
    scored = [value for value in values if value is not None]
    return fmean(scored) if scored else None


def site_benchmark_scores(pages: Iterable[PageScore]) -> dict[str, BenchmarkScore]:
    """Per site, the benchmark's figures over its pages whose body is expected."""
    by_site: dict[str, list[ShingleMatch]] = defaultdict(list)
    for page in pages:
        if page.shingles is not None:
            by_site[page.site].append(page.shingles)
    return {site: score for site, matches in by_site.items() if (score := benchmark_score(matches))}


def worst_pages(pages: Iterable[PageScore], count: int) -> list[PageScore]:
    """The pages of lowest shingle F1, worst first."""
    scored = [page for page in pages if page.shingles is not None]
    return sorted(scored, key=lambda page: shingle_f1(page.shingles))[:count]


def benchmark_shortfalls(pages: list[PageScore], minimums: Mapping[str, float]) -> list[str]:
    """A sentence for each site's benchmark figure (f1, precision, recall, exact) under its
    minimum."""
    return [
        f"{site}: benchmark {figure} {value:.3f} is under the minimum {minimum:g}"
        for site, scores in site_benchmark_scores(pages).items()
        for figure, minimum in minimums.items()
        if (value := getattr(scores, figure)) < minimum
    ]


def shortfalls(pages: list[PageScore], minimums: Mapping[str, float]) -> list[str]:
    """A sentence for each site mean under its minimum."""
    return [
        f"{site}: mean {METRICS[metric]} {mean:.3f} is under the minimum {minimum:g}"
        for site, means in site_means(pages).items()
        for metric, minimum in minimums.items()
        if (mean := means[metric]) is not None and mean < minimum
    ]


def render_table(pages: list[PageScore]) -> str:
    """One table per site: a row per page (pages the feed lacks marked), then the mean."""
    means = site_means(pages)
    benchmark = site_benchmark_scores(pages)
    width = max(len(page.name) for page in pages) + len(" (not in feed)")
    header = "page".ljust(width) + "".join(title.rjust(11) for title in METRICS.values())
    blocks: list[str] = []
    for site, site_mean in means.items():
        site_pages = [page for page in pages if page.site == site]
        lines = [f"{site} ({len(site_pages)} pages)", header]
        for page in site_pages:
            name = page.name if page.in_feed else f"{page.name} (not in feed)"
            lines.append(_row(name, width, page.scores))
        lines.append(_row("mean", width, site_mean))
        if site_score := benchmark.get(site):
            lines.append(
                f"benchmark (4-word shingles, {site_score.pages} pages): F1 {site_score.f1:.3f}"
                f"  precision {site_score.precision:.3f}  recall {site_score.recall:.3f}"
                f"  exact {site_score.exact:.3f}"
            )
        blocks.append("\n".join(lines))
    return "\n\n".join(blocks)


def _row(name: str, width: int, scores: Mapping[str, float | None]) -> str:
    cells = ("-" if scores[m] is None else f"{scores[m]:.3f}" for m in METRICS)
    return name.ljust(width) + "".join(cell.rjust(11) for cell in cells)
