import pytest

from newscrawler.pipelines.wirecopy import WireCopyPipeline
from tests.conftest import article


def test_editor_note_and_byline_leave_the_body(crawler):
    item = article(
        body=[
            "(ATTN: UPDATES with finance minister's quotes in last 2 paras)\nBy Kang Yoon-seung",
            "SEOUL, April 19 (Yonhap) -- South Korea plans ...",
            "Last paragraph.",
            "colin@yna.co.kr\n(END)",
        ]
    )
    item = WireCopyPipeline(crawler).process_item(item)
    assert item.editor_note == "UPDATES with finance minister's quotes in last 2 paras"
    assert item.authors == ["Kang Yoon-seung"]
    assert item.body == ["SEOUL, April 19 (Yonhap) -- South Korea plans ...", "Last paragraph."]


def test_end_marker_after_text_in_the_same_paragraph(crawler):
    item = article(body=["First.", "Shares will be sold.\n(END)"])
    assert WireCopyPipeline(crawler).process_item(item).body == ["First.", "Shares will be sold."]


def test_price_list_rows_stay_and_more_marker_goes(crawler):
    item = article(body=["Asiana Airlines 13,310 UP 70\nLS 97,000 UP 4,100\n(MORE)"])
    assert WireCopyPipeline(crawler).process_item(item).body == [
        "Asiana Airlines 13,310 UP 70\nLS 97,000 UP 4,100"
    ]


def test_two_reporters_in_a_byline(crawler):
    item = article(body=["By Kim Eun-jung and Lee Haye-ah", "SEOUL, Oct. 20 (Yonhap) -- Text."])
    item = WireCopyPipeline(crawler).process_item(item)
    assert item.authors == ["Kim Eun-jung", "Lee Haye-ah"]
    assert item.body == ["SEOUL, Oct. 20 (Yonhap) -- Text."]


def test_a_sentence_starting_with_by_is_body(crawler):
    body = ["By the end of the year, exports rose.", "More."]
    item = WireCopyPipeline(crawler).process_item(article(body=list(body)))
    assert item.body == body
    assert item.authors == []


def test_authors_given_by_the_spider_are_kept(crawler):
    item = article(authors=["Jane Doe"], body=["By Someone Else", "Text."])
    item = WireCopyPipeline(crawler).process_item(item)
    assert item.authors == ["Jane Doe"]
    assert item.body == ["Text."]


def test_a_body_of_markers_only_becomes_empty(crawler):
    item = article(body=["By Kang Yoon-seung", "colin@yna.co.kr\n(END)"])
    assert WireCopyPipeline(crawler).process_item(item).body == []


@pytest.mark.parametrize(
    ("body", "authors", "rest"),
    [
        # the agency a byline credits after the names
        (["By Jane Doe, Associated Press", "WASHINGTON (AP) — Text."], ["Jane Doe"], None),
        (["By Jane Doe | Reuters", "LONDON (Reuters) - Text."], ["Jane Doe"], None),
        (["By TOM KRISHER, AP Auto Writer", "DETROIT (AP) — Text."], ["TOM KRISHER"], None),
        (
            ["By Jane Doe and John Roe, The Associated Press\nWASHINGTON (AP) — Text."],
            ["Jane Doe", "John Roe"],
            ["WASHINGTON (AP) — Text."],
        ),
        # a line of names over the agency's, as one paragraph or two
        (["Jane Doe\nAssociated Press", "WASHINGTON (AP) — Text."], ["Jane Doe"], None),
        (["Jane Doe", "Reuters", "LONDON (Reuters) - Text."], ["Jane Doe"], None),
        (["By Jane Doe", "Reuters", "LONDON (Reuters) - Text."], ["Jane Doe"], None),
        # a version note, then the byline, then the dateline (a Reuters 2017 page)
        (
            [
                "(This July 6 story has been refiled to fix a quote in 13th paragraph)",
                "By Stephanie Nebehay and Stephen Kalin",
                "GENEVA/ERBIL, Iraq (Reuters) - Text.",
            ],
            ["Stephanie Nebehay", "Stephen Kalin"],
            ["GENEVA/ERBIL, Iraq (Reuters) - Text."],
        ),
    ],
)
def test_bylines_before_the_dateline_leave_the_body(crawler, body, authors, rest):
    item = WireCopyPipeline(crawler).process_item(article(body=list(body)))
    assert item.authors == authors
    assert item.body == (rest or body[-1:])


@pytest.mark.parametrize(
    "body",
    [
        # a name over a line that is not an agency's, or an agency named in a sentence
        ["Jane Doe", "WASHINGTON (AP) — Text."],
        ["Kate Henshaw", "Photos which were released online ..."],
        ["Staff Reports", "Police arrested six people Monday."],
        ["Reuters said on Monday that ...", "More."],
        ["Associated Press", "WASHINGTON (AP) — Text."],
        ["(We never did settle on one, unlike our 565 municipalities.)", "More."],
        ["By the end of the year, exports rose.", "Reuters"],
    ],
)
def test_lines_that_are_no_byline_stay(crawler, body):
    item = WireCopyPipeline(crawler).process_item(article(body=list(body)))
    assert item.authors == []
    assert item.body == body


def test_the_version_note_goes_to_the_editor_note(crawler):
    item = article(body=["(Adds minister's comments in paragraphs 4-5)", "SEOUL (Yonhap) -- Text."])
    item = WireCopyPipeline(crawler).process_item(item)
    assert item.editor_note == "Adds minister's comments in paragraphs 4-5"
    assert item.body == ["SEOUL (Yonhap) -- Text."]
