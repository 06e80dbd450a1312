"""Scheduled, incremental, resumable crawls: real `scrapy crawl` runs through the Scrapy
engine against a generated Yonhap-like site on a local server. Each run brings exactly
the articles that are new or changed since the last; a run paused with SIGINT resumes
with JOBDIR, and a run killed with SIGKILL is made good by the next, with no article lost
or exported twice."""

from __future__ import annotations

import signal
import time
from collections import Counter

import pytest

from tests.crawling import Crawl, CrawlResult
from tests.yonhap_site import (
    Article,
    SiteServer,
    YonhapSite,
    article_id,
    base_time,
    later,
)

# Twelve articles over five days, newest on the 19th; the listing shows four a page.
DAYS = [19, 19, 19, 18, 18, 18, 17, 17, 17, 16, 16, 15]


def site_articles() -> list[Article]:
    return [
        Article(
            content_id=article_id(day, serial),
            headline=f"Story {serial} of April {day}",
            published=base_time(day, hour=8 + serial % 10),
            paragraphs=[f"SEOUL, April {day} (Yonhap) -- Story {serial}.", "Second paragraph."],
        )
        for serial, day in enumerate(DAYS, 1)
    ]


@pytest.fixture
def site():
    return YonhapSite(site_articles())


@pytest.fixture
def server(site):
    server = SiteServer(site)
    yield server
    server.close()


def run(server: SiteServer, tmp_path, **spider_args: str) -> CrawlResult:
    crawl = Crawl("yonhap", tmp_path, spider_args, server.settings(), [])
    return crawl.run()


def ids(result: CrawlResult) -> set[str]:
    return {record["url"].rsplit("/", 1)[1] for record in result.records}


def test_second_run_over_an_unchanged_site_exports_nothing_and_fetches_no_article(
    server, site, tmp_path
):
    first = run(server, tmp_path)
    assert first.returncode == 0, first.log
    assert ids(first) == {a.content_id for a in site.articles}
    assert {r["change"] for r in first.records} == {"new"}
    site.take_log()

    second = run(server, tmp_path)
    assert second.returncode == 0, second.log
    assert second.records == []
    assert sorted(site.take_log()) == ["/RSS/news.xml", "/robots.txt"]
    assert second.stats["newscrawler/discovery/unchanged"] == len(site.articles)


def test_a_changed_site_exports_exactly_the_new_and_updated_articles(server, site, tmp_path):
    run(server, tmp_path)
    story, edited = site.articles[1], site.articles[2]
    lead = Article(
        content_id=story.content_id[:15] + "51" + story.content_id[17:],
        headline=f"(LEAD) {story.headline}",
        published=later(story.published, 60),
        paragraphs=[*story.paragraphs, "A new paragraph."],
    )
    fresh = Article(
        content_id=article_id(19, 99),
        headline="A fresh story",
        published=base_time(19, hour=20),
        paragraphs=["SEOUL, April 19 (Yonhap) -- Fresh."],
    )
    edited.paragraphs = [*edited.paragraphs, "Corrected figure."]
    edited.modified = later(edited.published, 30)
    site.articles += [lead, fresh]

    third = run(server, tmp_path)
    assert third.returncode == 0, third.log
    assert {r["url"].rsplit("/", 1)[1]: r["change"] for r in third.records} == {
        lead.content_id: "updated",  # a new version of a story exported before
        edited.content_id: "updated",  # changed text and modification time
        fresh.content_id: "new",
    }


def test_refresh_exports_everything_again(server, site, tmp_path):
    run(server, tmp_path)
    again = run(server, tmp_path, refresh="1")
    assert ids(again) == {a.content_id for a in site.articles}


def test_latest_pages_back_through_listings_until_it_passes_since(server, site, tmp_path):
    result = run(server, tmp_path, start="latest", since="2023-04-17")
    assert result.returncode == 0, result.log
    assert ids(result) == {a.content_id for a in site.articles if a.published.day >= 17}
    listings = [path for path in site.take_log() if path.startswith("/news/")]
    assert listings == ["/news/1", "/news/2", "/news/3"]  # page 3 reaches back to the 15th


def test_sitemap_discovery_with_until(server, site, tmp_path):
    result = run(server, tmp_path, start="sitemap", until="2023-04-16")
    assert result.returncode == 0, result.log
    assert ids(result) == {a.content_id for a in site.articles if a.published.day <= 16}


def wait_for_articles(site: YonhapSite, count: int, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while sum(p.startswith("/view/") for p in site.requested) < count:
        assert time.monotonic() < deadline, "the crawl fetched too few articles in time"
        time.sleep(0.05)


def slow_settings(server: SiteServer, tmp_path, **more: str) -> dict[str, str]:
    return {**server.settings(), "CONCURRENT_REQUESTS": "1", **more}


def test_pause_with_sigint_and_resume_with_jobdir_exports_every_article_once(
    server, site, tmp_path
):
    site.article_delay = 0.3
    settings = slow_settings(server, tmp_path, JOBDIR=str(tmp_path / "job"))
    paused = Crawl("yonhap", tmp_path, {}, settings, [])
    process = paused.start()
    wait_for_articles(site, 4)
    process.send_signal(signal.SIGINT)
    log = process.communicate(timeout=60)[1]
    first = paused.result(process.returncode, log)
    assert first.stats["finish_reason"] == "shutdown", log
    assert 0 < len(first.records) < len(site.articles)

    resumed = Crawl("yonhap", tmp_path, {}, settings, []).run()
    assert resumed.returncode == 0, resumed.log
    exported = Counter(r["url"] for r in first.records + resumed.records)
    assert set(exported) == {a.url for a in site.articles}
    assert set(exported.values()) == {1}


def test_a_hard_kill_loses_nothing_and_duplicates_nothing(server, site, tmp_path):
    site.article_delay = 0.3
    killed = Crawl("yonhap", tmp_path, {}, slow_settings(server, tmp_path), [])
    process = killed.start()
    wait_for_articles(site, 4)
    process.send_signal(signal.SIGKILL)
    process.communicate(timeout=60)
    assert not killed.feed.exists()  # only the unfinished .part file is left
    assert list(killed.feed.parent.glob(f"{killed.feed.name}.*.part"))

    site.article_delay = 0
    next_run = Crawl("yonhap", tmp_path, {}, server.settings(), [])
    fresh = next_run.run()
    assert fresh.returncode == 0, fresh.log
    feeds = [f for f in (tmp_path / "output" / "yonhap").glob("*.jsonl") if "rejects" not in f.name]
    assert feeds == [next_run.feed]
    exported = Counter(r["url"] for r in fresh.records)
    assert set(exported) == {a.url for a in site.articles}
    assert set(exported.values()) == {1}
    assert {r["change"] for r in fresh.records} == {"new"}  # the killed run remembered none
    assert not list(killed.feed.parent.glob("*.part"))  # the next run removed the .part
