import pytest

from newscrawler.extraction.urls import canonical_url

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
