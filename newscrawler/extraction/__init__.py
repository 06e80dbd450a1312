"""Extraction helpers every spider and pipeline stage shares: text normalization, dates,
datelines, wire-copy conventions, structured data (JSON-LD, meta tags) and canonical URLs."""
