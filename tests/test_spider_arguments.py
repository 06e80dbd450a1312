"""The spiders' arguments are read once and fail early with a message that says what to do."""

from datetime import date

import pytest

from newscrawler.spiders.yonhap import YonhapSpider

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
