"""Signals of this project (Scrapy's own are in scrapy.signals)."""

# Sent with url, reason, detail and record (what the page gave, or None) for a page that
# will not become a record for a reason found outside the item pipelines (a failed
# download, a paywall).
page_rejected = object()
