"""Real crawls through the Scrapy engine, each in its own process (a Twisted reactor
starts once per process), over a replay store; their feeds and stats read back."""

from __future__ import annotations

import json
import os
import subprocess
import sys
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


def run_scrapy(args: list[str], cwd: Path, timeout: float = 120) -> subprocess.CompletedProcess:
    """`scrapy ...` as a user runs it, with this checkout's project settings."""
    env = {**os.environ, "SCRAPY_SETTINGS_MODULE": "newscrawler.settings"}
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH")]))
    return subprocess.run(
        [sys.executable, "-m", "scrapy", *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
    )


def crawl(
    spider: str,
    tmp_path: Path,
    *,
    store: Path,
    urls: list[str],
    hops: int = 0,
    settings: dict[str, str] | None = None,
    extra_args: list[str] | None = None,
) -> CrawlResult:
    output_dir = tmp_path / "output"
    stats_file = tmp_path / "stats.json"
    args = ["crawl", spider, "-a", "url=" + ",".join(urls), "-a", f"hops={hops}"]
    all_settings = {
        "REPLAY_DIR": str(store),
        "NEWSCRAWLER_OUTPUT_DIR": str(output_dir),
        "NEWSCRAWLER_STATS_FILE": str(stats_file),
        "LOG_LEVEL": "INFO",
        **(settings or {}),
    }
    for name, value in all_settings.items():
        args += ["-s", f"{name}={value}"]
    args += extra_args or []
    process = run_scrapy(args, cwd=tmp_path)
    feeds = sorted(output_dir.glob(f"{spider}/*.jsonl"))
    records = [r for f in feeds if not f.name.endswith(".rejects.jsonl") for r in read_jsonl(f)]
    rejects = [r for f in feeds if f.name.endswith(".rejects.jsonl") for r in read_jsonl(f)]
    stats = json.loads(stats_file.read_text("utf-8")) if stats_file.exists() else {}
    for record in records:
        assert_valid_record(record)
    return CrawlResult(process.returncode, records, rejects, stats, process.stderr, output_dir)


def read_jsonl(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text("utf-8").splitlines() if line.strip()]


def assert_valid_record(record: dict[str, Any]) -> None:
    """Every record a test produces must follow the package's JSON Schema."""
    errors = [f"{'/'.join(map(str, e.path))}: {e.message}" for e in SCHEMA.iter_errors(record)]
    assert not errors, f"{record.get('url')} breaks the schema: {errors}"
