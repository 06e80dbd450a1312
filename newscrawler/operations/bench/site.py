"""A replayed Yonhap site of any size, made of the real pages of a corpus store: every
generated article is one of the corpus's Yonhap pages under a content id of its own, and
the site's RSS feed lists them all. Written at run time into a folder the caller owns (a
temporary one): the corpus pages are never copied into the project."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from email.utils import format_datetime
from pathlib import Path
from xml.sax.saxutils import escape

from newscrawler.network.replay import ReplayStore

YONHAP_VIEW = "https://en.yna.co.kr/view/"
FEED_URL = "https://en.yna.co.kr/RSS/news.xml"
ROBOTS_URL = "https://en.yna.co.kr/robots.txt"
FETCHED_AT = "2023-04-20T00:00:00Z"  # after every corpus page's publication
# AEN + date + four-digit serial + two version digits + three desk digits.
_CONTENT_ID = re.compile(r"AEN(\d{8})(\d{4})(\d{2})(\d{3})")
_FIRST_DAY = datetime(2023, 1, 1)
SEOUL_OFFSET = timezone(timedelta(hours=9))


@dataclass(frozen=True)
class Template:
    """A corpus page whose content id the generated articles replace with theirs."""

    content_id: str
    body: bytes


@dataclass(frozen=True)
class Site:
    folder: Path
    article_urls: list[str]

    @property
    def feed_url(self) -> str:
        return FEED_URL


def corpus_templates(corpus: Path) -> list[Template]:
    """The Yonhap article pages of a corpus replay store."""
    store = ReplayStore(corpus)
    templates = []
    for line in (corpus / "index.jsonl").read_text("utf-8").splitlines():
        url = json.loads(line)["url"] if line.strip() else ""
        content_id = _CONTENT_ID.search(url) if url.startswith(YONHAP_VIEW) else None
        if content_id and (saved := store.get(url)) and saved.status == 200:
            templates.append(Template(content_id.group(0), saved.body()))
    if not templates:
        raise FileNotFoundError(f"{corpus}: no Yonhap article pages in this replay store")
    return templates


def generated_id(template: Template, number: int) -> str:
    """A content id of its own for the number-th article, keeping the template's version
    and desk digits (the version is what the spider's story id and labels agree on)."""
    match = _CONTENT_ID.fullmatch(template.content_id)
    assert match is not None  # corpus_templates took only content ids
    day = (_FIRST_DAY + timedelta(days=number // 10_000)).strftime("%Y%m%d")
    return f"AEN{day}{number % 10_000:04d}{match.group(3)}{match.group(4)}"


def build_site(corpus: Path, folder: Path, pages: int, served: bool = True) -> Site:
    """Writes a replay store of `pages` articles, their RSS feed and robots.txt to folder;
    with served=False, the feed and robots.txt alone (for runs that fetch no article: the
    store's index, read whole at start, would cost them time a real site's does not)."""
    templates = corpus_templates(corpus)
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "view").mkdir(exist_ok=True)
    index = []
    article_urls = []
    feed_items = []
    # Listed as changed no later than the page says it was (the oldest corpus page is of
    # August 2019), so that a second run finds every article known and unchanged.
    listed = datetime(2019, 8, 1, 9, 0, tzinfo=SEOUL_OFFSET)
    for number in range(pages):
        template = templates[number % len(templates)]
        content_id = generated_id(template, number)
        url = YONHAP_VIEW + content_id
        article_urls.append(url)
        file = f"view/{content_id}.html"
        if served:
            body = template.body.replace(template.content_id.encode(), content_id.encode())
            (folder / file).write_bytes(body)
            index.append(_entry(url, file, "text/html; charset=utf-8"))
        changed = format_datetime(listed - timedelta(minutes=number))
        feed_items.append(
            f"<item><title>Article {number}</title><link>{escape(url)}</link>"
            f"<pubDate>{changed}</pubDate></item>"
        )
    feed = (
        '<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel>'
        "<title>Yonhap News Agency</title><link>https://en.yna.co.kr/</link>"
        f"{''.join(feed_items)}</channel></rss>"
    )
    (folder / "news.xml").write_text(feed, "utf-8")
    index.append(_entry(FEED_URL, "news.xml", "application/rss+xml"))
    (folder / "robots.txt").write_text("User-agent: *\nAllow: /\n", "utf-8")
    index.append(_entry(ROBOTS_URL, "robots.txt", "text/plain"))
    lines = "".join(json.dumps(entry) + "\n" for entry in index)
    (folder / "index.jsonl").write_text(lines, "utf-8")
    return Site(folder, article_urls)


def _entry(url: str, file: str, content_type: str) -> dict[str, object]:
    return {
        "url": url,
        "file": file,
        "status": 200,
        "headers": {"Content-Type": content_type},
        "fetched_at": FETCHED_AT,
    }
