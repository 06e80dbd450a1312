"""Which encoding a page's bytes are in, by the HTML standard's sniffing: a byte-order
mark, then the HTTP charset, then the ``<meta>`` prescan (where a UTF-16 or UTF-32 label
on bytes without a BOM means UTF-8), as Scrapy's TextResponse (w3lib) reads them, a label
the Encoding Standard does not know passed over (``charset=base64``, ``rot13``,
``undefined``: Python codecs, but no encoding a browser reads a page in, and Scrapy
fails on them); plus two repairs the standard leaves to browsers' habits:

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
from functools import lru_cache

import webencodings
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
from w3lib.encoding import (
    html_body_declared_encoding,
    http_content_type_encoding,
    read_bom,
    resolve_encoding,
)

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
    http = http_content_type_encoding(content_type) if content_type else None
    meta = None
    if not _is_web_encoding(http):
        meta = html_body_declared_encoding(body)
        if meta and _UTF16_32.match(meta):
            return "utf-8", body
    declared = next((label for label in (http, meta) if _is_web_encoding(label)), None)
    # A label Scrapy would read the page in although no browser does.
    passed_over = any(label and not _is_web_encoding(label) for label in (http, meta))
    if declared is not None and codecs.lookup(declared).name in _LATIN_CODEC_NAMES:
        return _mostly_utf8(body) or ((declared, body) if passed_over else None)
    if not passed_over:
        return None
    if declared is not None:
        return declared, body
    # No label left: UTF-8 where the bytes are (mostly) UTF-8, else the standard's default.
    return _mostly_utf8(body) or ("cp1252", body)


def _is_web_encoding(name: str | None) -> bool:
    """Whether w3lib's name of a label is that of an Encoding Standard label."""
    return name is not None and codecs.lookup(name).name in _WEB_CODEC_NAMES


# The codecs w3lib reads the Encoding Standard's labels in (EUC-KR as CP949, its
# superset, and so on).
_WEB_CODEC_NAMES = frozenset(
    codecs.lookup(name).name for label in webencodings.LABELS if (name := resolve_encoding(label))
)
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
# The fewest bytes an element is written in (``<p>``): a page shorter than three times
# the element limit is not counted.
_ELEMENT_MIN_BYTES = 3


class TooManyElements(ValueError):
    """A page of more elements than NEWSCRAWLER_MAX_PAGE_ELEMENTS."""


def parsed_in_full(response: TextResponse, max_elements: int = 0) -> TextResponse:
    """The response, parsed as HTML (see parse_body), or, when the parser gave up in
    markup nested deeper than it reads, the response with that markup cut (see
    flattened). A parse that gave up ends in its deepest chain: the last child of the last
    child ... is PARSER_MAX_DEPTH levels down, which a walk down that one path finds in a
    few steps on any other page.

    TooManyElements for a page of more than max_elements elements (0: no limit): a
    spider's extraction costs time that grows with the page (one just under the default
    limit: about 2 s, and minutes for a page of tens of MB), and no article page is that
    large.

    An article page is HTML whatever its Content-Type says: served as application/json
    or text/xml, Scrapy would give it a JSON selector (no tree at all) or an XML one (in
    which no selector of the spiders finds an element)."""
    if not isinstance(response, HtmlResponse):
        response = response.replace(cls=HtmlResponse)
    parse_body(response)
    if max_elements and len(response.body) > _ELEMENT_MIN_BYTES * max_elements:
        count = int(response.selector.root.xpath("count(//*)"))
        if count > max_elements:
            raise TooManyElements(
                f"the page holds {count:,} elements, over NEWSCRAWLER_MAX_PAGE_ELEMENTS "
                f"({max_elements:,}): no article page is that large, and reading it would "
                f"hold the crawl up; raise the setting to read such pages"
            )
    node, depth = response.selector.root, 0
    while len(node) and depth < PARSER_MAX_DEPTH - 64:
        node, depth = node[-1], depth + 1
    if depth >= PARSER_MAX_DEPTH - 64 and (flat := flattened(response.body)) is not None:
        response = response.replace(body=flat)
    if response not in _baseurl_cache:  # a page parse_body left to Scrapy
        base_url(response)
    return response


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
    """lxml.html's HTMLParser, its element classes found in C (see _HTML_CLASSES), without
    the table of the page's ids that libxml2 keeps unless told not to: nothing reads it
    (CSS ``#x`` and lxml.html's get_element_by_id are ``@id`` tests), and it is 3-7% of a
    parse."""

    def __init__(self, **options: object) -> None:
        super().__init__(**{"collect_ids": False, **options})
        self.set_element_class_lookup(_HTML_CLASSES)


@lru_cache(maxsize=4)
def _page_parser(**options: object) -> PageParser:
    """One PageParser for each set of options parsel asks for, page after page: parsel
    makes one (a libxml2 parser context) for every page, 2-5% of a parse. Pages are
    parsed in Scrapy's reactor thread only; a parser is not for two threads at once."""
    return PageParser(**options)


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
        "", _page_parser, base_url=base_url(response), body=stripped, encoding="utf-8"
    )
    # Scrapy keeps a response's selector in this slot (scrapy.http.TextResponse.selector).
    response._cached_selector = Selector(root=root, type="html")


# Scrapy reads a page's <base> in the first 4,096 characters of its text (get_base_url).
_BASE_URL_CHARS = 4096


def base_url(response: TextResponse) -> str:
    """get_base_url of the page, of a UTF-8 one without decoding all of it (a fifth of a
    parse of a large page): its first 4,096 characters are those of its first 16 KiB, as
    no UTF-8 character, nor any run of bytes decoded as one U+FFFD, is longer than 4
    bytes. A <base href> that is no URL (``http://[::1``, a port out of range) is passed
    over for the page's own URL, as the HTML standard says, where Scrapy fails every
    response.urljoin() of the page. Put in the cache Scrapy's get_base_url keeps (private,
    like the selector's slot: Scrapy is pinned), so that every response.urljoin() finds
    it."""
    if codecs.lookup(response.encoding).name == "utf-8":
        head = response.body[: 4 * _BASE_URL_CHARS].decode("utf-8", "replace")
    else:
        head = response.text
    try:
        base = html.get_base_url(head[:_BASE_URL_CHARS], response.url, response.encoding)
    except ValueError:
        base = response.url
    _baseurl_cache[response] = base
    return base
