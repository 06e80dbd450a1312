import pytest
from itemadapter import ItemAdapter

from newscrawler.pipelines import RejectedItem
from newscrawler.pipelines.validation import ValidationPipeline, oversized_field, within_bounds
from tests.conftest import article


@pytest.mark.parametrize(
    ("field", "empty"), [("url", None), ("headline", ""), ("published", None), ("body", [])]
)
def test_missing_required_field_is_rejected_with_its_reason(crawler, field, empty):
    with pytest.raises(RejectedItem) as rejected:
        ValidationPipeline(crawler).process_item(article(**{field: empty}))
    assert rejected.value.reason == f"missing_{field}"


def test_complete_record_passes(crawler):
    item = article()
    assert ValidationPipeline(crawler).process_item(item) is item


WIDE = "x" * 1_001  # one character over a one-line field's bound
OVER_BOUNDS = [
    ("url", {"url": "https://en.yna.co.kr/view/" + "a" * 8_190}),
    ("related", {"related": [{"headline": "Fine", "url": "https://x.test/" + "a" * 8_190}]}),
    ("related", {"related": [{"headline": WIDE, "url": "https://x.test/a"}]}),
    ("dateline", {"dateline": {"text": WIDE, "location": None, "date": None, "agency": None}}),
    ("editor_note", {"editor_note": WIDE}),
    ("authors", {"authors": ["Kim Test", WIDE]}),
    ("labels", {"labels": ["LEAD"] * 21}),
    ("body", {"body": ["A paragraph."] * 10_001}),
    ("body", {"body": ["x" * 150_000, "y" * 150_001]}),  # each within, not the whole
]


@pytest.mark.parametrize(("field", "values"), OVER_BOUNDS, ids=[f for f, _ in OVER_BOUNDS])
def test_a_field_over_the_schemas_bound_is_rejected_naming_it(crawler, field, values):
    with pytest.raises(RejectedItem) as rejected:
        ValidationPipeline(crawler).process_item(article(**values))
    assert rejected.value.reason == "field_too_large"
    assert rejected.value.detail.startswith(f"{field}: ")


def test_fields_at_their_bounds_pass(crawler):
    item = article(
        headline="x" * 1_000,
        url="https://en.yna.co.kr/" + "a" * 8_169,
        keywords=["k"] * 500,
        body=["x" * 300_000],
    )
    assert len(item.url) == 8_190
    assert ValidationPipeline(crawler).process_item(item) is item


@pytest.mark.parametrize(("field", "values"), OVER_BOUNDS, ids=[f for f, _ in OVER_BOUNDS])
def test_a_rejected_record_is_kept_cut_to_the_bounds_naming_the_field(field, values):
    record = ItemAdapter(article(**values)).asdict()
    kept, cut = within_bounds(record)
    assert cut == [field]
    assert oversized_field(article(**kept)) is None
    assert {name: value for name, value in kept.items() if name != field} == {
        name: value for name, value in record.items() if name != field
    }


def test_a_record_within_the_bounds_is_kept_whole():
    record = ItemAdapter(article(headline="x" * 1_000, keywords=["k"] * 500)).asdict()
    assert within_bounds(record) == (record, [])
