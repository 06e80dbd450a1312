from newscrawler.pipelines.dateline import DatelinePipeline
from tests.conftest import article


def test_dateline_split_off_first_paragraph_and_resolved(crawler):
    item = article(
        agency="Yonhap",
        published="2021-10-23T10:21:07+09:00",
        body=["SEOUL, Oct. 23 (Yonhap) -- Chinese President Xi Jinping has ...", "More."],
    )
    item = DatelinePipeline(crawler).process_item(item)
    assert item.dateline == {
        "text": "SEOUL, Oct. 23 (Yonhap) --",
        "location": "SEOUL",
        "date": "2021-10-23",
        "agency": "Yonhap",
    }
    assert item.body == ["Chinese President Xi Jinping has ...", "More."]


def test_december_dateline_on_a_january_page_is_the_previous_year(crawler):
    item = article(
        published="2022-01-01T09:12:00+09:00",
        body=["WASHINGTON, Dec. 31 (Yonhap) -- The U.S. said ..."],
    )
    assert DatelinePipeline(crawler).process_item(item).dateline["date"] == "2021-12-31"


def test_dateline_agency_is_credited(crawler):
    item = article(agency="Yonhap", body=["LA CROSSE, Wis. (AP) — A man was charged."])
    item = DatelinePipeline(crawler).process_item(item)
    assert item.agency == "AP"
    assert item.dateline == {
        "text": "LA CROSSE, Wis. (AP) —",
        "location": "LA CROSSE, Wis.",
        "date": None,
        "agency": "AP",
    }


def test_copy_without_dateline_is_left_alone(crawler):
    body = ["Asiana Airlines 13,310 UP 70\nLS 97,000 UP 4,100"]
    item = DatelinePipeline(crawler).process_item(article(body=list(body)))
    assert item.dateline is None
    assert item.body == body
    assert item.agency == "Yonhap"


def test_a_brief_dateline_is_its_date_alone(crawler):
    """A Reuters BRIEF opens with the day and the company, no place, no agency: the date is
    the dateline, the agency stays the site's, the subject line stays the copy's."""
    item = article(
        agency="Reuters",
        published="2018-01-25T21:35:00+00:00",
        body=["Jan 25 Central Pacific Financial Corp :", "* Q4 earnings per share $0.43"],
    )
    item = DatelinePipeline(crawler).process_item(item)
    assert item.dateline == {
        "text": "Jan 25",
        "location": None,
        "date": "2018-01-25",
        "agency": None,
    }
    assert item.agency == "Reuters"
    assert item.body == ["Central Pacific Financial Corp :", "* Q4 earnings per share $0.43"]


def test_an_agency_less_dateline_keeps_the_sites_agency(crawler):
    item = article(
        agency="Montsame",
        published="2024-06-20T09:00:00+08:00",
        body=["ULAANBAATAR, June 20 -- Mongolia's president said ..."],
    )
    item = DatelinePipeline(crawler).process_item(item)
    assert item.dateline == {
        "text": "ULAANBAATAR, June 20 --",
        "location": "ULAANBAATAR",
        "date": "2024-06-20",
        "agency": None,
    }
    assert item.agency == "Montsame"
    assert item.body == ["Mongolia's president said ..."]


def test_a_dateline_printed_apart_leaves_the_body(crawler):
    item = article(
        agency="Ascom",
        body=["BAAR, SWITZERLAND", "Ascom announced a new solution ...", "More."],
    )
    item = DatelinePipeline(crawler).process_item(item)
    assert item.dateline == {
        "text": "BAAR, SWITZERLAND",
        "location": "BAAR, SWITZERLAND",
        "date": None,
        "agency": None,
    }
    assert item.body == ["Ascom announced a new solution ...", "More."]


def test_the_reporters_a_korean_dateline_names_are_the_authors(crawler):
    """Yonhap's Korean copy credits its reporters inside the dateline: they become the
    authors, the dateline's agency as printed is credited, the copy starts after "="."""
    item = article(
        agency="연합뉴스",
        language="ko",
        body=["(서울=연합뉴스) 김하늘 박지훈 기자 = 정부는 19일 민간 투자를 ...", "둘째 문단."],
    )
    item = DatelinePipeline(crawler).process_item(item)
    assert item.dateline == {
        "text": "(서울=연합뉴스) 김하늘 박지훈 기자 =",
        "location": "서울",
        "date": None,
        "agency": "연합뉴스",
    }
    assert item.authors == ["김하늘", "박지훈"]
    assert item.body == ["정부는 19일 민간 투자를 ...", "둘째 문단."]


def test_authors_credited_elsewhere_on_the_page_are_kept(crawler):
    item = article(
        authors=["Kim Ha-neul"],
        language="ko",
        body=["(서울=연합뉴스) 김하늘 기자 = 정부는 ..."],
    )
    assert DatelinePipeline(crawler).process_item(item).authors == ["Kim Ha-neul"]


def test_a_xinhua_dateline_date_is_resolved(crawler):
    item = article(
        agency="新华网",
        language="zh",
        published="2024-01-05T18:30:00+08:00",
        body=["新华社北京1月5日电（记者 张三、李四）国务院总理 ..."],
    )
    item = DatelinePipeline(crawler).process_item(item)
    assert item.dateline == {
        "text": "新华社北京1月5日电（记者 张三、李四）",
        "location": "北京",
        "date": "2024-01-05",
        "agency": "新华社",
    }
    assert item.agency == "新华社"
    assert item.authors == ["张三", "李四"]
    assert item.body == ["国务院总理 ..."]


def test_cnns_dateline_without_a_separator(crawler):
    item = article(agency="CNN", body=["(CNN)President Joe Biden said on Monday ..."])
    item = DatelinePipeline(crawler).process_item(item)
    assert item.dateline == {"text": "(CNN)", "location": None, "date": None, "agency": "CNN"}
    assert item.body == ["President Joe Biden said on Monday ..."]


def test_a_bylines_place_over_the_place_printed_again(crawler):
    """Reuters 2016 through the generic spider: the byline's "| WASHINGTON" stays a
    paragraph over "WASHINGTON The U.S. ...": one dateline, neither left in the body."""
    item = article(
        agency="Reuters",
        body=["| WASHINGTON", "WASHINGTON The U.S. Federal Reserve raised rates.", "More."],
    )
    item = DatelinePipeline(crawler).process_item(item)
    assert item.dateline == {
        "text": "WASHINGTON",
        "location": "WASHINGTON",
        "date": None,
        "agency": None,
    }
    assert item.agency == "Reuters"
    assert item.body == ["The U.S. Federal Reserve raised rates.", "More."]


def test_a_dateline_under_a_heading_kept_over_the_copy(crawler):
    """AP through the generic spider: a second headline kept as the first paragraph; the
    copy's dateline, naming its agency, is read from the next and the heading kept."""
    heading = "The presidential campaigns brace for an intense sprint to Election Day"
    item = article(
        agency="AP",
        body=[heading, "LA CROSSE, Wis. (AP) — After a summer of tumult, ...", "More."],
    )
    item = DatelinePipeline(crawler).process_item(item)
    assert item.dateline == {
        "text": "LA CROSSE, Wis. (AP) —",
        "location": "LA CROSSE, Wis.",
        "date": None,
        "agency": "AP",
    }
    assert item.body == [heading, "After a summer of tumult, ...", "More."]


def test_under_a_heading_only_a_dateline_naming_its_agency(crawler):
    body = ["Our picks", "MADRID — Rafael Nadal kept Spain alive.", "More."]
    item = DatelinePipeline(crawler).process_item(article(body=list(body)))
    assert item.dateline is None
    assert item.body == body


def test_the_headline_tells_an_acronym_from_a_place(crawler):
    """An acronym, "ASEAN — The bloc ...": the headline prints ASEAN in capitals too;
    a headline all in capitals says nothing."""
    body = ["ASEAN — The bloc agreed on Monday to open talks.", "More."]
    item = article(headline="ASEAN leaders agree to open trade talks", body=list(body))
    assert DatelinePipeline(crawler).process_item(item).dateline is None
    item = article(headline="DAVOS FORUM OPENS", body=["DAVOS — Leaders met on Monday.", "x"])
    assert DatelinePipeline(crawler).process_item(item).dateline["location"] == "DAVOS"


def test_a_cna_dateline_gives_its_reporters_and_day(crawler):
    item = article(
        agency="中央社",
        language="zh",
        published="2024-01-05T18:30:00+08:00",
        body=["（中央社記者張三台北5日電）行政院今天 ...", "第二段。"],
    )
    item = DatelinePipeline(crawler).process_item(item)
    assert item.dateline == {
        "text": "（中央社記者張三台北5日電）",
        "location": "台北",
        "date": "2024-01-05",
        "agency": "中央社",
    }
    assert item.authors == ["張三"]
    assert item.body == ["行政院今天 ...", "第二段。"]
