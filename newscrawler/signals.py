"""Signals of this project (Scrapy's own are in scrapy.signals)."""

# Sent with url, reason, detail (and optionally record) for a page that will not become
# a record for a reason found outside the item pipelines (a failed download, say).
page_rejected = object()
