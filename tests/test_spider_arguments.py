"""The spiders' arguments are read once and fail early with a message that says what to do."""

import re
from datetime import date

import pytest

from newscrawler import arguments
from newscrawler.spiders.apnews import APNewsSpider
from newscrawler.spiders.wire import WireGenericSpider
from newscrawler.spiders.yonhap import YonhapSpider
from tests.crawling import run_scrapy

ARTICLE = "https://en.yna.co.kr/view/AEN20230419003851320"


def test_urls_are_comma_separated_and_canonicalized():
    spider = YonhapSpider(url=f"{ARTICLE}?input=fb, https://m-en.yna.co.kr/view/AEN1", hops="2")
    assert spider.article_urls == [ARTICLE, "https://en.yna.co.kr/view/AEN1"]
    assert (spider.hops, spider.start_mode) == (2, None)


def test_without_urls_the_spider_discovers_from_its_feed():
    spider = YonhapSpider()
    assert (spider.article_urls, spider.hops, spider.start_mode) == ([], 0, "rss")
    assert spider.refresh is False


def test_discovery_arguments():
    spider = YonhapSpider(start="latest", since="2023-04-01", until="2023-04-19", refresh="1")
    assert spider.start_mode == "latest"
    assert (spider.since, spider.until, spider.refresh) == (
        date(2023, 4, 1),
        date(2023, 4, 19),
        True,
    )
    assert YonhapSpider(start="rss", section="economy").section == "economy"


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        ({"url": "https://apnews.com/article/x"}, "not an http(s) page of en.yna.co.kr"),
        ({"url": "ftp://en.yna.co.kr/view/x"}, "not an http(s) page"),
        ({"url": ARTICLE, "hops": "two"}, "not a whole number"),
        ({"url": ARTICLE, "hops": "-1"}, "not a whole number"),
        ({"url": ARTICLE, "start": "rss"}, "exclude each other"),
        ({"start": "everything"}, "not one of rss, latest, sitemap"),
        ({"start": "latest", "section": "economy"}, "narrows the RSS feed only"),
        ({"since": "19 April"}, "YYYY-MM-DD"),
        ({"since": "2023-04-19", "until": "2023-04-01"}, "swap them"),
        ({"refresh": "please"}, "neither 1 nor 0"),
    ],
)
def test_bad_arguments_say_what_to_do(arguments, message):
    with pytest.raises(ValueError, match=message.replace("(", r"\(").replace(")", r"\)")):
        YonhapSpider(**arguments)


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        ({"hop": "2"}, "-a hop: there is no such argument. Did you mean -a hops=N?"),
        ({"url": ""}, "-a url= is empty"),
        ({"url": ARTICLE, "hops": " "}, "-a hops= is empty"),
        ({"name": "other"}, "-a name: there is no such argument."),
    ],
)
def test_unknown_and_empty_arguments_are_refused_with_the_spiders_list(arguments, message):
    with pytest.raises(ValueError, match=re.escape(message)) as refused:
        YonhapSpider(**arguments)
    listing = str(refused.value).split("The spider's arguments:\n")[1]
    assert [line.split()[1] for line in listing.splitlines()] == [
        "url=URL[,URL...]", "urls=FILE", "start=rss|latest|sitemap", "section=NAME",
        "since=YYYY-MM-DD", "until=YYYY-MM-DD", "hops=N", "refresh=1", "warc=PATH[,PATH...]",
    ]  # fmt: skip


def test_scrapyds_job_argument_is_taken():
    assert YonhapSpider(url=ARTICLE, _job="6487ec79").article_urls == [ARTICLE]


def test_each_spider_lists_only_the_discovery_its_site_has():
    assert "-a start=rss|latest|sitemap" in YonhapSpider.__doc__
    assert "-a start=sitemap " in APNewsSpider.__doc__
    assert "-a section=" not in APNewsSpider.__doc__
    assert APNewsSpider().start_mode == "sitemap"  # the arguments not given are not checked
    assert [argument.name for argument in WireGenericSpider.arguments] == [
        "url", "urls", "domain", "since", "until", "hops", "refresh",
    ]  # fmt: skip
    with pytest.raises(ValueError, match="no such argument"):
        WireGenericSpider(url="https://www.example.com/news/a.html", start="sitemap")


def test_the_crawl_command_refuses_a_bad_argument_with_exit_2_and_the_list(tmp_path):
    refused = run_scrapy(["crawl", "yonhap", "-a", "hop=2"], tmp_path)
    assert refused.returncode == 2
    assert "Traceback" not in refused.stderr
    assert "yonhap: -a hop: there is no such argument. Did you mean -a hops=N?" in refused.stderr
    assert "  -a since=YYYY-MM-DD" in refused.stderr
    no_url = run_scrapy(["crawl", "wire"], tmp_path)
    assert no_url.returncode == 2
    assert "wire: no article to start from" in no_url.stderr
    assert "Traceback" not in no_url.stderr
    assert list(tmp_path.iterdir()) == []


def test_scrapy_list_verbose_and_crawl_help_show_every_spiders_arguments(tmp_path):
    listed = run_scrapy(["list", "--verbose"], tmp_path)
    helped = run_scrapy(["crawl", "--help"], tmp_path)
    for output in (listed.stdout, helped.stdout):
        for spider in ("anadolu", "apnews", "reuters", "wire", "yonhap"):
            assert f"\n{spider}: " in "\n" + output
        assert "    -a hops=N" in output
        assert "    -a start=rss|latest|sitemap" in output
    assert run_scrapy(["list"], tmp_path).stdout.split() == [
        "anadolu", "apnews", "reuters", "wire", "yonhap",
    ]  # fmt: skip


@pytest.mark.parametrize(
    ("given", "urls"),
    [
        # Commas inside a URL stay in it: the list is split where a new http(s):// begins.
        (
            "https://www.example.net/2026/11/27/stocks-rise,-bonds-fall/,https://x.example.net/a",
            ["https://www.example.net/2026/11/27/stocks-rise,-bonds-fall/", "https://x.example.net/a"],
        ),
        ("https://a.example/?ids=1,2 , http://b.example/", ["https://a.example/?ids=1,2", "http://b.example/"]),
        ("https://a.example/1https://b.example/2", ["https://a.example/1", "https://b.example/2"]),
        ("https://a.example/1\nhttps://b.example/2\n", ["https://a.example/1", "https://b.example/2"]),
        # A URL carried in another (a redirect's target, an archive's path) is not split off.
        ("https://a.example/go?to=https://b.example/", ["https://a.example/go?to=https://b.example/"]),
        ("https://web.archive.org/web/2020/https://b.example/", ["https://web.archive.org/web/2020/https://b.example/"]),
        ("", []),
    ],
)  # fmt: skip
def test_url_lists_split_only_where_a_new_url_begins(given, urls):
    assert arguments.split_urls(given) == urls


def test_a_file_of_urls_one_a_line(tmp_path):
    listing = tmp_path / "articles.txt"
    listing.write_text(
        f"\ufeff# the week's stories\n{ARTICLE}\n\n  https://m-en.yna.co.kr/view/AEN1,2  \n",
        "utf-8",
    )
    spider = YonhapSpider(urls=str(listing), url="https://en.yna.co.kr/view/AEN0")
    assert spider.article_urls == [
        "https://en.yna.co.kr/view/AEN0", ARTICLE, "https://en.yna.co.kr/view/AEN1,2",
    ]  # fmt: skip


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (None, "-a urls={file}: the file cannot be read (No such file or directory)"),
        (b"\xff\xfe not utf-8", "-a urls={file}: the file cannot be read ("),
        (
            f"{ARTICLE}\nen.yna.co.kr/view/AEN2\n".encode(),
            "-a urls={file}: line 2 is not an http(s) URL ('en.yna.co.kr/view/AEN2')",
        ),
        (f"# two\n{ARTICLE} {ARTICLE}\n".encode(), "-a urls={file}: line 2 is not an http(s) URL"),
        (b"http://[bad\n", "-a urls={file}: line 1 is not an http(s) URL"),
    ],
)  # fmt: skip
def test_a_bad_file_of_urls_is_named_with_its_line(tmp_path, content, message):
    listing = tmp_path / "articles.txt"
    if content is not None:
        listing.write_bytes(content)
    with pytest.raises(ValueError, match=re.escape(message.format(file=listing))):
        YonhapSpider(urls=str(listing))


def test_the_crawl_command_refuses_a_bad_file_of_urls_with_exit_2(tmp_path):
    (tmp_path / "articles.txt").write_text("https://www.example.net/a\nwww.example.net/b\n")
    refused = run_scrapy(["crawl", "wire", "-a", "urls=articles.txt"], tmp_path)
    assert refused.returncode == 2
    assert "Traceback" not in refused.stderr
    assert "wire: -a urls=articles.txt: line 2 is not an http(s) URL" in refused.stderr
