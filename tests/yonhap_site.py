"""A generated Yonhap-like site served on loopback: article pages in the 2023 markup, the
RSS feed, "All News" listing pages, robots.txt and a news sitemap. Tests build a site,
change it between runs, and read which paths the crawler asked for."""

from __future__ import annotations

import contextlib
import gzip
import html
import json
import random
import threading
import time
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from zoneinfo import ZoneInfo

SEOUL = ZoneInfo("Asia/Seoul")
HOST = "en.yna.co.kr"
VIEW = f"https://{HOST}/view/"
LISTING_PAGE_SIZE = 4


@dataclass
class Article:
    content_id: str
    headline: str
    published: datetime
    paragraphs: list[str]
    related: list[str] = field(default_factory=list)  # hrefs, as the page prints them
    modified: datetime | None = None

    @property
    def url(self) -> str:
        return VIEW + self.content_id

    @property
    def last_changed(self) -> datetime:
        return self.modified or self.published


def article_id(day: int, serial: int, version: int = 0) -> str:
    return f"AEN202304{day:02d}{serial:04d}{version:02d}315"


def article_page(article: Article) -> str:
    modified = (article.modified or article.published).isoformat()
    related = "".join(
        f'<li><a href="{html.escape(href)}">Related story {n}</a></li>'
        for n, href in enumerate(article.related, 1)
    )
    related_block = (
        '<div class="related-group"><div class="related-zone rel">'
        '<strong class="tit">Related Articles</strong><div class="article-list">'
        f'<ul id="moreArticleNews">{related}</ul></div></div></div>'
        if related
        else ""
    )
    paragraphs = "".join(f"<p> {html.escape(p)}</p>" for p in article.paragraphs)
    return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<link rel="canonical" href="{article.url}" />
<meta property="og:title" content="{html.escape(article.headline)} | Yonhap News Agency">
<meta property="yna:content_id" content="{article.content_id}">
<meta property="article:section" content="Sports" />
<meta property="article:published_time" content="{article.published.isoformat()}" />
<meta property="article:modified_time" content="{modified}" />
<title>{html.escape(article.headline)} | Yonhap News Agency</title></head>
<body><div class="wrap-container"><div id="container" class="container">
<section class="contents"><article class="story-view-zone article-view-zone">
<header class="title-article01"><h1 class="tit">{html.escape(article.headline)}</h1></header>
<div class="view-body"><div class="sub-content"><article class="story-news">
<p>By Kim Test</p>{paragraphs}<p> test@yna.co.kr<br/>(END)</p>{related_block}
</article></div></div></article></section>
<div class="right-area"><section class="most-news-zone right-list-zone"><ul class="list-box02">
<li><article><a href="//{HOST}/view/AEN20230101000100315"><strong class="tit01">Sidebar</strong></a>
</article></li></ul></section></div></div></div></body></html>"""


def rss_feed(articles: list[Article]) -> str:
    items = "".join(
        f"<item><title>{html.escape(a.headline)}</title><link>{a.url}</link>"
        f"<pubDate>{a.last_changed.strftime('%a, %d %b %Y %H:%M:%S %z')}</pubDate></item>"
        for a in newest_first(articles)
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel>'
        f"<title>Yonhap News Agency</title><link>https://{HOST}/</link>{items}</channel></rss>"
    )


def listing_page(articles: list[Article], page: int) -> str:
    shown = newest_first(articles)[(page - 1) * LISTING_PAGE_SIZE : page * LISTING_PAGE_SIZE]
    entries = "".join(
        f'<li><article class="item-box01"><a href="//{HOST}/view/{a.content_id}">'
        f'<strong class="tit01">{html.escape(a.headline)}</strong></a>'
        f'<span class="txt-time">{a.published.strftime("%H:%M %B %d, %Y")}</span></article></li>'
        for a in shown
    )
    return (
        '<!doctype html><html lang="en"><body><div id="container" class="container">'
        f'<section class="contents"><ul class="list">{entries}</ul></section>'
        '<div class="right-area"><ul><li><article>'
        f'<a href="//{HOST}/view/AEN20230101000100315"><strong class="tit01">Sidebar</strong>'
        "</a></article></li></ul></div></div></body></html>"
    )


def news_sitemap(articles: list[Article]) -> str:
    urls = "".join(
        f"<url><loc>{a.url}</loc><lastmod>{a.last_changed.isoformat()}</lastmod>"
        "<news:news><news:publication><news:name>Yonhap</news:name>"
        "<news:language>en</news:language></news:publication>"
        f"<news:publication_date>{a.published.isoformat()}</news:publication_date>"
        f"<news:title>{html.escape(a.headline)}</news:title></news:news></url>"
        for a in articles
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" '
        f'xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">{urls}</urlset>'
    )


def newest_first(articles: list[Article]) -> list[Article]:
    return sorted(articles, key=lambda a: a.published, reverse=True)


class YonhapSite:
    """The site's pages, rebuilt from ``articles`` on every request, so tests can change
    the site between runs; every path asked for is logged."""

    def __init__(
        self,
        articles: list[Article],
        article_delay: float = 0.0,
        in_feed: int | None = None,
        gzip: bool = False,
    ) -> None:
        self.articles = articles
        self.article_delay = article_delay
        self.in_feed = in_feed  # the feed lists the first ones only; None: all
        self.gzip = gzip  # pages gzipped for clients that accept it
        self.requested: list[str] = []
        self.articles_served = threading.Event()  # cleared: article pages wait until set
        self.articles_served.set()
        self.held: dict[str, threading.Event] = {}  # paths that wait until their event is set
        self._lock = threading.Lock()

    def page(self, path: str) -> tuple[int, str, str]:
        by_path = {f"/view/{a.content_id}": a for a in self.articles}
        if path in by_path:
            self.articles_served.wait()
            if path in self.held:
                self.held[path].wait()
            time.sleep(self.article_delay)
            return 200, "text/html; charset=utf-8", article_page(by_path[path])
        if path == "/RSS/news.xml":
            return 200, "application/rss+xml", rss_feed(self.articles[: self.in_feed])
        if path.startswith("/news/") and path.removeprefix("/news/").isdigit():
            page = int(path.removeprefix("/news/"))
            return 200, "text/html; charset=utf-8", listing_page(self.articles, page)
        if path == "/robots.txt":
            return (
                200,
                "text/plain",
                f"User-agent: *\nAllow: /\nSitemap: https://{HOST}/sitemap-news.xml\n",
            )
        if path == "/sitemap-news.xml":
            return 200, "application/xml", news_sitemap(self.articles)
        return 404, "text/html", "<html><body>Not found</body></html>"

    def log(self, path: str) -> None:
        with self._lock:
            self.requested.append(path)

    def take_log(self) -> list[str]:
        with self._lock:
            taken, self.requested = self.requested, []
        return taken


class SiteServer:
    """Serves a YonhapSite on 127.0.0.1 (a free port) in a thread, until closed."""

    def __init__(self, site: YonhapSite) -> None:
        self.site = site
        handler = type("Handler", (_Handler,), {"site": site})
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    @property
    def address(self) -> str:
        host, port = self.server.server_address[:2]
        return f"{host}:{port}"

    def settings(self) -> dict[str, str]:
        """The settings that send a crawl's requests for the site's hosts here."""
        handler = "newscrawler.network.hostmap.HostMapDownloadHandler"
        return {
            # The politeness delays (5 s to start with AutoThrottle) are for real sites.
            "AUTOTHROTTLE_ENABLED": "False",
            "DOWNLOAD_DELAY": "0",
            "DOWNLOAD_HANDLERS": json.dumps({"http": handler, "https": handler}),
            "NEWSCRAWLER_ALLOW_LOOPBACK": "True",
            "NEWSCRAWLER_HOST_MAP": json.dumps({HOST: self.address, f"m-{HOST}": self.address}),
        }

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


class _Handler(BaseHTTPRequestHandler):
    site: YonhapSite

    def do_GET(self) -> None:
        path = self.path.split("?", 1)[0]
        self.site.log(path)
        status, content_type, body = self.site.page(path)
        data = body.encode("utf-8")
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        if self.site.gzip and "gzip" in self.headers.get("Accept-Encoding", ""):
            data = gzip.compress(data, mtime=0)
            self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        # Some tests stop the crawler mid-response.
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):
            self.wfile.write(data)

    def log_message(self, format: str, *args: object) -> None:
        pass  # the site keeps its own log


def linked_articles(count: int, related: int, seed: int = 11) -> list[Article]:
    """``count`` articles over April 2023, each with ``related`` related links to others
    picked at random (a fixed seed), as a site whose related headlines form a web."""
    rng = random.Random(seed)
    ids = [article_id(1 + n % 28, n // 28 + 1) for n in range(count)]
    return [
        Article(
            content_id=content_id,
            headline=f"Story {n}",
            published=base_time(1 + n % 28, hour=n % 24),
            paragraphs=[f"SEOUL, April {1 + n % 28} (Yonhap) -- Story {n}.", "More text."],
            related=[f"/view/{other}" for other in rng.sample(ids, related) if other != content_id],
        )
        for n, content_id in enumerate(ids)
    ]


def reachable(articles: list[Article], starts: list[Article], hops: int) -> set[str]:
    """The URLs of the articles a crawl from ``starts`` reaches with ``hops``."""
    by_path = {f"/view/{a.content_id}": a for a in articles}
    reached = {a.url for a in starts}
    frontier = list(starts)
    for _ in range(hops):
        frontier = [by_path[href] for a in frontier for href in a.related if href in by_path]
        frontier = [a for a in frontier if a.url not in reached]
        reached |= {a.url for a in frontier}
    return reached


def base_time(day: int, hour: int = 9) -> datetime:
    return datetime(2023, 4, day, hour, 0, 0, tzinfo=SEOUL)


def later(moment: datetime, minutes: int) -> datetime:
    return moment + timedelta(minutes=minutes)
