"""The HTML standard's encoding sniffing and the repairs of newscrawler.network.encoding;
markup nested deeper than the parser follows is cut to a depth it reads, and a page
without such a run is left as it is, and costs little to check."""

from __future__ import annotations

import time
from collections.abc import Callable

import lxml.html
import pytest
from lxml import etree
from scrapy.http import HtmlResponse
from scrapy.utils.response import get_base_url

from newscrawler.network.encoding import (
    MAX_TAG_RUN,
    flattened,
    parse_body,
    parsed_in_full,
    repaired_encoding,
)
from tests.paths import CORPUS, needs_shared

ARTICLE = b"<p>The article, after the nesting.</p>"


def test_a_run_of_start_tags_is_cut_and_the_article_after_it_is_read():
    depth = 5000
    page = b"<html><body>" + b"<div>" * depth + ARTICLE + b"</div>" * depth + b"</body></html>"
    flat = flattened(page)
    assert flat is not None
    # Each run keeps its first MAX_TAG_RUN tags (<html><body> and </p> among them).
    assert MAX_TAG_RUN - 3 <= flat.count(b"<div>") < MAX_TAG_RUN
    assert MAX_TAG_RUN - 3 <= flat.count(b"</div>") < MAX_TAG_RUN
    assert "after the nesting" in lxml.html.fromstring(flat).text_content()


def test_a_run_just_over_the_limit_is_cut_and_one_at_it_is_not():
    def page(run: int) -> bytes:
        return b"<body>text" + b"<span>" * run + b"more text</body>"

    assert flattened(page(MAX_TAG_RUN)) is None
    assert flattened(page(MAX_TAG_RUN + 1)) is not None


def test_runs_broken_by_text_are_left_alone():
    page = b"<body>" + b"<b>word" * (MAX_TAG_RUN * 4) + b"</body>"
    assert flattened(page) is None


@needs_shared
def test_real_pages_are_checked_in_a_fraction_of_a_parse():
    pages = [path.read_bytes() for path in sorted(CORPUS.glob("*/*.html"))[:30]]
    assert pages
    assert all(flattened(page) is None for page in pages)

    # Each page's check and parse are timed side by side, and each keeps its best of five:
    # a burst of other work on the machine lands on one timing, not on the comparison.
    best_check = [float("inf")] * len(pages)
    best_parse = [float("inf")] * len(pages)
    for _ in range(5):
        for number, page in enumerate(pages):
            best_check[number] = min(best_check[number], cpu(flattened, page))
            best_parse[number] = min(best_parse[number], cpu(lxml.html.fromstring, page))
    # The check is linear in the page; the run scans it replaces cost several parses.
    assert sum(best_check) < sum(best_parse)


def cpu(work: Callable[[bytes], object], page: bytes) -> float:
    start = time.process_time()
    work(page)
    return time.process_time() - start


UTF8_TEXT = "<p>Étienne’s café — “Seoul”</p>".encode()


@pytest.mark.parametrize("label", ["iso-8859-1", "latin1", "windows-1252", "us-ascii"])
def test_utf8_labelled_latin_is_utf8(label):
    assert repaired_encoding(UTF8_TEXT, f"text/html; charset={label}") == ("utf-8", UTF8_TEXT)


def test_a_stray_windows_1252_byte_in_utf8_is_read_as_windows_1252():
    encoding, body = repaired_encoding(UTF8_TEXT + b" \x92quote\x92", "text/html; charset=latin1")
    assert encoding == "utf-8"
    assert body.decode("utf-8").endswith(" ’quote’")


def test_latin1_that_is_latin1_stays_latin1():
    assert (
        repaired_encoding("<p>Seúl, café</p>".encode("latin-1"), "text/html; charset=latin1")
        is None
    )


UTF16_METAS = [
    b'<meta charset="utf-16">',
    b'<meta charset="UTF-16BE">',
    b'<meta http-equiv="content-type" content="text/html; charset=utf-16le">',
]


@pytest.mark.parametrize("meta", UTF16_METAS)
def test_a_utf16_label_in_a_meta_means_utf8(meta):
    assert repaired_encoding(meta + UTF8_TEXT, "text/html") == ("utf-8", meta + UTF8_TEXT)


def test_a_bom_and_a_right_label_are_left_alone():
    assert repaired_encoding(b"\xef\xbb\xbf" + UTF8_TEXT, "text/html; charset=latin1") is None
    assert repaired_encoding(UTF8_TEXT, "text/html; charset=utf-8") is None
    assert repaired_encoding("<p>서울</p>".encode("euc-kr"), "text/html; charset=euc-kr") is None


def test_over_long_tag_runs_are_cut_and_text_kept():
    body = b"<p>a " + b"<div>" * 3000 + b"x" + b"</div>" * 3000 + b" b</p>"
    flat = flattened(body)
    assert flat.count(b"<div>") == flat.count(b"</div>") == MAX_TAG_RUN
    assert flat.startswith(b"<p>a <div>") and flat.endswith(b"</div> b</p>")
    assert flattened(b"<p>" + b"<b>" * (MAX_TAG_RUN - 1) + b"x</p>") is None  # 256 in all


def test_a_page_the_parser_gave_up_on_is_parsed_again_with_its_deep_markup_cut():
    deep = b"<div>" * 3000 + b"x" + b"</div>" * 3000
    body = b"<html><body><div class='ad'>" + deep + b"</div><p>The article.</p></body></html>"
    response = HtmlResponse("https://site.test/a", body=body, encoding="utf-8")
    assert response.xpath("//p/text()").getall() == []  # libxml2 gave up at 2048 levels
    assert parsed_in_full(response).xpath("//p/text()").getall() == ["The article."]


def test_a_page_parsed_in_full_is_left_as_it_is():
    response = HtmlResponse("https://site.test/a", body=b"<p>" + b"<b>" * 1500 + b"x</p>")
    assert parsed_in_full(response) is response


def _tree(response: HtmlResponse) -> tuple[bytes, str | None]:
    tree = response.selector.root.getroottree()
    return etree.tostring(tree), tree.docinfo.URL


@pytest.mark.parametrize(
    "body",
    [
        "<html><head><base href='/news/'></head><p>café “quoted” 서울</p></html>".encode(),
        b"\n\t <p>bad \xff byte</p>\r\n",  # invalid UTF-8: read as Scrapy reads it
    ],
)
def test_a_utf8_page_is_parsed_from_its_bytes_into_the_tree_its_text_gives(body):
    response, scrapys = (
        HtmlResponse("https://site.test/a/b", body=body, encoding="utf-8") for _ in range(2)
    )
    parse_body(response)
    assert response._cached_selector is not None
    assert _tree(response) == _tree(scrapys)


def test_pages_parsed_one_after_another_each_get_the_tree_their_text_gives():
    # One parser serves every page: what it met on one page (invalid bytes, ids) is not
    # carried to the next.
    bodies = [
        b"<p id='a'>bad \xff byte</p>",
        "<p id='a'>caf\u00e9</p><p id='a'>twice</p>".encode(),
        b"<div><p>bad \xfe again</p></div>",
        b"<p id='b'>plain</p>",
    ]
    for url, body in enumerate(bodies):
        response, scrapys = (
            HtmlResponse(f"https://site.test/{url}", body=body, encoding="utf-8") for _ in "ab"
        )
        parse_body(response)
        assert _tree(response) == _tree(scrapys), body
        assert response.css("#a::text").getall() == scrapys.css("#a::text").getall()


@pytest.mark.parametrize(
    ("body", "encoding"),
    [
        (b"\xef\xbb\xbf<p>a BOM</p>", "utf-8"),
        (b"<p>a NUL \x00</p>", "utf-8"),
        (b"\xc2\xa0<p>a non-breaking space before the markup</p>", "utf-8"),
        (b"<p>ends in text</p> tail", "utf-8"),
        (b"<p>caf\xe9</p>", "cp1252"),
        (b"", "utf-8"),
    ],
)
def test_any_other_page_is_left_to_scrapys_selector(body, encoding):
    response = HtmlResponse("https://site.test/a", body=body, encoding=encoding)
    parse_body(response)
    assert response._cached_selector is None
    assert parsed_in_full(response).selector.root is not None


@needs_shared
def test_every_corpus_page_gets_the_tree_and_base_url_scrapy_would_give_it():
    for page in sorted(CORPUS.rglob("*.html")):
        body = page.read_bytes()
        response = HtmlResponse("https://site.test/a", body=body)
        parse_body(response)
        scrapys = HtmlResponse("https://site.test/a", body=body)
        assert _tree(response) == _tree(scrapys), page
        assert get_base_url(response) == get_base_url(scrapys), page


def test_a_parsed_page_has_the_element_classes_of_lxml_html():
    body = (
        b"<html><body><!-- a comment --><?pi x?><form action='/s'><label>Find</label>"
        b"<input name='q' value='x'><select name='s'><option>a</option></select>"
        b"<textarea name='t'>t</textarea></form><p>&copy; text</p></body></html>"
    )
    response = HtmlResponse("https://site.test/a", body=body, encoding="utf-8")
    parse_body(response)
    root = response.selector.root
    assert _classes(root) == _classes(lxml.html.document_fromstring(body))
    assert root.xpath("//form")[0].inputs["q"].value == "x"


@needs_shared
def test_every_corpus_pages_elements_are_of_the_classes_lxml_html_gives():
    for page in sorted(CORPUS.rglob("*.html")):
        body = page.read_bytes()
        response = HtmlResponse("https://site.test/a", body=body, encoding="utf-8")
        parse_body(response)
        if response._cached_selector is not None:
            assert _classes(response.selector.root) == _classes(_scrapy_root(body)), page


def _classes(root: etree._Element) -> list[tuple[str, type]]:
    return [(str(element.tag), type(element)) for element in root.iter()]


def _scrapy_root(body: bytes) -> etree._Element:
    return HtmlResponse("https://site.test/a", body=body, encoding="utf-8").selector.root


def _base_tag_at(chars: int, filler: str) -> bytes:
    """A page whose <base> starts after that many characters of filler."""
    head = "<html><head><title>"
    padding = filler * ((chars - len(head)) // len(filler))
    return f"{head}{padding}</title><base href='/b/'></head><p>x</p></html>".encode(
        "utf-8", "surrogateescape"
    )


@pytest.mark.parametrize("chars", [4000, 4070, 4080, 4090, 5000])
@pytest.mark.parametrize("filler", ["a", "é", "서", "😀", "\udcff", "a\udcffé"])
def test_a_utf8_pages_base_url_is_read_as_scrapy_reads_it_without_decoding_the_page(chars, filler):
    body = _base_tag_at(chars, filler)
    response = HtmlResponse("https://site.test/a/b", body=body, encoding="utf-8")
    parse_body(response)
    assert response._cached_ubody is None  # the page's text was not decoded
    scrapys = HtmlResponse("https://site.test/a/b", body=body, encoding="utf-8")
    assert get_base_url(response) == get_base_url(scrapys)
    assert response.urljoin("c") == scrapys.urljoin("c")
