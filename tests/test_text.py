import lxml.html

from newscrawler.extraction.text import clean_paragraph, clean_text, element_text


def test_clean_text_collapses_whitespace_and_decodes():
    assert clean_text(" a\u00a0 b\n\tc &amp; <i>d</i>\u200b ") == "a b c & d"


def test_clean_text_composes_unicode():
    assert clean_text("Cafe\u0301") == "Café"


def test_clean_paragraph_keeps_lines():
    assert clean_paragraph(" row 1 \n\n  row  2 ") == "row 1\nrow 2"


def test_element_text_turns_br_into_line_breaks_and_skips_scripts():
    p = lxml.html.fragment_fromstring(
        "<p> A <span class='txt-hyper'><a href='/x'>link</a></span> text<br/>(END)"
        "<script>var x = 1;</script></p>"
    )
    assert element_text(p) == " A link text\n(END)"


def test_markup_in_text_leaves_no_script():
    assert clean_text("Xi <b>vows</b><script>alert('x')</script> ties") == "Xi vows ties"
