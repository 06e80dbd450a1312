"""The spiders' arguments fail early with a message that says what to do."""

import pytest

from newscrawler.spiders.yonhap import YonhapSpider

ARTICLE = "https://en.yna.co.kr/view/AEN20230419003851320"


def test_urls_are_comma_separated_and_canonicalized():
    spider = YonhapSpider(url=f"{ARTICLE}?input=fb, https://m-en.yna.co.kr/view/AEN1", hops="2")
    assert spider.article_urls == [ARTICLE, "https://en.yna.co.kr/view/AEN1"]
    assert spider.hops == 2


def test_hops_default_to_zero():
    assert YonhapSpider(url=ARTICLE).hops == 0


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        ({}, "Pass -a url="),
        ({"url": "https://apnews.com/article/x"}, "not an http(s) page of en.yna.co.kr"),
        ({"url": "ftp://en.yna.co.kr/view/x"}, "not an http(s) page"),
        ({"url": ARTICLE, "hops": "two"}, "not a whole number"),
        ({"url": ARTICLE, "hops": "-1"}, "not a whole number"),
    ],
)
def test_bad_arguments_say_what_to_do(arguments, message):
    with pytest.raises(ValueError, match=message.replace("(", r"\(").replace(")", r"\)")):
        YonhapSpider(**arguments)
