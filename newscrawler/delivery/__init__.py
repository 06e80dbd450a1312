"""Crawl state and delivery: what a run remembers, and the feeds it writes (JSON Lines,
wire text, rejects), each written so that a record is delivered once."""
