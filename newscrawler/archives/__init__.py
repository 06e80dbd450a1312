"""Web archives (WARC, ISO 28500): capture of what a crawl fetches, replay and backfill from
WARC files, and fixtures recorded from live pages."""
