"""python -m newscrawler.operations.bench crawl|records|generic|incremental|memory: see --help."""

from __future__ import annotations

import argparse
import tempfile
from pathlib import Path

from newscrawler.operations.bench import crawl, generic, records
from newscrawler.operations.bench.runs import cache_bytecode
from newscrawler.operations.bench.site import build_site

DEFAULT_CORPUS = Path("../shared/corpus")
DEFAULT_BENCHMARK = Path("../shared/benchmarks/aeb")


def main() -> None:
    parser = argparse.ArgumentParser(
        prog="python -m newscrawler.operations.bench",
        description="Benchmarks of the project's crawl (see the README's Speed section).",
    )
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS,
                        help="replay store of real pages (default: %(default)s)")  # fmt: skip
    commands = parser.add_subparsers(dest="command", required=True)
    compare = commands.add_parser(
        "crawl", help="scrapy crawl yonhap against a bare Scrapy spider, A B A B"
    )
    compare.add_argument("--pages", type=int, default=3000)
    compare.add_argument("--rounds", type=int, default=5)
    compare.add_argument("--concurrency", type=int, default=32)
    compare.add_argument(
        "--bare-setting", action="append", default=[], metavar="NAME=VALUE", type=_setting,
        help="a setting of the bare spider's runs alone (Scrapy's defaults otherwise), "
        "e.g. CONCURRENT_ITEMS=1; repeatable",
    )  # fmt: skip
    record = commands.add_parser("records", help="CPU ms of a record per stage, every spider")
    record.add_argument("--rounds", type=int, default=20)
    record.add_argument(
        "--spider", action="append", choices=sorted(records.SPIDERS), dest="spiders",
        help="time only this spider's record (repeatable; default: every spider)",
    )  # fmt: skip
    generic_record = commands.add_parser(
        "generic", help="the wire spider's record against trafilatura alone, CPU ms per page"
    )
    generic_record.add_argument(
        "--store", type=Path, default=DEFAULT_BENCHMARK,
        help="replay store of article pages (default: %(default)s)",
    )  # fmt: skip
    generic_record.add_argument("--rounds", type=int, default=3)
    memory = commands.add_parser(
        "memory", help="memory through a long crawl with a large crawl state"
    )
    memory.add_argument("--pages", type=int, default=100_000)
    memory.add_argument("--remembered", type=int, default=1_000_000)
    memory.add_argument("--concurrency", type=int, default=32)
    incremental = commands.add_parser(
        "incremental", help="a run over an unchanged feed against the start-up time"
    )
    incremental.add_argument("--pages", type=int, default=20_000)
    incremental.add_argument("--rounds", type=int, default=3)
    incremental.add_argument("--remembered", type=int, default=200_000)
    args = parser.parse_args()

    if args.command == "generic":
        if not args.store.is_dir():
            parser.error(f"{args.store} is no folder: give a replay store of pages, --store")
        generic.bench(args.store, args.rounds)
        return
    if not args.corpus.is_dir():
        parser.error(f"{args.corpus} is no folder: give a replay store of real pages, --corpus")
    if args.command == "records":
        records.bench(args.corpus, args.rounds, args.spiders)
        return
    cache_bytecode()
    with tempfile.TemporaryDirectory(prefix="newscrawler-bench-") as work_dir:
        work = Path(work_dir)
        # An incremental run fetches no article: its store serves the feed alone.
        served = args.command != "incremental"
        site = build_site(args.corpus, work / "site", args.pages, served)
        print(f"a replayed site of {args.pages} Yonhap pages in {work}", flush=True)
        if args.command == "crawl":
            settings = crawl.CrawlSettings(args.concurrency, tuple(args.bare_setting))
            crawl.compare(site, work, args.rounds, settings)
        elif args.command == "memory":
            crawl.memory(site, work, crawl.CrawlSettings(args.concurrency), args.remembered)
        else:
            crawl.incremental(args.corpus, site, work, args.rounds, args.remembered)


def _setting(value: str) -> str:
    if "=" not in value or not value.partition("=")[0]:
        raise argparse.ArgumentTypeError(f"{value!r} is no NAME=VALUE setting")
    return value


if __name__ == "__main__":
    main()
