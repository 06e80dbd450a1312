"""Scrapyd as the README describes it, against a real Scrapyd server (the PyPI package,
on a free loopback port, with folders of its own): scrapyd-deploy builds and uploads the
egg from a copy of the checkout, a job crawls a replay store and its items and finished
state are read back; a job that fails at start says why in its log."""

from __future__ import annotations

import json
import os
import re
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlencode
from urllib.request import urlopen

import pytest

from tests.paths import FIXTURES, ROOT

BIN = Path(sys.executable).parent
SAMPLE = "https://en.yna.co.kr/view/AEN20211023001800325"
PROJECT_FILES = ("newscrawler", "pyproject.toml", "setup.py", "README.md")
WAIT = 120  # seconds: a job on a busy 2-core machine


@dataclass
class Scrapyd:
    url: str
    folder: Path
    log: Path

    def get(self, endpoint: str, **params: str) -> dict:
        with urlopen(f"{self.url}{endpoint}?{urlencode(params)}", timeout=10) as answer:
            return json.load(answer)

    def post(self, endpoint: str, fields: list[tuple[str, str]]) -> dict:
        with urlopen(f"{self.url}{endpoint}", urlencode(fields).encode(), timeout=10) as answer:
            return json.load(answer)

    def finished(self, job: str) -> dict:
        deadline = time.monotonic() + WAIT
        while time.monotonic() < deadline:
            jobs = self.get("listjobs.json", project="newscrawler")
            for entry in jobs["finished"]:
                if entry["id"] == job:
                    return entry
            time.sleep(0.5)
        raise AssertionError(f"job {job} not finished after {WAIT} s: {self.log.read_text()}")

    def job_log(self, job: str) -> str:
        return (self.folder / "logs" / "newscrawler" / "yonhap" / f"{job}.log").read_text("utf-8")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def clean_environment() -> dict[str, str]:
    """Scrapyd's own environment: the job finds the project in the egg, not through the
    test's settings module or path."""
    return {
        name: value
        for name, value in os.environ.items()
        if name not in ("SCRAPY_SETTINGS_MODULE", "PYTHONPATH")
    }


@pytest.fixture(scope="module")
def scrapyd(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Scrapyd]:
    folder = tmp_path_factory.mktemp("scrapyd")
    port = free_port()
    (folder / "scrapyd.conf").write_text(
        "[scrapyd]\n"
        "bind_address = 127.0.0.1\n"
        f"http_port = {port}\n"
        f"eggs_dir = {folder / 'eggs'}\n"
        f"logs_dir = {folder / 'logs'}\n"
        f"items_dir = {folder / 'items'}\n"
        f"dbs_dir = {folder / 'dbs'}\n"
        "max_proc = 2\n"
        "poll_interval = 0.5\n",
        "utf-8",
    )
    log = folder / "scrapyd.out"
    with log.open("wb") as output:
        process = subprocess.Popen(
            [BIN / "scrapyd"],
            cwd=folder,
            env=clean_environment(),
            stdout=output,
            stderr=subprocess.STDOUT,
        )
    server = Scrapyd(f"http://127.0.0.1:{port}/", folder, log)
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                if server.get("daemonstatus.json")["status"] == "ok":
                    break
            except OSError:
                if process.poll() is not None or time.monotonic() > deadline:
                    raise AssertionError(f"Scrapyd did not start: {log.read_text()}") from None
                time.sleep(0.2)
        yield server
    finally:
        process.terminate()
        process.wait(timeout=20)


@pytest.fixture(scope="module")
def deployed(scrapyd: Scrapyd, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The checkout's project, deployed with scrapyd-deploy as the README says."""
    project = tmp_path_factory.mktemp("checkout")
    for name in PROJECT_FILES:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, project / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(source, project / name)
    config = (ROOT / "scrapy.cfg").read_text("utf-8")
    (project / "scrapy.cfg").write_text(
        config.replace("http://localhost:6800/", scrapyd.url), "utf-8"
    )
    deploy = subprocess.run(
        [BIN / "scrapyd-deploy"],
        cwd=project,
        env=clean_environment(),
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert deploy.returncode == 0, deploy.stdout + deploy.stderr
    assert '"status": "ok"' in deploy.stdout, deploy.stdout + deploy.stderr
    # scrapyd-deploy writes a setup.py of its own only where none exists.
    assert (project / "setup.py").read_bytes() == (ROOT / "setup.py").read_bytes()
    return project


def test_a_deployed_job_crawls_and_its_items_and_finish_can_be_read(
    scrapyd: Scrapyd, deployed: Path, tmp_path: Path
):
    assert scrapyd.get("listspiders.json", project="newscrawler")["spiders"] == [
        "anadolu", "apnews", "reuters", "wire", "yonhap",
    ]  # fmt: skip
    scheduled = scrapyd.post(
        "schedule.json",
        [
            ("project", "newscrawler"),
            ("spider", "yonhap"),
            ("url", SAMPLE),
            ("hops", "1"),
            ("setting", f"REPLAY_DIR={FIXTURES / 'yonhap'}"),
            ("setting", f"NEWSCRAWLER_OUTPUT_DIR={tmp_path / 'output'}"),
        ],
    )
    assert scheduled["status"] == "ok", scheduled
    job = scheduled["jobid"]
    finished = scrapyd.finished(job)
    items = scrapyd.folder / "items" / "newscrawler" / "yonhap" / f"{job}.jl"
    records = [json.loads(line) for line in items.read_text("utf-8").splitlines()]
    assert len(records) == 4
    assert SAMPLE in {record["url"] for record in records}
    assert all(record["change"] == "new" for record in records)
    log = scrapyd.job_log(job)
    assert re.search(r"monitors: \d+ passed, 0 skipped, 0 failed", log)
    assert "Traceback" not in log
    assert finished["items_url"].endswith(f"{job}.jl")
    assert (tmp_path / "output" / "state.sqlite").is_file()  # one crawl state for every job
    assert "Process died" not in scrapyd.log.read_text("utf-8")


def test_a_job_that_fails_at_start_says_why_in_its_log(scrapyd: Scrapyd, deployed: Path):
    scheduled = scrapyd.post(
        "schedule.json",
        [
            ("project", "newscrawler"),
            ("spider", "yonhap"),
            ("setting", "REPLAY_DIR=/nonexistent/store"),
        ],
    )
    job = scheduled["jobid"]
    scrapyd.finished(job)
    log = scrapyd.job_log(job)
    assert "ERROR: REPLAY_DIR=/nonexistent/store: " in log
    assert "Traceback" not in log
    assert "Process died: exitstatus=2" in scrapyd.log.read_text("utf-8")
