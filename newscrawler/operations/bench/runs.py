"""A crawl run as a process of its own, measured from outside: wall and CPU seconds, peak
memory (RSS) and RSS through the run, and the crawl's own pages and elapsed time read from
the stats Scrapy logs when it closes."""

from __future__ import annotations

import compileall
import os
import re
import statistics
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

import newscrawler

CHECKOUT = Path(newscrawler.__file__).resolve().parent.parent
PAGE_SIZE = os.sysconf("SC_PAGE_SIZE")
_STAT = re.compile(r"^ '([\w/]+)': ([\d.]+),?$", re.MULTILINE)  # in Scrapy's closing dump


@dataclass
class Run:
    name: str
    returncode: int
    wall: float
    cpu: float
    peak_rss: int  # bytes
    rss_samples: list[tuple[float, int]] = field(default_factory=list)  # (seconds, bytes)
    stats: dict[str, float] = field(default_factory=dict)
    log: str = ""

    @property
    def pages(self) -> int:
        return int(self.stats.get("response_received_count", 0))

    @property
    def pages_per_second(self) -> float:
        elapsed = self.stats.get("elapsed_time_seconds")
        return self.pages / elapsed if elapsed else 0.0

    def rss_at(self, share: float) -> int:
        """RSS at that share of the run's wall time (the last sample before it)."""
        moment = self.wall * share
        before = [rss for seconds, rss in self.rss_samples if seconds <= moment]
        return before[-1] if before else 0


def cache_bytecode() -> None:
    """Compiles the checkout's modules to bytecode, as an installed package has them (pip
    compiles at install) and as Python caches them at a first import. Where Python may not
    write them (PYTHONDONTWRITEBYTECODE, as on a machine this bench ran on) every crawl would
    otherwise compile each project module from source at its start: 0.1 s of CPU, measured,
    that no deployed crawl pays and the bare spider, of one module, hardly does."""
    compileall.compile_dir(CHECKOUT / "newscrawler", quiet=1)


def scrapy_process(
    name: str, args: list[str], cwd: Path, project: bool, sample_every: float = 0.25
) -> Run:
    """Runs `python -m scrapy ARGS` in cwd: with the project's settings, or (project=False)
    with Scrapy's defaults, as a spider outside any project runs."""
    env = {k: v for k, v in os.environ.items() if k != "SCRAPY_SETTINGS_MODULE"}
    if project:
        env["SCRAPY_SETTINGS_MODULE"] = "newscrawler.settings"
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(CHECKOUT), env.get("PYTHONPATH")]))
    log_path = cwd / f"{name}.log"
    start = time.perf_counter()
    with log_path.open("w") as log:
        process = subprocess.Popen(
            [sys.executable, "-m", "scrapy", *args], cwd=cwd, env=env, stderr=log,
            stdout=subprocess.DEVNULL,
        )  # fmt: skip
        samples: list[tuple[float, int]] = []
        sampler = threading.Thread(
            target=_sample_rss, args=(process.pid, start, sample_every, samples), daemon=True
        )
        sampler.start()
        _, status, usage = os.wait4(process.pid, 0)
        process.returncode = os.waitstatus_to_exitcode(status)
    wall = time.perf_counter() - start
    sampler.join()
    text = log_path.read_text("utf-8", "replace")
    return Run(
        name=name,
        returncode=process.returncode,
        wall=wall,
        cpu=usage.ru_utime + usage.ru_stime,
        peak_rss=usage.ru_maxrss * 1024,
        rss_samples=samples,
        stats={key: float(value) for key, value in _STAT.findall(text)},
        log=text,
    )


def _sample_rss(pid: int, start: float, every: float, samples: list[tuple[float, int]]) -> None:
    statm = Path(f"/proc/{pid}/statm")
    while True:
        try:
            resident = int(statm.read_text().split()[1]) * PAGE_SIZE
        except (OSError, IndexError, ValueError):
            return  # the process has ended
        if not resident:
            return  # a zombie, ended but not yet reaped
        samples.append((time.perf_counter() - start, resident))
        time.sleep(every)


def median(values: list[float]) -> float:
    return statistics.median(values) if values else 0.0
