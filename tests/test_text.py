import sys

import lxml.html

from newscrawler.extraction.text import clean_paragraph, clean_text, element_text, markup_text


def test_clean_text_collapses_whitespace_and_keeps_text_as_text():
    # Its input is text already: "&amp;" and "<i>" there are what the page printed.
    assert clean_text(" a\u00a0 b\n\tc &amp; <i>d</i>\u200b ") == "a b c &amp; <i>d</i>"


def test_clean_text_removes_controls_bidi_and_zero_width_characters():
    value = "\u202eSeoul\u202c \u2066talks\u2069\x00\x1b[31m\x85 end\u200d\ufeff\u3000x"
    assert clean_text(value) == "Seoul talks[31m end x"


def test_markup_text_decodes_entities_once_and_keeps_literal_angle_brackets():
    value = "Reliance <RELI.NS> &amp;lt;b&amp;gt; under <2.00 <b>rises</b>&nbsp;3%"
    assert markup_text(value) == "Reliance <RELI.NS> &lt;b&gt; under <2.00 rises\u00a03%"


def test_markup_text_breaks_lines_at_paragraphs():
    assert markup_text("<p>One</p><p>Two<br>lines</p>") == "One\nTwo\nlines\n"


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


def test_markup_in_a_value_leaves_no_script():
    assert markup_text("Xi <b>vows</b><script>alert('x')</script> ties") == "Xi vows ties"


def test_element_text_reads_markup_deeper_than_the_recursion_limit():
    root = node = lxml.html.Element("p")
    for _ in range(sys.getrecursionlimit() + 500):
        node = lxml.html.etree.SubElement(node, "span")
        node.tail = "."
    node.text = "deep"
    assert element_text(root) == "deep" + "." * (sys.getrecursionlimit() + 500)
