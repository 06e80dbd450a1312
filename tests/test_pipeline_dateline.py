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
