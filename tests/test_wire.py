import pytest

from newscrawler.extraction.wire import byline_authors, editor_note, is_end_of_copy


@pytest.mark.parametrize(
    ("line", "authors"),
    [
        ("By Kang Yoon-seung", ["Kang Yoon-seung"]),
        ("By Kim Eun-jung and Lee Haye-ah", ["Kim Eun-jung", "Lee Haye-ah"]),
        ("By Jane Doe, John Roe and Ana de la Cruz", ["Jane Doe", "John Roe", "Ana de la Cruz"]),
        ("By the end of the year, exports rose.", None),
        ("Byline", None),
        # the agency or desk credited after the names is no author
        ("By Jane Doe, Associated Press", ["Jane Doe"]),
        ("By Jane Doe, The Associated Press", ["Jane Doe"]),
        ("By Jane Doe | Reuters", ["Jane Doe"]),
        ("By STEVE PEOPLES, AP National Political Writer", ["STEVE PEOPLES"]),
        ("By Jane Doe and John Roe, Associated Press Writers", ["Jane Doe", "John Roe"]),
        ("By Kim Eun-jung, Yonhap News Agency", ["Kim Eun-jung"]),
        ("By Jane Doe, Reuters said on Monday", None),
    ],
)
def test_byline_authors(line, authors):
    assert byline_authors(line) == authors


@pytest.mark.parametrize(
    ("line", "note"),
    [
        ("(ATTN: UPDATES with quotes in last 2 paras)", "UPDATES with quotes in last 2 paras"),
        ("(ATTN: RECASTS headline, lead; ADDS photo)", "RECASTS headline, lead; ADDS photo"),
        ("(LEAD) Not a note", None),
    ],
)
def test_editor_note(line, note):
    assert editor_note(line) == note


@pytest.mark.parametrize(
    ("line", "end"),
    [
        ("(END)", True),
        ("(MORE)", True),
        ("colin@yna.co.kr", True),
        ("kyongae.choi@yna.co.kr, brk@yna.co.kr", True),
        ("Write to colin@yna.co.kr for details.", False),
        ("The end.", False),
    ],
)
def test_end_of_copy(line, end):
    assert is_end_of_copy(line) is end
