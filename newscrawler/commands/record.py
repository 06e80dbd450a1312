"""`scrapy record <spider> -a url=... --out fixtures/<site>`: a crawl that saves every page it
fetches into a replay store, and writes a golden record for each article, marked
unchecked until a person has read the page (newscrawler.archives.recording)."""

from __future__ import annotations

import argparse

from scrapy.exceptions import UsageError

from newscrawler.commands.crawl import Command as CrawlCommand


class Command(CrawlCommand):
    def syntax(self) -> str:
        return "[options] <spider> --out <store folder>"

    def short_desc(self) -> str:
        return "Record a site's pages into a replay store, with a golden record to check for each"

    def add_options(self, parser: argparse.ArgumentParser) -> None:
        super().add_options(parser)
        parser.add_argument(
            "--out",
            metavar="FOLDER",
            help="the replay store to record into (created, or added to)",
        )
        parser.add_argument(
            "--golden",
            metavar="FOLDER",
            help="where the unchecked golden records go "
            "(default: tests/golden/fixtures/<store folder name>)",
        )

    def process_options(self, args: list[str], opts: argparse.Namespace) -> None:
        super().process_options(args, opts)
        if not opts.out:
            raise UsageError(
                "--out FOLDER is missing: name the replay store to record into, "
                "e.g. --out fixtures/yonhap",
                print_help=False,
            )
        self.settings.set("NEWSCRAWLER_RECORD_DIR", opts.out, priority="cmdline")
        if opts.golden:
            self.settings.set("NEWSCRAWLER_RECORD_GOLDEN_DIR", opts.golden, priority="cmdline")
