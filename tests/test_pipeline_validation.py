import pytest

from newscrawler.pipelines import RejectedItem
from newscrawler.pipelines.validation import ValidationPipeline
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
