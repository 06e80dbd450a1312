"""Which encoding a page's bytes are in, by the HTML standard's sniffing: a byte-order
mark, then the HTTP charset, then the ``<meta>`` prescan (where a UTF-16 or UTF-32 label
on bytes without a BOM means UTF-8), as Scrapy's TextResponse (w3lib) reads them; plus
two repairs the standard leaves to browsers' habits:

- bytes labelled Latin-1 (or Windows-1252, or ASCII) that are mostly UTF-8 are UTF-8, and
  the few bytes that are not (a stray Windows-1252 quote pasted in) are read as
  Windows-1252, so that one bad byte does not turn every accented letter into two;
- a page the parser gave up on in markup nested deeper than it follows (libxml2 stops
  at 2048 levels, and the article after it is lost) is parsed again with that markup cut
  to a depth it reads: a run of more than MAX_TAG_RUN start tags with nothing between
  them keeps its first MAX_TAG_RUN, and so does a run of end tags. (Only then: the scan
  costs about what a parse does.)
"""

from __future__ import annotations

import codecs
import re

from lxml import etree
from lxml.html import (
    FormElement,
    HtmlComment,
    HtmlElement,
    HtmlEntity,
    HtmlProcessingInstruction,
    InputElement,
    LabelElement,
    SelectElement,
    TextareaElement,
)
from parsel.selector import create_root_node
from scrapy.http import HtmlResponse, TextResponse
from scrapy.selector import Selector
from scrapy.utils.response import _baseurl_cache
from w3lib import html
from w3lib.encoding import html_body_declared_encoding, http_content_type_encoding, read_bom

# Labels whose pages are often UTF-8 in truth: a server default nobody changed.
LATIN_LABELS = frozenset({"cp1252", "latin_1", "iso8859_1", "ascii", "windows-1252"})
# A UTF-16/32 label in a <meta> is impossible (the prescan read it as ASCII): UTF-8.
_UTF16_32 = re.compile(r"utf[-_]?(?:16|32)", re.IGNORECASE)
MAX_TAG_RUN = 256
_START_TAG_RUN = re.compile(
    rb"<[A-Za-z][^<>]{0,256}>(?:\s*<[A-Za-z][^<>]{0,256}>){%d,}" % MAX_TAG_RUN
)
_END_TAG_RUN = re.compile(
    rb"</[A-Za-z][^<>]{0,64}>(?:\s*</[A-Za-z][^<>]{0,64}>){%d,}" % MAX_TAG_RUN
)
_TAG = re.compile(rb"\s*<[^<>]*>")  # a tag of a run, with the whitespace before it
_TEXT = re.compile(rb">[^<]*[^\s<][^<]*<")  # text between two tags: it ends a run
# A run in a stretch split out at texts: the split eats a delimiter at either end, so a
# run of MAX_TAG_RUN + 1 tags keeps MAX_TAG_RUN - 1 whole ones.
_STRETCH_RUN = re.compile(rb"(?:</?[A-Za-z][^<>]{0,256}>\s*){%d,}" % (MAX_TAG_RUN - 1))
_ESCAPED_BYTE = re.compile("[\udc80-\udcff]")  # a byte that is no UTF-8, surrogateescaped
_NON_ASCII = re.compile("[^\x00-\x7f]")


def _windows_1252_fallback(error: UnicodeError) -> tuple[str, int]:
    assert isinstance(error, UnicodeDecodeError)
    bad = error.object[error.start : error.end]
    return bad.decode("cp1252", errors="replace"), error.end


codecs.register_error("newscrawler-cp1252", _windows_1252_fallback)


def repaired_encoding(body: bytes, content_type: str | None) -> tuple[str, bytes] | None:
    """(encoding, body) when the page is to be read otherwise than its labels say
    (the body re-encoded where bytes had to be repaired); None when the labels are right."""
    if read_bom(body)[0]:
        return None  # a BOM wins over every label
    declared = http_content_type_encoding(content_type) if content_type else None
    if declared is None:
        meta = html_body_declared_encoding(body)
        if meta and _UTF16_32.match(meta):
            return "utf-8", body
        declared = meta
    if declared is None or codecs.lookup(declared).name not in _LATIN_CODEC_NAMES:
        return None
    return _mostly_utf8(body)


_LATIN_CODEC_NAMES = frozenset(codecs.lookup(label).name for label in LATIN_LABELS)


def _mostly_utf8(body: bytes) -> tuple[str, bytes] | None:
    if body.isascii():
        return None
    text = body.decode("utf-8", errors="surrogateescape")
    invalid = len(_ESCAPED_BYTE.findall(text))
    multibyte = len(_NON_ASCII.findall(text)) - invalid
    if multibyte <= invalid:
        return None  # Latin-1 in truth: its accented letters are no UTF-8 sequences
    if not invalid:
        return "utf-8", body
    return "utf-8", body.decode("utf-8", errors="newscrawler-cp1252").encode("utf-8")


PARSER_MAX_DEPTH = 2048  # libxml2's, with huge_tree


def parsed_in_full(response: TextResponse) -> TextResponse:
    """The response, parsed (see parse_body), or, when the parser gave up in markup nested
    deeper than it reads, the response with that markup cut (see flattened). A parse that
    gave up ends in its deepest chain: the last child of the last child ... is
    PARSER_MAX_DEPTH levels down, which a walk down that one path finds in a few steps on
    any other page."""
    parse_body(response)
    node, depth = response.selector.root, 0
    while len(node) and depth < PARSER_MAX_DEPTH - 64:
        node, depth = node[-1], depth + 1
    if depth < PARSER_MAX_DEPTH - 64:
        return response
    flat = flattened(response.body)
    return response.replace(body=flat) if flat is not None else response


def flattened(body: bytes) -> bytes | None:
    """The body with over-long runs of bare start or end tags cut to MAX_TAG_RUN; None
    when it has none (the common case: one split, no run scan)."""
    if not _may_hold_tag_run(body):
        return None
    if not _START_TAG_RUN.search(body) and not _END_TAG_RUN.search(body):
        return None
    body = _START_TAG_RUN.sub(_first_tags, body)
    return _END_TAG_RUN.sub(_first_tags, body)


def _may_hold_tag_run(body: bytes) -> bool:
    """Whether some stretch of markup with no text between its tags holds a run. The run
    scans retry from every tag of every run, several times an lxml parse of a page; split
    at texts first, only the few stretches with that many tags are scanned."""
    if body.count(b"<") <= MAX_TAG_RUN:
        return False
    return any(
        stretch.count(b"<") >= MAX_TAG_RUN - 1 and _STRETCH_RUN.search(stretch)
        for stretch in _TEXT.split(body)
    )


def _first_tags(run: re.Match[bytes]) -> bytes:
    return b"".join(_TAG.findall(run.group(0))[:MAX_TAG_RUN])


# lxml.html's element classes (FormElement for a <form>, HtmlElement for most), looked up
# in C: lxml.html's lookup is a Python method, called for every element object made from
# the tree, and costs half of it (0.3 of 0.6 us; a record makes a thousand or more).
_HTML_CLASSES = etree.ElementNamespaceClassLookup(
    etree.ElementDefaultClassLookup(
        element=HtmlElement, comment=HtmlComment, pi=HtmlProcessingInstruction, entity=HtmlEntity
    )
)
_HTML_CLASSES.get_namespace(None).update(
    {
        "form": FormElement,
        "input": InputElement,
        "label": LabelElement,
        "select": SelectElement,
        "textarea": TextareaElement,
    }
)


class PageParser(etree.HTMLParser):
    """lxml.html's HTMLParser, its element classes found in C (see _HTML_CLASSES)."""

    def __init__(self, **options: object) -> None:
        super().__init__(**options)
        self.set_element_class_lookup(_HTML_CLASSES)


def parse_body(response: TextResponse) -> None:
    """Gives a UTF-8 HTML page its selector (response.selector) parsed from its bytes as
    they are. Scrapy's selector parses the decoded text, encoded back to UTF-8 after its
    ends are stripped and its NULs taken out: the same bytes, on a page that has no NUL,
    no byte-order mark and nothing but ASCII whitespace around its markup, made at the
    cost of a fifth of a parse of a page whose text is not all Latin-1. Any other page,
    or one whose selector is made already, is left to Scrapy."""
    if not isinstance(response, HtmlResponse) or response._cached_selector is not None:
        return
    body = response.body
    stripped = body.strip()
    if (
        stripped[:1] != b"<"
        or stripped[-1:] != b">"
        or b"\x00" in body
        or codecs.lookup(response.encoding).name != "utf-8"
    ):
        return
    root = create_root_node(
        "", PageParser, base_url=_base_url(response), body=stripped, encoding="utf-8"
    )
    # Scrapy keeps a response's selector in this slot (scrapy.http.TextResponse.selector).
    response._cached_selector = Selector(root=root, type="html")


# Scrapy reads a page's <base> in the first 4,096 characters of its text (get_base_url).
_BASE_URL_CHARS = 4096


def _base_url(response: HtmlResponse) -> str:
    """get_base_url of a UTF-8 page without decoding all of it (a fifth of a parse of a
    large page): its first 4,096 characters are those of its first 16 KiB, as no UTF-8
    character, nor any run of bytes decoded as one U+FFFD, is longer than 4 bytes. Put in
    the cache Scrapy's get_base_url keeps (private, like the selector's slot: Scrapy is
    pinned), so that every response.urljoin() finds it."""
    head = response.body[: 4 * _BASE_URL_CHARS].decode("utf-8", "replace")[:_BASE_URL_CHARS]
    base = html.get_base_url(head, response.url, response.encoding)
    _baseurl_cache[response] = base
    return base
