"""The inputs of the replay store fixtures/defects (issue 10), each with what a reader of
the page expects of it: the record's fields the defect is about (and its headline and
body), or the reason it is rejected for. Written by reading the pages, not from the
crawler's output.

Every page is at a Yonhap article URL, written for this project on the 2023 Yonhap
template (the structured-data pages on a redesigned one) with invented text; the index
names each input's class in its ``defect`` key. Some index lines are the input themselves
(a replay store's broken lines): their pages are not served, so they end as replay
misses (``http_404``), after a warning that names the line.

``python -m tests.defects`` crawls the store and prints the table of the issue's note:
class, cases, records correct, rejected with reason, crashes.
"""

from __future__ import annotations

import sys
import tempfile
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tests.crawling import CrawlResult, crawl
from tests.paths import FIXTURES

STORE = FIXTURES / "defects"
VIEW = "https://en.yna.co.kr/view/"
LEAD = "SEOUL, June 3 (Yonhap) --"


def cid(number: int) -> str:
    return f"{VIEW}AEN20230603{number:04d}00315"


LONG_LINK = f"{cid(699)}?page={'x' * 3000}"


def dateline(text: str = LEAD) -> dict[str, str]:
    return {"text": text, "location": "SEOUL", "date": "2023-06-03", "agency": "Yonhap"}


@dataclass(frozen=True)
class Case:
    defect: str  # the class of the issue
    name: str
    url: str
    record: dict[str, Any] = field(default_factory=dict)  # fields of the expected record
    reason: str | None = None  # or the reason of the expected reject


def published_at(time: str) -> dict[str, str]:
    return {"published": f"2023-06-03T{time}+09:00"}


CASES = [
    # -- decoding ----------------------------------------------------------------------------
    Case("decoding", "utf-8 with a stray cp1252 byte, labelled latin-1", cid(101), {
        "headline": "Seoul's café owners brace for rent rises",
        "body": [
            "Café owners in Seoul’s Seongsu district say rents will rise again this year, a "
            "survey showed Saturday.",
            "Étienne Morel, who runs a bakery there, said prices for butter had doubled.",
        ],
    }),
    Case("decoding", "<meta charset=utf-16> on utf-8 bytes", cid(102), {
        "headline": "Busan hosts Korean-French film week",
        "body": [
            "A Korean-French film week opened in Busan on Saturday with “Les Misérables” and "
            "“기생충” (Parasite).",
            "Organisers said 12 films would be shown through June 9.",
        ],
    }),
    Case("decoding", "a NUL byte in the head", cid(103), {
        "headline": "Incheon airport adds night flights to Jeju",
        "dateline": dateline(),
    }),
    Case("decoding", "windows-1252 bytes labelled iso-8859-1", cid(104), {
        "body": [
            "The Gwangju Biennale showed a preview of its “Soft and Weak Like Water” exhibition "
            "on Saturday, with works by the Cameroonian artist Pascale Marthine Tayou and the "
            "café collective Résidence.",
            "The biennale opens April 7 next year.",
        ],
    }),
    Case("decoding", "http-equiv UTF-16LE on utf-8 bytes", cid(105), {
        "body": [
            "Daegu opened a Korean-Vietnamese cultural centre on Saturday, offering classes in "
            "Tiếng Việt and 한국어 to 300 families.",
            "City officials said a second centre would open in Gumi.",
        ],
    }),
    Case("decoding", "NUL bytes in paragraphs", cid(106), {
        "body": [
            "An Ulsan shipyard won an order for two LNG carriers worth 500 billion won, the "
            "company said Saturday.",
            "The ships will be delivered by 2026.",
        ],
    }),
    Case("decoding", "utf-8 with stray cp1252 dashes, labelled windows-1252", cid(107), {
        "headline": "Gangneung’s coffee festival draws record crowds",
        "body": [
            "Gangneung’s coffee festival drew a record 300,000 visitors – up 20 percent – the "
            "city said Saturday.",
            "Baristas from Zürich, São Paulo and Hà Nội took part.",
        ],
    }),
    # -- text --------------------------------------------------------------------------------
    Case("text", "bidi controls", cid(201), {
        "headline": "Seoul unveils new bus routes",
        "body": [
            "Seoul unveiled eight new night bus routes on Saturday, the city government said.",
            "The routes link Gangnam with northern districts.",
        ],
    }),
    Case("text", "C0 and C1 controls", cid(202), {
        "headline": "Suwon fortress festival returns",
        "body": [
            # NEL (U+0085) is a line break to Unicode, a space to a reader of the page.
            "The Suwon Hwaseong Fortress festival returns in October after a three-year pause, "
            "the city said Saturday.",
            "About 600,000 visitors are expected.",
        ],
    }),
    Case("text", "literal text in angle brackets", cid(203), {
        "headline": "Reliance <RELI.NS> to invest in Korean batteries",
        "body": [
            "India's Reliance Industries <RELI.NS> said Saturday it would invest in a Korean "
            "battery maker.",
            "Its shares rose 2 percent; the Kospi closer <KS11> was flat.",
            "Analysts at one brokerage rate the stock a buy with a price-to-book under <2.00, a "
            "level last seen in 2020.",
        ],
    }),
    Case("text", "escaped entities printed in the copy", cid(204), {
        "headline": "Coding schools teach &amp; and &lt;br&gt; to pupils",
        "body": [
            "Coding schools in Seoul now teach pupils that an ampersand in a web page is written "
            "&amp; and a line break &lt;br&gt;, the education office said.",
            "Tom & Jerry cartoons are used in the classes.",
        ],
    }),
    Case("text", "ADVERTISEMENT placeholders", cid(205), {
        "body": [
            "Jeonju will limit tour buses in its hanok village from August, the city said "
            "Saturday.",
            "Only 40 buses a day will be allowed to park near the village.",
            "Residents have long complained of noise.",
        ],
    }),
    Case("text", "full-width dashes in the dateline", cid(206), {
        "dateline": dateline("SEOUL, June 3 (Yonhap) －－"),
        "body": [
            "POSCO's Pohang steel mill has resumed full output nine months after it was "
            "flooded, the company said Saturday.",
            "Repairs cost about 200 billion won.",
        ],
    }),
    Case("text", "Unicode spaces in dateline and byline", cid(207), {
        "dateline": dateline("SEOUL, June 3 (Yonhap) —"),
        "authors": ["Kim Min-jun"],
        "body": [
            "Chuncheon's marathon will move to April from next year, organisers said Saturday.",
            "About 20,000 runners took part last year.",
        ],
    }),
    Case("text", "zero-width characters", cid(208), {
        "headline": "North Korea fires ballistic missile",
        # A zero-width space between two words shows them joined.
        "keywords": ["NorthKorea", "missile"],
        "body": [
            "North Korea fired a short-range ballistic missile into the East Sea on Saturday, "
            "the military said.",
            "It flew about 300 kilometers.",
        ],
    }),
    # -- depth -------------------------------------------------------------------------------
    Case("depth", "3,000 nested divs before the article", cid(301), {
        "headline": "Sejong city opens national library branch",
        "body": [
            "A branch of the National Library of Korea opened in Sejong on Saturday.",
            "It holds 400,000 books.",
        ],
    }),
    Case("depth", "1,500 nested spans in a paragraph", cid(302), {
        "body": [
            "The Andong mask dance festival will add night shows, featuring one thousand five "
            "hundred performers, organisers said.",
            "The festival runs from Sept. 29.",
        ],
    }),
    Case("depth", "a JSON-LD array 100,000 deep", cid(303), {
        "headline": "Mokpo port to get cruise terminal",
        **published_at("10:05:00"),
    }),
    Case("depth", "a JSON-LD object 5,000 deep", cid(304), {
        "headline": "Yeosu expo site to host marine festival",
        **published_at("10:05:00"),
    }),
    Case("depth", "400 unclosed font tags", cid(305), {
        "body": [
            "Gimhae's national museum shows four Gaya crowns from Saturday.",
            "Curators list the finds: " + " ".join(f"word{i}" for i in range(400)) + " end.",
        ],
    }),
    # -- structured data of unexpected shapes --------------------------------------------
    Case("structured", "arrays where strings are expected", cid(401), {
        "headline": "Gyeongju to restore Silla palace walls",
        **published_at("11:00:00"),
        "modified": "2023-06-03T11:30:00+09:00",
        "section": "Culture",
        "keywords": ["Gyeongju", "Silla"],
        "dateline": dateline(),
        "body": ["Gyeongju will restore the walls of a Silla palace by 2030.",
                 "Work starts next year."],
    }),
    Case("structured", "@graph, nesting, objects for values", cid(402), {
        "headline": "Cheongju airport adds Japan routes",
        **published_at("12:00:00"),
        "keywords": ["Cheongju", "Japan"],
        "body": ["Cheongju airport will add flights to Osaka and Fukuoka from July.",
                 "The airport served 3 million passengers last year."],
    }),
    Case("structured", "HTML-escaped text and markup in values", cid(403), {
        "headline": 'Samsung <005930.KS> to build "AI" chip plant',
        "body": ["Samsung Electronics <005930.KS> will build an AI chip plant in Pyeongtaek, it "
                 "said.", "The plant costs 20 trillion won & opens in 2026."],
    }),
    # Its JSON-LD headline is a number; the page's <title> says the headline, which the
    # generic extraction (the fallback on a page of no known template) reads.
    Case("structured", "numbers and nulls for strings", cid(404), {
        "headline": "Incheon to open hydrogen bus depot",
        **published_at("14:00:00"),
        "body": ["Incheon will open a hydrogen bus depot in July.", "It will serve 100 buses."],
    }),
    Case("structured", "JSON-LD blocks of every shape", cid(405), {
        "headline": "Pyeongtaek port adds car terminal",
        **published_at("15:00:00"),
    }),
    Case("structured", "paywall fields of odd shapes", cid(406), {
        "headline": "Wonju medical cluster draws startups",
        "body": ["Wonju's medical device cluster drew 30 startups this year.",
                 "The city offers rent support."],
    }),
    # -- dates ---------------------------------------------------------------------------
    Case("dates", "the epoch in the meta, the time shown", cid(501), {
        **published_at("10:15:00"),
        "modified": None,
    }),
    Case("dates", "the epoch everywhere", cid(502), reason="unparsable_published"),
    Case("dates", "modified before published", cid(503), {
        **published_at("10:30:00"),
        "modified": None,
    }),
    Case("dates", "modified after the fetch", cid(504), {
        **published_at("10:40:00"),
        "modified": None,
    }),
    Case("dates", "an epoch modification time", cid(505), {
        **published_at("10:50:00"),
        "modified": None,
    }),
    Case("dates", "the epoch in New York time", cid(506), reason="unparsable_published"),
    # -- URLs ----------------------------------------------------------------------------
    Case("urls", "a relative canonical", cid(601), {"url": cid(601)}),
    Case("urls", "an off-site canonical", cid(602), {"url": cid(602)}),
    Case("urls", "the home page as canonical and og:url", cid(603), {"url": cid(603)}),
    Case("urls", "a canonical that is no URL", cid(604), {"url": cid(604)}),
    Case("urls", "a section front as canonical and og:url", cid(609), {"url": cid(609)}),
    Case("urls", "another article's canonical, og:url the page's", cid(610), {
        "url": cid(610),
        "headline": "Incheon airport opens fourth terminal wing",
    }),
    Case("urls", "three pages, one canonical URL: the article", cid(605), {"url": cid(605)}),
    Case("urls", "three pages, one canonical URL: a copy", cid(606), reason="duplicate"),
    Case("urls", "three pages, one canonical URL: og:url only", cid(607), reason="duplicate"),
    Case("urls", "a page with a related link over URLLENGTH_LIMIT", cid(608), {
        "headline": "Anyang stream restored",
        "related": [{"headline": "Otters return to Anyang stream", "url": LONG_LINK}],
    }),
    Case("urls", "a related link over URLLENGTH_LIMIT", LONG_LINK, reason="url_too_long"),
    # -- page shapes ---------------------------------------------------------------------
    Case("shapes", "a soft 404", cid(701), reason="soft_404"),
    Case("shapes", "a soft 404: no longer available", cid(702), reason="soft_404"),
    Case("shapes", "two articles in the markup", cid(703), reason="two_articles"),
    Case("shapes", "two articles in the JSON-LD", cid(704), reason="two_articles"),
    Case("shapes", "a page that refreshes itself", cid(705), {
        "headline": "Live: Seoul marathon results",
    }),
    Case("shapes", "a page that refreshes itself, relative URL", cid(706), {
        "headline": "Live: Busan fireworks updates",
    }),
    # -- replay store lines --------------------------------------------------------------
    Case("store", "an index line that is not JSON", cid(801), reason="http_404"),
    Case("store", "a BOM before a line, a null status", cid(802), reason="http_404"),
    Case("store", "a file outside the store (../)", cid(803), reason="http_404"),
    Case("store", "an absolute file path", cid(804), reason="http_404"),
    Case("store", "a file the store lacks", cid(805), reason="http_404"),
    Case("store", "a gzip bomb over DOWNLOAD_MAXSIZE", cid(806), reason="too_large"),
    Case("store", "a line that is a JSON array", cid(807), reason="http_404"),
    Case("store", "a status that is no number", cid(808), reason="http_404"),
]  # fmt: skip

# All but the long link, which a page's related headline leads to.
CRAWLED_URLS = [case.url for case in CASES if len(case.url) <= 2083]
# The store lines skipped with a warning (line numbers in index.jsonl).
SKIPPED_LINES = {47: "not JSON", 48: "status None", 49: "outside the store",
                 50: "outside the store", 51: "not in the store", 53: "not an object",
                 54: "status '200 OK'"}  # fmt: skip


def crawl_store(tmp_path: Path) -> CrawlResult:
    """One crawl over the whole store, following related headlines one link out."""
    return crawl("yonhap", tmp_path, store=STORE, urls=CRAWLED_URLS, hops=1)


def outcome(result: CrawlResult, case: Case) -> tuple[list[dict], list[dict]]:
    """The records and rejects lines of one input."""
    records = [r for r in result.records if r["url"] == case.url]
    rejects = [r for r in result.rejects if r["url"] == case.url]
    return records, rejects


def is_correct(result: CrawlResult, case: Case) -> bool:
    records, rejects = outcome(result, case)
    if case.reason is not None:
        return not records and [r["reason"] for r in rejects] == [case.reason]
    if rejects or len(records) != 1:
        return False
    return all(records[0].get(name) == value for name, value in case.record.items())


def table(result: CrawlResult) -> str:
    crashes = crash_count(result)
    rows = ["| class | cases | records correct | rejected with reason | crashes |",
            "|---|---|---|---|---|"]  # fmt: skip
    cases_by_class = Counter(case.defect for case in CASES)
    for defect in cases_by_class:
        cases = [case for case in CASES if case.defect == defect]
        records = sum(case.reason is None and is_correct(result, case) for case in cases)
        rejected = sum(case.reason is not None and is_correct(result, case) for case in cases)
        rows.append(f"| {defect} | {len(cases)} | {records} | {rejected} | {crashes[defect]} |")
    return "\n".join(rows)


def crash_count(result: CrawlResult) -> Counter[str]:
    """Inputs per class that crashed: a parse_error, or no outcome at all (lost)."""
    crashed: Counter[str] = Counter({case.defect: 0 for case in CASES})
    for case in CASES:
        records, rejects = outcome(result, case)
        if (not records and not rejects) or any(r["reason"] == "parse_error" for r in rejects):
            crashed[case.defect] += 1
    return crashed


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        result = crawl_store(Path(folder))
    print(table(result))
    print(
        f"\n{len(CASES)} inputs; crawl exit status {result.returncode}; tracebacks in the "
        f"log: {result.log.count('Traceback (most recent call last)')}"
    )
    sys.exit(0 if all(is_correct(result, case) for case in CASES) else 1)


if __name__ == "__main__":
    main()
