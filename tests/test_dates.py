from newscrawler.dates import iso_datetime, parse_datetime, utc_now_iso


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
