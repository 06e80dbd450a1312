"""Operations: the close monitors, the crawl summary, the stats file and accuracy scoring."""
