from newscrawler.pipelines.text import TextPipeline
from tests.conftest import article


def test_text_fields_lose_invisible_characters_and_extra_whitespace_keep_literal_text(crawler):
    item = article(
        headline="  Xi\u202e vows\u00a0to  bolster\n ties <RELI.NS> &amp; more ",
        section=" North Korea ",
        editor_note="UPDATES with\u00a0quotes",
        authors=[" Kang  Yoon-seung ", "Kang Yoon-seung", ""],
        keywords=["#regs", " ", "trade"],
    )
    item = TextPipeline(crawler).process_item(item)
    assert item.headline == "Xi vows to bolster ties <RELI.NS> &amp; more"
    assert item.section == "North Korea"
    assert item.editor_note == "UPDATES with quotes"
    assert item.authors == ["Kang Yoon-seung"]
    assert item.keywords == ["#regs", "trade"]


def test_body_keeps_line_breaks_and_drops_empty_paragraphs(crawler):
    item = article(body=[" Rows:\n  A  1 \n\n B\u00a02 ", "  ", "\u200b", 'Cafe\u0301 "x"\x07'])
    item = TextPipeline(crawler).process_item(item)
    assert item.body == ["Rows:\nA 1\nB 2", 'Café "x"']


def test_related_headlines_are_cleaned(crawler):
    item = article(related=[{"headline": " (LEAD) A&B\u200b\n", "url": " https://x.test/a "}])
    item = TextPipeline(crawler).process_item(item)
    assert item.related == [{"headline": "(LEAD) A&B", "url": "https://x.test/a"}]


def test_other_items_pass_untouched(crawler):
    other = {"headline": "  raw  "}
    assert TextPipeline(crawler).process_item(other) is other
