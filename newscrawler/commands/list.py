"""`scrapy list`, as Scrapy's; with --verbose, each spider with what it crawls and the
-a arguments it takes."""

from __future__ import annotations

import argparse

from scrapy.commands.list import Command as ScrapyListCommand
from scrapy.spiderloader import get_spider_loader

from newscrawler.arguments import spider_arguments


class Command(ScrapyListCommand):
    def add_options(self, parser: argparse.ArgumentParser) -> None:
        super().add_options(parser)
        parser.add_argument(
            "-v",
            "--verbose",
            action="store_true",
            help="show what each spider crawls and the -a arguments it takes",
        )

    def run(self, args: list[str], opts: argparse.Namespace) -> None:
        if not opts.verbose:
            super().run(args, opts)
            return
        loader = get_spider_loader(self.settings)
        print(spider_arguments(loader.load(name) for name in loader.list()))
