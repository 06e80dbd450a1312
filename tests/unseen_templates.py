"""Page variants a site's next template would plausibly serve, made from its real corpus
pages: the same article, its markup changed the ways redesigns change it (wrappers added
or taken off, class names hashed by a CSS-module build, structured data reduced or moved,
paragraphs in <div>s, the byline in another element, the related links in a new list, the
date in a <time> alone). Each variant finds what it changes by what the page says (the
golden record's headline, paragraphs, related links, authors): never by a site's own
selectors, so that a variant is what a new template would be, whatever the spider knows."""

from __future__ import annotations

import copy
import hashlib
import json
import re
from collections.abc import Callable
from typing import Any
from urllib.parse import urljoin

import lxml.html
from lxml.html import HtmlElement

Record = dict[str, Any]
# A variant changes the page in place; False when the page has nothing it changes.
Variant = Callable[[HtmlElement, Record, str], bool]

_NOT_TEXT = ("script", "style", "noscript", "template", "head", "title", "meta")
_DATE_META = re.compile(r"(published|modified|updated|date|time|parsely-page)", re.I)
_JSON_LD_DATES = ("datePublished", "dateModified", "dateCreated", "uploadDate")


def squeezed(text: str) -> str:
    return " ".join(text.split())


def _visible(root: HtmlElement) -> list[HtmlElement]:
    return [
        element
        for element in root.iter()
        if isinstance(element.tag, str)
        and element.tag not in _NOT_TEXT
        and not any(a.tag in _NOT_TEXT for a in element.iterancestors())
    ]


def _deepest(matches: list[HtmlElement]) -> list[HtmlElement]:
    """The matched elements that hold no other match (a wrapper reads as its child)."""
    chosen = set(matches)
    return [m for m in matches if not any(d in chosen for d in m.iterdescendants())]


def copy_paragraphs(root: HtmlElement, record: Record) -> list[HtmlElement]:
    """The page's elements printing the record's body paragraphs (the first may print the
    dateline before its text)."""
    paragraphs = {squeezed(p) for p in record["body"]}
    leads = [p for p in paragraphs if len(p) > 30]
    matches = []
    for element in _visible(root):
        text = squeezed(element.text_content())
        if text and (
            text in paragraphs or any(text.endswith(p) and len(text) - len(p) < 60 for p in leads)
        ):
            matches.append(element)
    return _deepest(matches)


def headline_element(root: HtmlElement, record: Record) -> HtmlElement | None:
    headline = squeezed(record["headline"])
    found = [e for e in _visible(root) if squeezed(e.text_content()) == headline]
    found = _deepest(found)
    return next((e for e in found if e.tag == "h1"), found[0] if found else None)


def related_links(root: HtmlElement, record: Record, url: str) -> list[HtmlElement]:
    wanted = {link["url"] for link in record["related"]}
    return [
        a
        for a in root.iter("a")
        if a.get("href")
        and urljoin(url, a.get("href").strip()) in wanted
        and squeezed(a.text_content())
    ]


def _hashed(name: str) -> str:
    return "_" + hashlib.sha1(name.encode()).hexdigest()[:7]


# -- the variants ---------------------------------------------------------------------------


def wrappers_added(root: HtmlElement, record: Record, url: str) -> bool:
    """The copy's container holds its children in a new <div> (a layout wrapper)."""
    parents = {p.getparent() for p in copy_paragraphs(root, record)}
    for parent in parents:
        wrapper = lxml.html.Element("div")
        wrapper.extend(list(parent))
        wrapper.text, parent.text = parent.text, None
        parent.append(wrapper)
    return bool(parents)


def wrappers_removed(root: HtmlElement, record: Record, url: str) -> bool:
    """The copy's container is gone: its paragraphs sit in the element around it."""
    parents = {p.getparent() for p in copy_paragraphs(root, record)}
    parents = {p for p in parents if p.tag not in ("body", "html")}
    for parent in parents:
        parent.drop_tag()
    return bool(parents)


def classes_hashed(root: HtmlElement, record: Record, url: str) -> bool:
    """Every class name replaced by a build hash, as CSS modules and atomic CSS do."""
    changed = False
    for element in root.iter():
        if isinstance(element.tag, str) and element.get("class"):
            element.set("class", " ".join(_hashed(name) for name in element.get("class").split()))
            changed = True
    return changed


def paragraphs_in_divs(root: HtmlElement, record: Record, url: str) -> bool:
    """The copy's paragraphs are <div>s, not <p>s."""
    paragraphs = [p for p in copy_paragraphs(root, record) if p.tag == "p"]
    for paragraph in paragraphs:
        paragraph.tag = "div"
    return bool(paragraphs)


def _json_ld_scripts(root: HtmlElement) -> list[HtmlElement]:
    return [s for s in root.iter("script") if s.get("type") == "application/ld+json"]


def _rewrite_json_ld(root: HtmlElement, rewrite: Callable[[Any], Any]) -> bool:
    changed = False
    for script in _json_ld_scripts(root):
        try:
            data = json.loads(script.text or "", strict=False)
        except ValueError:
            continue
        script.text = json.dumps(rewrite(data))
        changed = True
    return changed


def _objects(data: Any) -> list[Any]:
    if isinstance(data, list):
        return data
    if isinstance(data, dict) and isinstance(data.get("@graph"), list):
        return data["@graph"]
    return [data]


def json_ld_graph(root: HtmlElement, record: Record, url: str) -> bool:
    """The JSON-LD objects inside one ``@graph``."""
    return _rewrite_json_ld(
        root, lambda data: {"@context": "https://schema.org", "@graph": _objects(data)}
    )


def json_ld_list(root: HtmlElement, record: Record, url: str) -> bool:
    """The JSON-LD objects as a top-level list."""
    return _rewrite_json_ld(root, _objects)


def json_ld_minimal(root: HtmlElement, record: Record, url: str) -> bool:
    """Each JSON-LD object cut to its type, headline and dates."""
    kept = ("@context", "@type", "headline", "datePublished", "dateModified")

    def minimal(data: Any) -> Any:
        objects = [
            {key: value for key, value in o.items() if key in kept}
            for o in _objects(data)
            if isinstance(o, dict)
        ]
        return objects[0] if len(objects) == 1 else objects

    return _rewrite_json_ld(root, minimal)


def meta_tags_only(root: HtmlElement, record: Record, url: str) -> bool:
    """No JSON-LD: the page's meta tags are its only structured data."""
    scripts = _json_ld_scripts(root)
    for script in scripts:
        script.drop_tree()
    return bool(scripts)


def byline_elsewhere(root: HtmlElement, record: Record, url: str) -> bool:
    """The byline printed by another element, without its classes: a <span> for a block,
    a <div> for an inline element."""
    if not record["authors"]:
        return False
    name = record["authors"][0].casefold()
    copy_text = set(copy_paragraphs(root, record))
    found = _deepest(
        [
            e
            for e in _visible(root)
            if name in e.text_content().casefold()
            and len(e.text_content()) < 200
            and not any(p in copy_text for p in (e, *e.iterancestors()))
        ]
    )
    for element in found:
        element.tag = "div" if element.tag in ("span", "a", "strong", "b") else "span"
        element.attrib.pop("class", None)
    return bool(found)


def _related_list(links: list[HtmlElement]) -> HtmlElement:
    listing = lxml.html.Element("ul")
    for link in links:
        item = lxml.html.Element("li")
        moved = copy.deepcopy(link)
        moved.tail = None
        item.append(moved)
        listing.append(item)
    return listing


def _take_out(links: list[HtmlElement]) -> None:
    for link in links:
        link.drop_tree()


def related_in_aside(root: HtmlElement, record: Record, url: str) -> bool:
    """The related links in an <aside> list after the copy, where their block was gone."""
    links = related_links(root, record, url)
    paragraphs = copy_paragraphs(root, record)
    if not links or not paragraphs:
        return False
    aside = lxml.html.Element("aside")
    heading = lxml.html.Element("h2")
    heading.text = "Related"
    aside.extend([heading, _related_list(links)])
    _take_out(links)
    paragraphs[-1].getparent().addnext(aside)
    return True


def related_in_list_elsewhere(root: HtmlElement, record: Record, url: str) -> bool:
    """The related links in a plain <ul> at the end of the page's <body>."""
    links = related_links(root, record, url)
    body = root.find("body")
    if not links or body is None:
        return False
    listing = _related_list(links)
    _take_out(links)
    body.append(listing)
    return True


def date_in_time_only(root: HtmlElement, record: Record, url: str) -> bool:
    """No date in meta tags or JSON-LD: a <time datetime> after the headline gives it."""
    headline = headline_element(root, record)
    if headline is None:
        return False
    for meta in list(root.iter("meta")):
        key = meta.get("property") or meta.get("name") or meta.get("itemprop") or ""
        if _DATE_META.search(key):
            meta.drop_tree()

    def undated(data: Any) -> Any:
        for o in _objects(data):
            if isinstance(o, dict):
                for key in _JSON_LD_DATES:
                    o.pop(key, None)
        return data

    _rewrite_json_ld(root, undated)
    time = lxml.html.Element("time", datetime=record["published"])
    time.text = record["published"][:10]
    headline.addnext(time)
    return True


VARIANTS: dict[str, Variant] = {
    "wrappers_added": wrappers_added,
    "wrappers_removed": wrappers_removed,
    "classes_hashed": classes_hashed,
    "json_ld_graph": json_ld_graph,
    "json_ld_list": json_ld_list,
    "json_ld_minimal": json_ld_minimal,
    "meta_tags_only": meta_tags_only,
    "paragraphs_in_divs": paragraphs_in_divs,
    "byline_elsewhere": byline_elsewhere,
    "related_in_aside": related_in_aside,
    "related_in_list_elsewhere": related_in_list_elsewhere,
    "date_in_time_only": date_in_time_only,
}


def variant_page(html: str, record: Record, url: str, variant: Variant) -> bytes | None:
    """The page as the variant serves it (UTF-8); None when the variant changes nothing."""
    root = lxml.html.document_fromstring(html)
    if not variant(root, record, url):
        return None
    return lxml.html.tostring(root, encoding="utf-8", doctype="<!DOCTYPE html>")
