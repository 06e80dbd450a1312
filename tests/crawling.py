"""Real crawls through the Scrapy engine, each in its own process (a Twisted reactor
starts once per process), over a replay store; their feeds and stats read back."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from jsonschema import Draft202012Validator

from newscrawler.schema import article_schema
from tests.paths import ROOT

SCHEMA = Draft202012Validator(article_schema(), format_checker=Draft202012Validator.FORMAT_CHECKER)


@dataclass
class CrawlResult:
    returncode: int
    records: list[dict[str, Any]]
    rejects: list[dict[str, Any]]
    stats: dict[str, Any]
    log: str
    output_dir: Path


def scrapy_command(args: list[str]) -> tuple[list[str], dict[str, str]]:
    """`scrapy ...` as a user runs it, with this checkout's project settings."""
    env = {**os.environ, "SCRAPY_SETTINGS_MODULE": "newscrawler.settings"}
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH")]))
    return [sys.executable, "-m", "scrapy", *args], env


def run_scrapy(args: list[str], cwd: Path, timeout: float = 120) -> subprocess.CompletedProcess:
    command, env = scrapy_command(args)
    return subprocess.run(
        command, cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout
    )


@dataclass
class Crawl:
    """One `scrapy crawl` run whose feed, rejects and stats go to files of its own, so that
    several runs can share an output folder (and its crawl state)."""

    spider: str
    tmp_path: Path
    spider_args: dict[str, str]
    settings: dict[str, str]
    extra_args: list[str]

    def __post_init__(self) -> None:
        self.output_dir = self.tmp_path / "output"
        run = uuid.uuid4().hex[:8]
        self.feed = self.output_dir / self.spider / f"{run}.jsonl"
        self.rejects = self.output_dir / self.spider / f"{run}.rejects.jsonl"
        self.stats = self.tmp_path / f"{run}.stats.json"

    def args(self) -> list[str]:
        args = ["crawl", self.spider]
        for name, value in self.spider_args.items():
            args += ["-a", f"{name}={value}"]
        all_settings = {
            "NEWSCRAWLER_OUTPUT_DIR": str(self.output_dir),
            "NEWSCRAWLER_DEFAULT_FEED": str(self.feed),
            "NEWSCRAWLER_REJECTS_FILE": str(self.rejects),
            "NEWSCRAWLER_STATS_FILE": str(self.stats),
            "LOG_LEVEL": "INFO",
            **self.settings,
        }
        for name, value in all_settings.items():
            args += ["-s", f"{name}={value}"]
        return args + self.extra_args

    def start(self) -> subprocess.Popen:
        command, env = scrapy_command(self.args())
        return subprocess.Popen(
            command, cwd=self.tmp_path, env=env, stderr=subprocess.PIPE, text=True
        )

    def result(self, returncode: int, log: str) -> CrawlResult:
        assert_no_traceback(log)
        records = read_jsonl(self.feed) if self.feed.exists() else []
        rejects = read_jsonl(self.rejects) if self.rejects.exists() else []
        stats = json.loads(self.stats.read_text("utf-8")) if self.stats.exists() else {}
        for record in records:
            assert_valid_record(record)
        return CrawlResult(returncode, records, rejects, stats, log, self.output_dir)

    def run(self) -> CrawlResult:
        process = run_scrapy(self.args(), cwd=self.tmp_path)
        return self.result(process.returncode, process.stderr)


def crawl(
    spider: str,
    tmp_path: Path,
    *,
    store: Path | None = None,
    urls: list[str] | None = None,
    hops: int = 0,
    spider_args: dict[str, str] | None = None,
    settings: dict[str, str] | None = None,
    extra_args: list[str] | None = None,
) -> CrawlResult:
    """A crawl over a replay store (store=) or a local server (settings with a host map)."""
    arguments = {"url": ",".join(urls)} if urls else {}
    arguments |= {"hops": str(hops), **(spider_args or {})}
    all_settings = {"REPLAY_DIR": str(store)} if store else {}
    all_settings |= settings or {}
    return Crawl(spider, tmp_path, arguments, all_settings, extra_args or []).run()


def read_jsonl(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text("utf-8").splitlines() if line.strip()]


def assert_valid_record(record: dict[str, Any]) -> None:
    """Every record a test produces must follow the package's JSON Schema."""
    errors = [f"{'/'.join(map(str, e.path))}: {e.message}" for e in SCHEMA.iter_errors(record)]
    assert not errors, f"{record.get('url')} breaks the schema: {errors}"


TRACEBACK = "Traceback (most recent call last)"


def tracebacks(log: str) -> int:
    """How many tracebacks a crawl's log holds (a failed monitor is reported without one)."""
    return log.count(TRACEBACK)


def assert_no_traceback(log: str) -> None:
    """Bad input costs a reject line and at most one log line, never a traceback: every
    crawl the tests run is checked for one."""
    if tracebacks(log):
        start = log.index(TRACEBACK)
        raise AssertionError(f"the crawl logged a traceback:\n{log[start - 300 : start + 3000]}")
