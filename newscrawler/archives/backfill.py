"""Backfill from web archives (`-a warc=`): the WARC files a spider reads its site's pages
from instead of the site, such as Common Crawl's CC-NEWS files."""

from __future__ import annotations

import gzip
from pathlib import Path

from newscrawler import arguments
from newscrawler.archives.reader import is_warc_file, warc_files

WARC_MEANING = (
    "Give WARC files (.warc or .warc.gz), folders of them, or a file listing them one a line "
    "(such as CC-NEWS's warc.paths, with paths relative to the list's folder)."
)


def warc_paths(value: str | None) -> list[Path]:
    """The WARC files -a warc=PATH[,PATH...] names, each checked to exist."""
    paths: list[Path] = []
    for part in arguments.split_list(value):
        path = Path(part)
        if path.is_dir():
            found = warc_files(path)
            if not found:
                raise arguments.ArgumentError(f"-a warc={part}: no WARC file in that folder.")
            paths += found
        elif path.is_file() and is_warc_file(path):
            paths.append(path)
        elif path.is_file():
            paths += _listed(path)
        else:
            raise arguments.ArgumentError(f"-a warc={part}: there is no such file. {WARC_MEANING}")
    return paths


def _listed(listing: Path) -> list[Path]:
    opener = gzip.open if listing.suffix == ".gz" else open
    try:
        with opener(listing, "rt", encoding="utf-8") as lines:
            names = [line.strip() for line in lines if line.strip()]
    except (OSError, UnicodeDecodeError) as error:
        raise arguments.ArgumentError(
            f"-a warc={listing}: neither a WARC file nor a readable list of them ({error}). "
            f"{WARC_MEANING}"
        ) from None
    paths = [listing.parent / name for name in names]
    for path in paths:
        if not (path.is_file() and is_warc_file(path)):
            raise arguments.ArgumentError(
                f"-a warc={listing} lists {path}, which is no WARC file here. {WARC_MEANING}"
            )
    return paths
