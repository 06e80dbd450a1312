"""Fetching: downloader middlewares (replay, retries, redirect and address guards,
charsets), the public-address resolver, the reject reason of each failure, and the replay
and host-map download paths that stand in for the network."""
