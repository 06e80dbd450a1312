"""Bad pages (issue 5): the replay store fixtures/bad holds bad inputs at Yonhap article
URLs, each written for this project on the 2023 Yonhap article template with invented text.
One real crawl goes over the whole store; each test checks one input's outcome as a newsroom
user would: the correct record, or a drop whose reason is in the rejects feed and the stats.
Never a crash, never a silent loss.

| input (fixtures/bad/*.html)    | what is wrong                      | expected outcome           |
|--------------------------------|------------------------------------|----------------------------|
| malformed-unclosed-tags        | unclosed <p> <li>, stray </div>, & | the correct record         |
| malformed-stray-div-in-copy    | an extra </div> inside the copy    | the correct record         |
| malformed-unclosed-link        | unclosed <p>s, a link left open    | the correct record         |
| charset-euc-kr-in-meta-only    | EUC-KR, charset only in <meta>     | the correct record         |
| charset-cp949-labelled-euc-kr  | a CP949-only syllable, says euc-kr | the correct record         |
| charset-utf-8-bom-only         | UTF-8 with a BOM, no charset       | the correct record         |
| charset-utf-8-labelled-latin-1 | UTF-8, header says iso-8859-1      | the correct record         |
| charset-utf-16-bom             | UTF-16 with its BOM, no charset    | the correct record         |
| empty-body, whitespace-body    | 200 with no bytes / whitespace     | drop: empty_response       |
| pdf-, png-served-as-html       | a PDF, a PNG served as text/html   | drop: not_html             |
| javascript-shell               | meta tags only, text by script     | drop: missing_body         |
| cookie-consent-interstitial    | a consent wall at the article URL  | drop: missing_headline     |
| paywall-teaser                 | teaser, subscribe box, not free    | drop: paywalled            |
| headline-markup-and-script     | <em>, <br>, <script> in the <h1>   | the correct record         |
| date-zero                      | 0000-00-00 00:00:00 everywhere     | drop: unparsable_published |
| date-unrendered-placeholder    | {{ }} in the meta, time shown      | the correct record         |
| date-years-ahead               | published 2033, fetched 2023       | drop: future_published     |
| dateline-false-friend-*        | opens like a dateline, is none     | no dateline                |
| template-changed-json-ld       | no selector matches; JSON-LD       | from JSON-LD               |

A paywall teaser is not the article: a newsroom user wants the story, and a record holding
its first paragraph would pass for the story in every feed. The page says so itself (its
NewsArticle JSON-LD says isAccessibleForFree False and names the paywalled part, which the
page lacks), so the crawler can tell and should drop it as paywalled, where the user sees it.
A consent wall and a script shell hold no article at all: they are dropped for what they
lack, with the headline kept where the page gives one, so that the user can find the story.
"""

from __future__ import annotations

from typing import Any

import pytest

from tests.crawling import CrawlResult, crawl
from tests.paths import FIXTURES, store_urls

STORE = FIXTURES / "bad"
VIEW = "https://en.yna.co.kr/view/"
FETCHED = "2023-05-02T09:00:00Z"

MALFORMED = f"{VIEW}AEN20230502001100315"
STRAY_DIV = f"{VIEW}AEN20230502001200315"
UNCLOSED_LINK = f"{VIEW}AEN20230502001300315"
EUC_KR = f"{VIEW}AEN20230502002100315"
CP949 = f"{VIEW}AEN20230502002200315"
UTF8_BOM = f"{VIEW}AEN20230502002300315"
UTF8_AS_LATIN1 = f"{VIEW}AEN20230502002400315"
UTF16 = f"{VIEW}AEN20230502002500315"
EMPTY = f"{VIEW}AEN20230502003100315"
WHITESPACE = f"{VIEW}AEN20230502003200315"
PDF = f"{VIEW}AEN20230502003300315"
PNG = f"{VIEW}AEN20230502003400315"
SCRIPT_SHELL = f"{VIEW}AEN20230502004100315"
CONSENT = f"{VIEW}AEN20230502004200315"
PAYWALL = f"{VIEW}AEN20230502004300315"
HEADLINE_MARKUP = f"{VIEW}AEN20230502005151315"
ZERO_DATE = f"{VIEW}AEN20230502006100315"
PLACEHOLDER_DATE = f"{VIEW}AEN20230502006200315"
FUTURE_DATE = f"{VIEW}AEN20230502006300315"
CITY_SUBJECT = f"{VIEW}AEN20230502007100315"
CAPS_LEAD_IN = f"{VIEW}AEN20230502007200315"
ACRONYM = f"{VIEW}AEN20230502007300315"
TEMPLATE_CHANGED = f"{VIEW}AEN20230502008100315"


def record(url: str, **fields: Any) -> dict[str, Any]:
    """A whole expected record: what every page of the store shares, then its own fields."""
    return {
        "url": url,
        "source": "yonhap",
        "agency": "Yonhap",
        "headline": None,
        "labels": [],
        "dateline": None,
        "published": None,
        "modified": None,
        "authors": [],
        "section": None,
        "keywords": [],
        "editor_note": None,
        "body": [],
        "related": [],
        "story_id": url.removeprefix(VIEW),
        "version": 0,
        "language": "en",
        "fetched_at": FETCHED,
        "change": "new",
        **fields,
    }


def yonhap_dateline(location: str) -> dict[str, str]:
    """Every dateline in the store is dated on the day the pages were published."""
    return {
        "text": f"{location}, May 2 (Yonhap) --",
        "location": location,
        "date": "2023-05-02",
        "agency": "Yonhap",
    }


@pytest.fixture(scope="module")
def bad_crawl(tmp_path_factory: pytest.TempPathFactory) -> CrawlResult:
    urls = store_urls(STORE, VIEW)
    return crawl("yonhap", tmp_path_factory.mktemp("bad"), store=STORE, urls=urls)


def record_of(result: CrawlResult, url: str) -> dict[str, Any]:
    """The one record a page gave; it must not be in the rejects feed as well."""
    assert [line for line in result.rejects if line["url"] == url] == []
    [found] = [line for line in result.records if line["url"] == url]
    return found


def reject_of(result: CrawlResult, url: str) -> dict[str, Any]:
    """The one rejects-feed line of a page that gave no record, its reason counted in the
    stats as often as the feed gives it."""
    assert [line for line in result.records if line["url"] == url] == []
    [reject] = [line for line in result.rejects if line["url"] == url]
    reason = reject["reason"]
    in_feed = sum(line["reason"] == reason for line in result.rejects)
    assert result.stats[f"newscrawler/rejected/{reason}"] == in_feed
    assert reject["detail"]
    return reject


# -- the crawl as a whole --------------------------------------------------------------------


def test_every_bad_page_ends_as_one_record_or_one_reject(bad_crawl: CrawlResult):
    assert bad_crawl.returncode == 0, bad_crawl.log
    pages = store_urls(STORE, VIEW)
    outcomes = [line["url"] for line in bad_crawl.records + bad_crawl.rejects]
    assert sorted(outcomes) == sorted(pages)  # each page once: none lost, none twice
    assert bad_crawl.stats["item_scraped_count"] + bad_crawl.stats["newscrawler/rejected"] == len(
        pages
    )
    assert bad_crawl.stats.get("replay/miss", 0) == 0
    assert "parse_error" not in {line["reason"] for line in bad_crawl.rejects}
    assert [key for key in bad_crawl.stats if key.startswith("spider_exceptions")] == []
    assert bad_crawl.stats.get("log_count/ERROR", 0) == 0


# -- malformed HTML ----------------------------------------------------------------------------


def test_malformed_html_still_gives_the_correct_record(bad_crawl: CrawlResult):
    assert record_of(bad_crawl, MALFORMED) == record(
        MALFORMED,
        headline="Seoul subway to run extra trains for Children's Day weekend",
        dateline=yonhap_dateline("SEOUL"),
        published="2023-05-02T10:05:12+09:00",
        modified="2023-05-02T10:40:03+09:00",
        authors=["Lee Ji-hoon"],
        section="National",
        keywords=["Seoul subway", "Children's Day"],
        body=[
            "Seoul will run 120 extra subway trains over the Children's Day holiday weekend to "
            "ease crowding at amusement parks and palaces, the city government said Tuesday.",
            "The extra trains will run on Lines 2, 4 and 7 from Friday to Sunday, with the last "
            "trains leaving about an hour later than usual, according to the Seoul Metropolitan "
            "Government.",
            "Officials said the busiest stations last year were those near Children's Grand Park "
            "& Seoul Grand Park, where platforms had to be closed briefly.",
            "Extra trains by line:\nLine 2: 48 trains\nLine 4: 40 trains\nLine 7: 32 trains",
        ],
        related=[
            {
                "headline": "Seoul to keep palaces open until 10 p.m. in May",
                "url": "https://en.yna.co.kr/view/AEN20230428003400315",
            },
            {
                "headline": "(LEAD) Amusement parks brace for record Children's Day crowds",
                "url": "https://en.yna.co.kr/view/AEN20230427005100315",
            },
        ],
    )


def test_a_stray_div_in_the_copy_loses_no_paragraph(bad_crawl: CrawlResult):
    assert record_of(bad_crawl, STRAY_DIV) == record(
        STRAY_DIV,
        headline="Busan port cargo volume rises 4 pct in April on transshipment rebound",
        dateline=yonhap_dateline("BUSAN"),
        published="2023-05-02T11:31:40+09:00",
        modified="2023-05-02T11:31:40+09:00",
        authors=["Jung Da-eun"],
        section="Economy",
        keywords=["Busan port"],
        body=[
            "Container volume at Busan port rose 4 percent in April from a year earlier as "
            "transshipment cargo bound for China picked up, the port authority said Tuesday.",
            "The port handled 1.98 million twenty-foot equivalent units (TEUs) last month, up "
            "from 1.90 million a year earlier, according to the Busan Port Authority.",
            "Transshipment cargo, which is unloaded at Busan and carried on to third countries, "
            "accounted for 55 percent of the total.",
            "The authority expects annual volume to reach a record 23 million TEUs this year if "
            "the trend continues.",
        ],
    )


def test_an_unclosed_link_does_not_merge_paragraphs(bad_crawl: CrawlResult):
    assert record_of(bad_crawl, UNCLOSED_LINK) == record(
        UNCLOSED_LINK,
        headline="Hyundai Motor to open EV battery research center in Uiwang",
        dateline=yonhap_dateline("SEOUL"),
        published="2023-05-02T12:14:09+09:00",
        modified="2023-05-02T12:14:09+09:00",
        authors=["Oh Seung-woo"],
        section="Economy",
        keywords=["Hyundai Motor", "EV battery"],
        body=[
            "Hyundai Motor Group said Tuesday it will open a research center for electric "
            "vehicle batteries in Uiwang, south of Seoul, next year to cut its reliance on "
            "outside suppliers.",
            "The center builds on the group's battery joint venture with a domestic cell maker "
            "announced last month and will employ about 300 researchers.",
            "It will focus on lithium iron phosphate and solid-state cells, the company said.",
            "Hyundai aims to equip its electric vehicles with batteries designed in-house from "
            "2028.",
        ],
    )


# -- charsets ----------------------------------------------------------------------------------

CHARSET_RECORDS = [
    pytest.param(
        record(
            EUC_KR,
            headline="Hangeul exhibition marks 580 years since script's creation",
            dateline=yonhap_dateline("SEOUL"),
            published="2023-05-02T13:02:55+09:00",
            modified="2023-05-02T13:20:17+09:00",
            authors=["Yoon Ha-eun"],
            section="Culture",
            keywords=["Hangeul", "exhibition"],
            body=[
                "An exhibition marking 580 years since the creation of Hangeul, the Korean "
                "alphabet, opened Tuesday at the National Hangeul Museum in Seoul, with rare "
                'prints of "훈민정음" (Hunminjeongeum), the 1446 text that introduced the script.',
                "Curator Kim Seo-yeon (김서연) said the show traces how the 28 letters were used "
                "in everyday writing, from family letters to street signs.",
                'Every ticket carries the museum\'s motto, "우리 글, 우리 얼" (Our script, our '
                "soul).",
                "The exhibition runs through Oct. 9, Hangeul Day.",
            ],
        ),
        id="euc-kr-declared-in-meta-only",
    ),
    pytest.param(
        record(
            CP949,
            headline="Bangkok street food chain opens first Seoul outlet",
            dateline=yonhap_dateline("SEOUL"),
            published="2023-05-02T13:45:30+09:00",
            modified="2023-05-02T13:45:30+09:00",
            section="Culture",
            keywords=["Thai food"],
            body=[
                "A Thai street food chain opened its first South Korean outlet in Seoul's "
                "Itaewon district on Tuesday, with its sour and spicy shrimp soup, tom yum goong "
                "(똠얌꿍), selling out within two hours.",
                'The menu board spells the dish "똠얌꿍" rather than the "톰얌쿵" used by some '
                "local restaurants, following the spelling most Korean diners search for "
                "online, the chain said.",
                "The company plans to open five more outlets in the capital area by the end of "
                "the year.",
            ],
        ),
        id="cp949-syllable-labelled-euc-kr",
    ),
    pytest.param(
        record(
            UTF8_BOM,
            headline="Jeju to cap airport rental car pickups to ease congestion",
            dateline=yonhap_dateline("JEJU"),
            published="2023-05-02T14:20:00+09:00",
            modified="2023-05-02T14:20:00+09:00",
            section="National",
            keywords=["Jeju", "rental cars"],
            body=[
                "Jeju Island will cap the number of rental cars picking up customers at its "
                "airport at 3,000 a day from July, the provincial government said Tuesday, in a "
                "bid to ease chronic congestion.",
                "“The airport road turns into a parking lot every weekend,” a provincial official "
                "said, adding that the cap would be reviewed after six months.",
                "Rental firms must register pickups in advance through a new online system, "
                "called “제주 렌터카 예약제” (Jeju rental car reservation system).",
                "Jeju drew 13.8 million visitors last year — a record, according to the island’s "
                "tourism association.",
            ],
        ),
        id="utf-8-bom-no-charset",
    ),
    pytest.param(
        record(
            UTF8_AS_LATIN1,
            headline="Seoul Philharmonic names Étienne Morel music director",
            dateline=yonhap_dateline("SEOUL"),
            published="2023-05-02T15:05:48+09:00",
            modified="2023-05-02T15:05:48+09:00",
            section="Culture",
            keywords=["Seoul Philharmonic"],
            body=[
                "The Seoul Philharmonic Orchestra on Tuesday named French conductor Étienne "
                "Morel as its next music director, starting in January.",
                "Morel, 46, said he was “honored to join an orchestra with such energy” and "
                "planned to program more works by Korean composers such as Isang Yun (윤이상).",
                "He will conduct Mahler’s Symphony No. 2 at his inaugural concert at the Lotte "
                "Concert Hall on Jan. 12.",
            ],
        ),
        id="utf-8-labelled-iso-8859-1",
    ),
    pytest.param(
        record(
            UTF16,
            headline="Daegu to host international textile fair in September",
            dateline=yonhap_dateline("DAEGU"),
            published="2023-05-02T15:40:21+09:00",
            modified="2023-05-02T15:40:21+09:00",
            section="Economy",
            keywords=["Daegu", "textile"],
            body=[
                "Daegu will host an international textile fair in September with some 400 "
                "companies from 20 countries, the city said Tuesday.",
                "Organizers said the fair would add a section on recycled fibers for the first "
                "time, under the theme “섬유의 미래” (The Future of Fiber).",
                "The city’s textile makers have been shifting toward technical fabrics for cars "
                "and medical use.",
            ],
        ),
        id="utf-16-bom",
    ),
]


@pytest.mark.parametrize("expected", CHARSET_RECORDS)
def test_a_wrong_or_missing_charset_still_gives_the_text_as_written(
    bad_crawl: CrawlResult, expected: dict[str, Any]
):
    assert record_of(bad_crawl, expected["url"]) == expected


# -- pages that are no web page ------------------------------------------------------------------


@pytest.mark.parametrize("url", [EMPTY, WHITESPACE], ids=["zero-bytes", "whitespace-only"])
def test_an_empty_page_is_dropped_as_empty(bad_crawl: CrawlResult, url: str):
    assert reject_of(bad_crawl, url)["reason"] == "empty_response"


@pytest.mark.parametrize("url", [PDF, PNG], ids=["pdf", "png"])
def test_a_binary_file_served_as_html_is_dropped_as_not_html(bad_crawl: CrawlResult, url: str):
    reject = reject_of(bad_crawl, url)
    assert reject["reason"] == "not_html"
    assert "text/html" in reject["detail"]  # says what the server called it


# -- pages that hold no article ------------------------------------------------------------------


def test_a_script_shell_is_dropped_for_its_missing_body(bad_crawl: CrawlResult):
    """Its sharing meta tags name the story, so the reject keeps them for the user; the
    noscript notice and the teaser in og:description are not the article's text."""
    reject = reject_of(bad_crawl, SCRIPT_SHELL)
    assert reject["reason"] == "missing_body"
    assert reject["record"]["headline"] == (
        "S. Korea, Japan to resume finance ministers' talks next month"
    )
    assert reject["record"]["published"] == "2023-05-02T11:20:41+09:00"
    assert reject["record"]["body"] == []


def test_a_consent_wall_is_dropped_for_its_missing_headline(bad_crawl: CrawlResult):
    reject = reject_of(bad_crawl, CONSENT)
    assert reject["reason"] == "missing_headline"
    assert (reject["record"]["headline"], reject["record"]["body"]) == (None, [])


def test_a_paywall_teaser_is_dropped_as_paywalled(bad_crawl: CrawlResult):
    reject = reject_of(bad_crawl, PAYWALL)
    assert reject["reason"] == "paywalled"
    assert reject["record"]["headline"] == "Chip exports seen recovering in second half: think tank"


# -- headline -----------------------------------------------------------------------------------


def test_a_headline_holding_markup_and_a_script_reads_as_shown(bad_crawl: CrawlResult):
    assert record_of(bad_crawl, HEADLINE_MARKUP) == record(
        HEADLINE_MARKUP,
        headline="Director Park Min-ji's Harbor Lights to open Busan film festival",
        labels=["LEAD"],
        dateline=yonhap_dateline("BUSAN"),
        published="2023-05-02T16:32:18+09:00",
        modified="2023-05-02T16:58:02+09:00",
        authors=["Kwon Na-ri"],
        section="Culture",
        keywords=["BIFF", "Park Min-ji"],
        editor_note="ADDS festival director's comments in paras 4-5",
        body=[
            "Director Park Min-ji's new feature \"Harbor Lights\" will open this year's Busan "
            "International Film Festival in October, organizers said Tuesday.",
            "The film, about three generations of a fishing family on Yeongdo Island, will have "
            "its world premiere at the festival's outdoor theater on Oct. 4.",
            '"It is a love letter to Busan itself," festival director Lee Sang-hoon said at a '
            "press conference.",
            "He said the festival would screen about 200 films from 70 countries this year.",
        ],
        related=[
            {
                "headline": "Director Park Min-ji's 'Harbor Lights' to open Busan film festival",
                "url": "https://en.yna.co.kr/view/AEN20230502005100315",
            },
            {
                "headline": "Busan film festival names new director",
                "url": "https://en.yna.co.kr/view/AEN20230425002700315",
            },
        ],
        story_id="AEN20230502005100315",
        version=1,
    )


# -- publication dates ---------------------------------------------------------------------------


def test_a_zero_date_is_dropped_as_unparsable(bad_crawl: CrawlResult):
    """Every time the page gives is the CMS's zero date (the one on show, "-0001", is what
    PHP prints for it): there is no publication time to give."""
    reject = reject_of(bad_crawl, ZERO_DATE)
    assert reject["reason"] == "unparsable_published"
    assert "0000-00-00 00:00:00" in reject["detail"]


def test_a_placeholder_meta_time_falls_back_to_the_time_shown(bad_crawl: CrawlResult):
    assert record_of(bad_crawl, PLACEHOLDER_DATE) == record(
        PLACEHOLDER_DATE,
        headline="Incheon airport passenger traffic recovers to 80 pct of pre-pandemic level",
        dateline=yonhap_dateline("INCHEON"),
        published="2023-05-02T14:07:00+09:00",
        section="Economy",
        keywords=["Incheon airport"],
        body=[
            "Passenger traffic at Incheon International Airport recovered to 80 percent of its "
            "pre-pandemic level in April, the airport operator said Tuesday.",
            "The airport handled 4.3 million passengers last month, led by travelers to Japan "
            "and Southeast Asia.",
        ],
    )


def test_a_date_years_ahead_is_dropped_as_future(bad_crawl: CrawlResult):
    reject = reject_of(bad_crawl, FUTURE_DATE)
    assert reject["reason"] == "future_published"
    assert "2033-05-02T15:30:00+09:00" in reject["detail"]


# -- datelines ---------------------------------------------------------------------------------

# The three pages were published together.
FRIEND_TIMES = {"published": "2023-05-02T17:10:44+09:00", "modified": "2023-05-02T17:10:44+09:00"}
FALSE_FRIENDS = [
    pytest.param(
        record(
            CITY_SUBJECT,
            headline="Seoul picked over Busan to host Asia-Pacific mayors' forum",
            body=[
                "SEOUL -- not Busan, as many had expected -- will host the Asia-Pacific Mayors' "
                "Forum in October, the forum's organizing committee said Tuesday, ending a "
                "monthlong contest between the country's two largest cities.",
                "The committee said Seoul's larger convention space and direct flights to more "
                "member cities decided the vote.",
                "Busan will instead host the forum's working-level meeting in June.",
            ],
            section="National",
            keywords=["Asia-Pacific Mayors' Forum"],
            **FRIEND_TIMES,
        ),
        id="city-as-subject",
    ),
    pytest.param(
        record(
            CAPS_LEAD_IN,
            headline="How the radio brought breaking news to Korean homes",
            labels=["Yonhap Feature"],
            body=[
                "BREAKING NEWS -- or what passed for it in 1963 -- reached most South Korean "
                "homes through a single radio set shared by the whole neighborhood.",
                "At a new exhibition at the National Museum of Korean Contemporary History, "
                "visitors can listen to bulletins from those years on restored tube radios.",
                "The exhibition runs through Aug. 31.",
            ],
            section="Culture",
            keywords=["radio", "exhibition"],
            **FRIEND_TIMES,
        ),
        id="all-caps-lead-in",
    ),
    pytest.param(
        record(
            ACRONYM,
            headline="THAAD battery in Seongju to get new radar next year",
            body=[
                "THAAD (Terminal High Altitude Area Defense) -- the U.S. missile shield "
                "stationed in Seongju, North Gyeongsang Province, since 2017 -- will get an "
                "upgraded radar next year, the defense ministry said Tuesday.",
                "The ministry said the upgrade would not expand the battery's footprint and that "
                "residents would be briefed this month.",
            ],
            section="National",
            keywords=["THAAD"],
            **FRIEND_TIMES,
        ),
        id="acronym-and-its-expansion",
    ),
]


@pytest.mark.parametrize("expected", FALSE_FRIENDS)
def test_a_sentence_that_opens_like_a_dateline_stays_in_the_body(
    bad_crawl: CrawlResult, expected: dict[str, Any]
):
    assert record_of(bad_crawl, expected["url"]) == expected


# -- a template the selectors no longer know -------------------------------------------------------

FROM_STRUCTURED_DATA = record(
    TEMPLATE_CHANGED,
    headline="N. Korea opens beach resort on east coast, state media says",
    dateline=yonhap_dateline("SEOUL"),
    published="2023-05-02T16:45:10+09:00",
    modified="2023-05-02T17:02:33+09:00",
    authors=["Han Ji-won"],
    section="North Korea",
    keywords=["North Korea", "Wonsan", "tourism"],
    body=[
        "North Korea has opened a beach resort on its east coast to domestic tourists, the "
        "North's state media said Tuesday, as Pyongyang tries to revive tourism after years of "
        "border closures.",
        "The resort near Wonsan can house about 10,000 guests, the Korean Central News Agency "
        '(KCNA) said, calling it "a proud achievement of the people."',
        "Foreign tourists are not yet allowed, according to a Chinese travel agency.",
    ],
)


def test_a_changed_template_gives_the_record_from_structured_data(bad_crawl: CrawlResult):
    """Every field but the text (next test): og:title, the NewsArticle JSON-LD and the
    content id in the URL stand in for the selectors."""
    found = record_of(bad_crawl, TEMPLATE_CHANGED)
    assert {**found, "body": None} == {**FROM_STRUCTURED_DATA, "body": None}
    assert len(found["body"]) == len(FROM_STRUCTURED_DATA["body"])


def test_a_changed_template_keeps_the_json_ld_text_as_written(bad_crawl: CrawlResult):
    assert record_of(bad_crawl, TEMPLATE_CHANGED)["body"] == FROM_STRUCTURED_DATA["body"]


def test_the_stats_flag_every_field_taken_from_structured_data(bad_crawl: CrawlResult):
    fallbacks = {
        key.removeprefix("newscrawler/fallback/"): count
        for key, count in bad_crawl.stats.items()
        if key.startswith("newscrawler/fallback/")
    }
    assert fallbacks == {
        # The changed template: everything its selectors used to find.
        "headline": 2,  # og:title, on the changed template and on the script shell
        "published": 2,  # the template-changed page, and the placeholder-date page
        "modified": 1,
        "section": 1,
        "keywords": 1,
        "body": 1,
        "content_id": 2,  # from the URL, on the changed template and the consent wall
        # The consent wall names no canonical URL: the URL requested stands in.
        "url": 1,
        # The changed template carries no generation marker: the generic extraction fills
        # what the site's sources left empty (JSON-LD author, <html lang>).
        "template": 1,
        "template/authors": 1,
        "template/language": 1,
    }
