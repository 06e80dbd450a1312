import pytest

from newscrawler.extraction.urls import (
    canonical_url,
    names_a_story,
    registrable_domain,
    same_page,
    section_front_of,
)

ALIASES = {"m-en.yna.co.kr": "en.yna.co.kr"}


@pytest.mark.parametrize(
    ("url", "canonical"),
    [
        ("https://en.yna.co.kr/view/AEN1", "https://en.yna.co.kr/view/AEN1"),
        ("http://en.yna.co.kr/view/AEN1", "https://en.yna.co.kr/view/AEN1"),
        ("https://m-en.yna.co.kr/view/AEN1", "https://en.yna.co.kr/view/AEN1"),
        ("https://en.yna.co.kr/view/AEN1?section=nk/index", "https://en.yna.co.kr/view/AEN1"),
        ("https://en.yna.co.kr/view/AEN1?input=fb#comments", "https://en.yna.co.kr/view/AEN1"),
        (
            "https://EN.yna.co.kr:443/view/AEN1?utm_source=x&b=2&a=1",
            "https://en.yna.co.kr/view/AEN1?a=1&b=2",
        ),
    ],
)
def test_canonical_url(url, canonical):
    assert canonical_url(url, ALIASES) == canonical


@pytest.mark.parametrize(
    ("url", "names"),
    [
        ("https://en.yna.co.kr/view/AEN20230419003851320", True),  # a story id
        ("https://www.aa.com.tr/en/world/talks-end/3201234", True),
        ("https://apnews.com/article/x-0123456789abcdef0123456789abcdef", True),  # a hex id
        ("https://www.example.net/2026/11/28/harbor-strike-ends-after-talks/", True),  # a slug
        ("https://www.example.net/article.php?id=48211", True),  # an id in the query
        ("https://www.example.net/politics/", False),
        ("https://www.reuters.com/world/asia-pacific/", False),
        ("https://www.example.net/2026/11/28/", False),  # a day's archive: no id, no slug
        ("https://www.example.net/", False),
    ],
)
def test_a_url_names_a_story_by_an_id_or_a_slug(url, names):
    assert names_a_story(url) is names


ARTICLE = "https://www.example.net/world/asia/2026/11/28/harbor-strike-ends-after-talks/"


@pytest.mark.parametrize(
    ("stated", "section"),
    [
        ("https://www.example.net/", True),  # the home page
        ("https://www.example.net/world/", True),  # a folder above the page
        ("https://www.example.net/world/asia", True),
        ("https://www.example.net/politics/", True),  # names no story where the page does
        (ARTICLE, False),
        ("https://www.example.net/2026/11/28/harbor-strike-ends/", False),  # a shorter slug
        ("https://www.example.net/p/48211", False),
    ],
)
def test_a_section_front_is_told_from_the_page_by_the_urls_shapes(stated, section):
    assert section_front_of(stated, ARTICLE) is section


def test_a_short_url_above_the_page_that_names_its_story_is_no_section_front():
    page = "https://www.example.net/news/48211/harbor-strike-ends-after-talks"
    assert not section_front_of("https://www.example.net/news/48211", page)
    assert section_front_of("https://www.example.net/news/", page)


def test_same_page_on_any_host_with_or_without_the_final_slash():
    assert same_page("https://www.example.net/a/b/", "https://m.example.net/a/b")
    assert not same_page("https://www.example.net/a/b", "https://www.example.net/a/c")
    assert not same_page("https://www.example.net/a?id=1", "https://www.example.net/a?id=2")


@pytest.mark.parametrize(
    ("url", "domain"),
    [
        ("https://www.sfgate.com/news/a.php", "sfgate.com"),
        ("https://news.bbc.co.uk/x", "bbc.co.uk"),
        ("http://127.0.0.1:8080/x", "127.0.0.1"),
        ("http://localhost/x", "localhost"),
    ],
)
def test_registrable_domain(url, domain):
    assert registrable_domain(url) == domain
