from newscrawler.pipelines.related import RelatedPipeline
from tests.conftest import ARTICLE_URL, article


def test_related_urls_canonical_once_and_never_the_article(crawler):
    item = article(
        related=[
            {"headline": "A", "url": "https://en.yna.co.kr/view/AEN20230417002600315"},
            {
                "headline": "A again",
                "url": "http://m-en.yna.co.kr/view/AEN20230417002600315?input=fb",
            },
            {"headline": "Itself", "url": ARTICLE_URL + "?section=news"},
            {"headline": "B", "url": "https://en.yna.co.kr/view/AEN20230414009600315#top"},
            {"headline": "Script", "url": "javascript:void(0)"},
            {"headline": "", "url": "https://en.yna.co.kr/view/AEN20230414009451315"},
        ]
    )
    item = RelatedPipeline(crawler).process_item(item)
    assert item.related == [
        {"headline": "A", "url": "https://en.yna.co.kr/view/AEN20230417002600315"},
        {"headline": "B", "url": "https://en.yna.co.kr/view/AEN20230414009600315"},
    ]
