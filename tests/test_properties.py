"""Properties a user would state of the text normalizer, the dateline and byline parsers,
the date parser and the structured-data reader, checked on arbitrary input (Hypothesis):
arbitrary Unicode, arbitrary nesting, arbitrary JSON shapes. None raises.

Example counts are bounded so that the whole file runs in seconds.
"""

from __future__ import annotations

import json
import re
import sys
import unicodedata
from datetime import UTC, datetime, timedelta, timezone

import lxml.html
import regex
from hypothesis import given, settings
from hypothesis import strategies as st
from scrapy.http import HtmlResponse

from newscrawler.extraction.datelines import split_dateline
from newscrawler.extraction.dates import EARLIEST_YEAR, page_time
from newscrawler.extraction.structured import (
    StructuredData,
    as_list,
    as_paragraphs,
    find_article,
    first_string,
    names,
)
from newscrawler.extraction.text import clean_paragraph, clean_text, element_text, markup_text
from newscrawler.extraction.wire import byline_authors

FAST = settings(max_examples=100, deadline=None)
SLOW = settings(max_examples=40, deadline=None)  # each example parses a page or a date
DEEP = settings(max_examples=12, deadline=None)  # each example builds a deep structure

# Every code point, control, format and surrogate characters included.
ANY_TEXT = st.text(st.characters(codec=None, min_codepoint=0), max_size=200)
INVISIBLE_CATEGORIES = {"Cc", "Cf", "Cs", "Co"}
JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | ANY_TEXT,
    lambda children: st.lists(children, max_size=4)
    | st.dictionaries(
        st.sampled_from(["@type", "@graph", "headline", "name", "@value", "author",
                         "keywords", "articleBody", "datePublished", "mainEntity", "x"]),
        children | st.sampled_from(["NewsArticle", "WebPage", ["Article", None]]),
        max_size=5,
    ),
    max_leaves=30,
)  # fmt: skip


# -- the text normalizer ----------------------------------------------------------------------


@FAST
@given(ANY_TEXT)
def test_normalized_text_holds_no_control_bidi_or_invisible_character(value):
    cleaned = clean_text(value)
    assert not {unicodedata.category(char) for char in cleaned} & INVISIBLE_CATEGORIES


# Text as pages carry it: letters, marks, digits, punctuation, symbols and spaces, with
# line breaks, decomposed letters and now and then an invisible character.
PAGE_TEXT = st.lists(
    st.characters(categories=("L", "M", "N", "P", "S", "Zs"))
    | st.sampled_from(["\n", "\t", "\u00a0", "\u2028", "e\u0301", "\u200b", "\x00", "\ue000"]),
    max_size=200,
).map("".join)


def _cleaned_step_by_step(value: str) -> str:
    value = regex.sub(r"[\p{Cc}\p{Cf}\p{Cs}\p{Co}]+", "", re.sub(r"\s+", " ", value))
    return " ".join(unicodedata.normalize("NFC", value).split())


@FAST
@given(PAGE_TEXT | ANY_TEXT)
def test_normalizing_gives_what_its_steps_give(value):
    """clean_text's quick path (text with nothing to take out, NFC already) included."""
    assert clean_text(value) == _cleaned_step_by_step(value)


def test_no_printable_character_is_an_invisible_one():
    """clean_text takes printable text (Python's Unicode data) to hold nothing that the
    invisible-character class (the regex module's data) takes out."""
    invisible = regex.compile(r"[\p{Cc}\p{Cf}\p{Cs}\p{Co}]")
    printable = (chr(code) for code in range(sys.maxunicode + 1) if chr(code).isprintable())
    assert not [char for char in printable if invisible.match(char)]


@FAST
@given(ANY_TEXT)
def test_normalizing_twice_changes_nothing(value):
    cleaned = clean_text(value)
    assert clean_text(cleaned) == cleaned
    assert clean_paragraph(clean_paragraph(value)) == clean_paragraph(value)


@FAST
@given(ANY_TEXT)
def test_normalized_text_has_single_spaces_and_no_edges(value):
    cleaned = clean_text(value)
    assert cleaned == cleaned.strip()
    assert "  " not in cleaned and "\n" not in cleaned
    assert unicodedata.is_normalized("NFC", cleaned)


@FAST
@given(st.text(st.characters(blacklist_characters="<&", codec="utf-8"), max_size=200))
def test_text_without_markup_or_entities_passes_through_markup_text_as_is(value):
    assert markup_text(value) == value


@FAST
@given(
    st.text(st.characters(categories=["L", "N", "Zs"]), max_size=30),
    st.sampled_from(["<RELI.NS>", "<2.00", "< 5", "<<", "<KS11>", "1<2"]),
)
def test_angle_brackets_that_open_no_element_are_text(words, literal):
    assert literal in markup_text(f"{words}{literal}{words}")


@FAST
@given(ANY_TEXT)
def test_markup_text_never_raises(value):
    assert isinstance(markup_text(value), str)


@DEEP
@given(st.integers(min_value=0, max_value=5000))
def test_element_text_reads_any_nesting(depth):
    root = node = lxml.html.Element("div")
    for _ in range(depth):
        node = lxml.html.etree.SubElement(node, "span")
    node.text = "end"
    assert element_text(root) == "end"


# -- datelines and bylines --------------------------------------------------------------------


@FAST
@given(ANY_TEXT)
def test_a_dateline_found_is_a_prefix_of_the_first_paragraph(value):
    paragraph = clean_text(value)
    dateline, rest = split_dateline(paragraph)
    if dateline is None:
        assert rest == paragraph
    else:
        assert paragraph.startswith(dateline.text)
        assert paragraph.endswith(rest)


@FAST
@given(
    st.sampled_from(["SEOUL", "ST. LOUIS", "PANMUNJOM, Korea"]),
    st.sampled_from([", June 3", ""]),
    st.sampled_from(["(Yonhap)", "(Reuters)"]),
    st.sampled_from(["--", "—", "－－", "–", "―"]),
    st.sampled_from([" ", "\u00a0", "\u2002", "\u3000"]),
    st.text(st.characters(categories=["L", "N"]), min_size=1, max_size=40),
)
def test_datelines_are_read_with_any_dash_and_space(location, date, agency, dash, space, text):
    paragraph = clean_text(f"{location}{date}{space}{agency}{space}{dash}{space}{text}")
    dateline, rest = split_dateline(paragraph)
    assert dateline is not None
    assert dateline.agency == agency.strip("()")
    assert rest == clean_text(text)


@FAST
@given(ANY_TEXT)
def test_byline_authors_are_names_from_the_line(value):
    line = clean_text(value)
    authors = byline_authors(line)
    assert authors is None or (authors and all(author in line for author in authors))


@FAST
@given(st.sampled_from([" ", "\u00a0", "\u2009", "\u202f"]))
def test_bylines_are_read_with_any_space(space):
    assert byline_authors(clean_text(f"By{space}Kim{space}Min-jun")) == ["Kim Min-jun"]


# -- dates ------------------------------------------------------------------------------------


@SLOW
@given(ANY_TEXT)
def test_a_page_time_is_none_or_an_iso_time_no_earlier_than_the_earliest_year(value):
    parsed = page_time(value, "Asia/Seoul")
    if parsed is not None:
        assert datetime.fromisoformat(parsed).year >= EARLIEST_YEAR


@FAST
@given(
    st.datetimes(min_value=datetime(1, 1, 1), max_value=datetime(9999, 12, 30)),
    st.integers(min_value=-12 * 60, max_value=14 * 60),
)
def test_an_iso_time_is_read_exactly_or_refused_when_too_early(when, offset_minutes):
    aware = when.replace(microsecond=0, tzinfo=timezone(timedelta(minutes=offset_minutes)))
    parsed = page_time(aware.isoformat(), "Asia/Seoul")
    if aware.year < EARLIEST_YEAR:
        assert parsed is None
    else:
        assert datetime.fromisoformat(parsed) == aware


def test_the_unix_epoch_is_no_publication_time_in_any_zone():
    epoch = datetime(1970, 1, 1, tzinfo=UTC)
    for hours in range(-12, 15):
        local = epoch.astimezone(timezone(timedelta(hours=hours)))
        assert page_time(local.isoformat(), "UTC") is None


# -- the structured-data reader ---------------------------------------------------------------


def page_with_json_ld(*blocks: str) -> HtmlResponse:
    scripts = "".join(f'<script type="application/ld+json">{block}</script>' for block in blocks)
    body = f"<html><head>{scripts}</head><body><p>x</p></body></html>"
    return HtmlResponse("https://example.com/a", body=body.encode(), encoding="utf-8")


@SLOW
@given(JSON)
def test_structured_data_of_any_json_shape_reads_without_raising(data):
    structured = StructuredData(page_with_json_ld(json.dumps(data)))
    article = structured.article
    assert isinstance(article, dict)
    for key in ("headline", "datePublished", "articleSection", "description"):
        assert structured.article_text(key) is None or isinstance(structured.article_text(key), str)
    assert all(isinstance(value, str) for value in as_list(article.get("keywords")))
    assert all(isinstance(value, str) for value in as_paragraphs(article.get("articleBody")))
    assert all(isinstance(value, str) for value in names(article.get("author")))
    assert structured.paywalled_part_missing() is None or True  # must not raise
    assert isinstance(structured.article_headlines(), list)


@FAST
@given(JSON)
def test_one_string_is_found_in_any_shape_or_none(data):
    found = first_string(data)
    assert found is None or (isinstance(found, str) and found.strip())


@DEEP
@given(st.integers(min_value=1, max_value=200_000), st.sampled_from(["[", '{"a":']))
def test_json_ld_nested_to_any_depth_is_skipped_or_read(depth, opener):
    closer = "]" if opener == "[" else "}"
    deep = opener * depth + "1" + closer * depth
    article = '{"@type": "NewsArticle", "headline": "Kept"}'
    structured = StructuredData(page_with_json_ld(deep, article))
    assert structured.article_text("headline") == "Kept"


@DEEP
@given(st.integers(min_value=1, max_value=50_000))
def test_the_article_is_found_however_deep_it_is_nested(depth):
    data: object = {"@type": "NewsArticle", "headline": "Deep"}
    for _ in range(depth):
        data = [data]
    found = find_article(data)
    # Breadth first among a bounded number of values: found, or (too deep) not, never a crash.
    assert found is None or found["headline"] == "Deep"
