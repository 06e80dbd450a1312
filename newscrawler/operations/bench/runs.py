"""A crawl run as a process of its own, measured from outside: wall and CPU seconds, peak
memory (RSS) and RSS through the run, the time it waited for a core, and the crawl's own
pages and elapsed time read from the stats Scrapy logs when it closes."""

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
    # Seconds its threads were ready to run but waited for a core (Linux's schedstat): on a
    # machine shared with other work, what its wall time holds beyond its CPU time.
    run_queue_wait: float = 0.0
    stats: dict[str, float] = field(default_factory=dict)
    log: str = ""

    @property
    def pages(self) -> int:
        return int(self.stats.get("response_received_count", 0))

    @property
    def pages_per_second(self) -> float:
        elapsed = self.stats.get("elapsed_time_seconds")
        return self.pages / elapsed if elapsed else 0.0

    @property
    def cpu_share(self) -> float:
        """The share of its runnable time it was on a core: on a loaded machine, its pages
        per second are its pages per CPU second times this."""
        runnable = self.cpu + self.run_queue_wait
        return self.cpu / runnable if runnable else 0.0

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
        samples = Samples()
        sampler = threading.Thread(
            target=_sample, args=(process.pid, start, sample_every, samples), daemon=True
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
        rss_samples=samples.rss,
        run_queue_wait=samples.run_queue_wait,
        stats={key: float(value) for key, value in _STAT.findall(text)},
        log=text,
    )


@dataclass
class Samples:
    rss: list[tuple[float, int]] = field(default_factory=list)
    run_queue_wait: float = 0.0  # at the last sample: the run ends soon after it


def _sample(pid: int, start: float, every: float, samples: Samples) -> None:
    process = Path(f"/proc/{pid}")
    while True:
        try:
            resident = int((process / "statm").read_text().split()[1]) * PAGE_SIZE
            samples.run_queue_wait = run_queue_wait(pid)
        except (OSError, IndexError, ValueError):
            return  # the process has ended
        if not resident:
            return  # a zombie, ended but not yet reaped
        samples.rss.append((time.perf_counter() - start, resident))
        time.sleep(every)


def run_queue_wait(pid: int) -> float:
    """Seconds the process's threads have waited on a run queue, ready to run (the second
    field of each one's schedstat, in ns)."""
    return sum(_waited(task) for task in Path(f"/proc/{pid}/task").iterdir())


def _waited(task: Path) -> float:
    try:
        return int((task / "schedstat").read_text().split()[1]) / 1e9
    except (OSError, IndexError, ValueError):
        return 0.0  # a thread that has ended, or a kernel without schedstats


def median(values: list[float]) -> float:
    return statistics.median(values) if values else 0.0
