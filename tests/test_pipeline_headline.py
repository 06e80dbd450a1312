import pytest

from newscrawler.pipelines.headline import HeadlinePipeline
from tests.conftest import article


@pytest.mark.parametrize(
    ("headline", "labels", "rest", "version"),
    [
        ("(LEAD) S. Korea to support investments", ["LEAD"], "S. Korea to support investments", 1),
        (
            "(2nd LD) Yoon accused of 'mocking' nation",
            ["2nd LD"],
            "Yoon accused of 'mocking' nation",
            2,
        ),
        ("(6th LD) N. Korea fires SLBM", ["6th LD"], "N. Korea fires SLBM", 6),
        ("(Yonhap Feature) Farmers struggle", ["Yonhap Feature"], "Farmers struggle", 0),
        ("(URGENT) N. Korea fires missile", ["URGENT"], "N. Korea fires missile", 0),
        ("(LEAD) (Yonhap Interview) Pitcher aims", ["LEAD", "Yonhap Interview"], "Pitcher aims", 1),
        ("(G)I-DLE to release new album", [], "(G)I-DLE to release new album", 0),
        ("KOSPI 200 Closing Price List-2", [], "KOSPI 200 Closing Price List-2", 0),
        ("(LEAD)", [], "(LEAD)", 0),
    ],
)
def test_labels_split_off_and_version(crawler, headline, labels, rest, version):
    item = HeadlinePipeline(crawler).process_item(article(headline=headline))
    assert (item.labels, item.headline, item.version) == (labels, rest, version)
