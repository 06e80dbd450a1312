import lxml.html

from newscrawler.extraction.dates import (
    headline_time,
    iso_datetime,
    page_time,
    parse_datetime,
    utc_now_iso,
)


def test_iso_is_read_exactly_without_dateparser():
    parsed = parse_datetime("2023-04-19T14:53:59+09:00", "UTC")
    assert iso_datetime(parsed) == "2023-04-19T14:53:59+09:00"


def test_time_without_offset_is_in_the_sites_zone():
    assert iso_datetime(parse_datetime("2023-04-19T14:53:59", "Asia/Seoul")) == (
        "2023-04-19T14:53:59+09:00"
    )


def test_free_text_needs_a_whole_date():
    assert parse_datetime("14:53", "Asia/Seoul") is None
    assert parse_datetime("", "Asia/Seoul") is None


def test_utc_now_iso_form():
    assert utc_now_iso().endswith("Z")


def test_page_time_keeps_the_offset_the_site_gives():
    assert page_time("2023-04-19T14:53:59.5+09:00", "UTC") == "2023-04-19T14:53:59+09:00"
    assert page_time("Wed, 19 Apr 2023 14:53:59 +0900", "UTC") == "2023-04-19T14:53:59+09:00"
    assert page_time("14:53 April 19, 2023", "Asia/Seoul") == "2023-04-19T14:53:00+09:00"


def test_page_time_invents_no_time_of_day():
    assert page_time("2025-04-03", "Europe/Istanbul") == "2025-04-03"
    assert page_time("20 Nisan 2026", "Europe/Istanbul", "tr") == "2026-04-20"
    assert page_time("20 Nisan 2026 14:09", "Europe/Istanbul", "tr") == "2026-04-20T14:09:00+03:00"


def test_page_time_of_no_date_is_none():
    assert page_time("sometime soon", "UTC") is None


def test_the_time_printed_with_the_headline_is_its_blocks_not_a_list_further_down():
    page = lxml.html.document_fromstring(
        "<body><main><article><header><div><h1>Harbor strike ends</h1></div>"
        "<p>By Jane Roe <time datetime='2024-05-02T08:15:00Z'>May 2</time></p></header>"
        "<p>Copy.</p></article></main>"
        "<section><ul><li><time datetime='2024-05-03T09:00:00Z'>May 3</time></li></ul></section>"
        "</body>"
    )
    assert headline_time(page) == "2024-05-02T08:15:00Z"
    # A page whose only <time> is in a list well below the headline's block gives none.
    header = page.find(".//header")
    header.getparent().remove(header)
    page.find(".//article").insert(0, lxml.html.fromstring("<h1>Harbor strike ends</h1>"))
    assert headline_time(page) is None
