"""Validation stage: a record without url, headline, publication time or body text is no
article. It is dropped with the reason, which the rejects feed and the stats keep."""

from __future__ import annotations

from typing import Any

from newscrawler.items import REQUIRED_FIELDS, ArticleItem
from newscrawler.pipelines import RejectedItem, Stage


class ValidationPipeline(Stage):
    def process_item(self, item: Any) -> Any:
        if not isinstance(item, ArticleItem):
            return item
        for name in REQUIRED_FIELDS:
            if not getattr(item, name):
                raise RejectedItem(
                    f"missing_{name}",
                    f"the page gives no {name} that this spider can find: it is not an article "
                    f"page, or the site's markup has changed under the spider's selectors",
                )
        return item
