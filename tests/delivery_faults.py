"""The delivery guarantee under operating faults: each scenario runs real `scrapy crawl`
processes on one crawl state against a generated Yonhap-like site on loopback, with a
fault, then a normal run; the outcome counts, by URL, how often each of the site's
articles reached a feed.

`python -m tests.delivery_faults` runs every scenario and prints the table of the closing
note of issue 8; tests/test_delivery_faults.py asserts each row."""

from __future__ import annotations

import resource
import signal
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from newscrawler.delivery.run import CLOSE_STEPS
from tests.crawling import read_jsonl, scrapy_command
from tests.yonhap_site import Article, SiteServer, YonhapSite, article_id, base_time

ARTICLES = 12
PARAGRAPH = "The ministry said the figures would be revised next month. " * 5
EX_TEMPFAIL = 75


def site_articles(count: int = ARTICLES) -> list[Article]:
    articles = [
        Article(
            content_id=article_id(19, serial),
            headline=f"Story {serial} of April 19",
            published=base_time(19, hour=8 + serial % 12),
            paragraphs=[f"SEOUL, April 19 (Yonhap) -- Story {serial}.", *[PARAGRAPH] * 16],
        )
        for serial in range(1, count + 1)
    ]
    # A page with no body text: a reject, so that every run writes the rejects feed too.
    empty = Article(article_id(19, 900), "A photo page", base_time(19, hour=7), [])
    return [*articles, empty]


@dataclass
class Run:
    label: str
    returncode: int
    log: str


@dataclass
class Lab:
    """A site, its server, and an output folder that every run of a scenario shares."""

    root: Path
    site: YonhapSite
    server: SiteServer
    runs: list[Run] = field(default_factory=list)
    output_dir: Path = field(init=False)

    def __post_init__(self) -> None:
        self.output_dir = self.root / "output"

    @property
    def state(self) -> Path:
        return self.output_dir / "state.sqlite"

    def args(self, settings: dict[str, str], extra: list[str]) -> list[str]:
        args = ["crawl", "yonhap"]
        all_settings = {
            "NEWSCRAWLER_OUTPUT_DIR": str(self.output_dir),
            "LOG_LEVEL": "INFO",
            # Exports staged in the state before the commit point: under every fault too.
            "NEWSCRAWLER_STAGE_EVERY": "5",
            **self.server.settings(),
            **settings,
        }
        for name, value in all_settings.items():
            args += ["-s", f"{name}={value}"]
        return args + extra

    def start(
        self,
        settings: dict[str, str] | None = None,
        extra: list[str] | None = None,
        env: dict[str, str] | None = None,
        preexec_fn: Callable[[], None] | None = None,
    ) -> subprocess.Popen:
        command, base_env = scrapy_command(self.args(settings or {}, extra or []))
        return subprocess.Popen(
            command,
            cwd=self.root,
            env={**base_env, **(env or {})},
            stderr=subprocess.PIPE,
            text=True,
            preexec_fn=preexec_fn,
        )

    def finish(self, label: str, process: subprocess.Popen) -> Run:
        log = process.communicate(timeout=120)[1]
        run = Run(label, process.returncode, log)
        self.runs.append(run)
        return run

    def run(self, label: str, **kwargs) -> Run:
        return self.finish(label, self.start(**kwargs))

    def scrapy(self, label: str, args: list[str]) -> Run:
        command, env = scrapy_command(args)
        done = subprocess.run(command, cwd=self.root, env=env, capture_output=True, text=True)
        run = Run(label, done.returncode, done.stdout + done.stderr)
        self.runs.append(run)
        return run

    def wait_for_articles(self, count: int, timeout: float = 60) -> None:
        deadline = time.monotonic() + timeout
        while sum(p.startswith("/view/") for p in self.site.requested) < count:
            assert time.monotonic() < deadline, "the crawl fetched too few articles in time"
            time.sleep(0.02)

    def slow(self, delay: float = 0.1) -> dict[str, str]:
        """One request at a time, articles answered slowly: a run lasts a few seconds."""
        self.site.article_delay = delay
        return {"CONCURRENT_REQUESTS": "1"}

    def feeds(self) -> list[Path]:
        folder = self.output_dir / "yonhap"
        return sorted(f for f in folder.glob("*.jsonl") if not f.name.endswith(".rejects.jsonl"))

    def leftovers(self) -> list[Path]:
        return sorted(self.output_dir.rglob("*.part"))


@dataclass
class Outcome:
    fault: str
    runs: list[Run]
    articles: int
    delivered: Counter[str]
    leftovers: list[Path]

    @property
    def once(self) -> int:
        return sum(count == 1 for count in self.delivered.values())

    @property
    def lost(self) -> int:
        return self.articles - len(self.delivered)

    @property
    def twice(self) -> int:
        return sum(count > 1 for count in self.delivered.values())

    @property
    def exit_statuses(self) -> list[int]:
        return [run.returncode for run in self.runs]

    def crashes(self) -> list[str]:
        """Tracebacks in the logs: those would be crashes (a failed monitor is reported
        without one)."""
        return [f"{run.label}:\n{run.log}" for run in self.runs if "Traceback" in run.log]


# -- the scenarios: each runs the fault, then what an operator does next -------------------


def overlapping_together(lab: Lab) -> None:
    settings = lab.slow()
    first, second = lab.start(settings), lab.start(settings)
    lab.finish("run A", first)
    lab.finish("run B, started together", second)
    lab.site.article_delay = 0
    lab.run("normal run")


def overlapping_staggered(lab: Lab) -> None:
    first = lab.start(lab.slow(0.5))  # still running when B has started up
    lab.wait_for_articles(2)
    lab.run("run B, started while A runs")
    lab.finish("run A", first)
    lab.site.article_delay = 0
    lab.run("normal run")


def unwritable_feed(lab: Lab) -> None:
    folder = lab.root / "feed.jsonl"
    folder.mkdir()  # a feed path that is a folder: no one can write it as a file
    lab.run("fault run", extra=["-o", str(folder)])
    lab.run("normal run")


def unwritable_output_folder(lab: Lab) -> None:
    # Root ignores permission bits: a folder under a regular file cannot be made, by anyone.
    blocker = lab.root / "srv"
    blocker.write_text("a file where the output folder's parent should be")
    lab.output_dir = blocker / "output"
    lab.run("fault run")
    blocker.unlink()
    lab.run("normal run")


def unwritable_rejects(lab: Lab) -> None:
    blocker = lab.root / "rejects"
    blocker.write_text("a file where the rejects folder should be")
    lab.run("fault run", settings={"NEWSCRAWLER_REJECTS_FILE": str(blocker / "r.jsonl")})
    lab.run("normal run")


def full_disk(lab: Lab) -> None:
    # The state (about 40 KB) fits; the feed (about 5 KB an article) does not.
    limit = 48 * 1024

    def limit_file_size() -> None:
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    lab.run("fault run", preexec_fn=limit_file_size)
    lab.run("normal run")


def damaged_state(lab: Lab, damage: Callable[[Path], None]) -> None:
    every = lab.site.articles
    lab.site.articles = every[: len(every) // 2]
    lab.run("first run, half the site")
    damage(lab.state)
    lab.site.articles = every
    lab.run("fault run")
    lab.scrapy("state check", ["state", "check", "--state", str(lab.state)])
    feeds = [str(feed) for feed in lab.feeds()]
    lab.scrapy("state rebuild", ["state", "rebuild", "--state", str(lab.state), *feeds])
    lab.run("normal run")


def overwrite_header(path: Path) -> None:
    with path.open("r+b") as file:
        file.write(b"\0" * 100)


def truncate_to_half(path: Path) -> None:
    with path.open("r+b") as file:
        file.truncate(path.stat().st_size // 2)


def stopped_by(signal_number: int) -> Callable[[Lab], None]:
    def scenario(lab: Lab) -> None:
        process = lab.start(lab.slow())
        lab.wait_for_articles(5)
        process.send_signal(signal_number)
        lab.finish("fault run", process)
        lab.site.article_delay = 0
        lab.run("normal run")

    return scenario


def killed_mid_crawl(lab: Lab) -> None:
    process = lab.start(lab.slow())
    lab.wait_for_articles(5)
    process.kill()
    lab.finish("fault run", process)
    lab.site.article_delay = 0
    lab.run("normal run")


def killed_at(step: str) -> Callable[[Lab], None]:
    def scenario(lab: Lab) -> None:
        lab.run("fault run", env={"NEWSCRAWLER_TEST_KILL_AT": step})
        lab.run("normal run")

    return scenario


def killed_while_appending(lab: Lab) -> None:
    """Every run appends to one feed (-o); the kill comes after the commit point, before
    the append: the next run makes it, from the feed's recorded size."""
    feed = ["-o", str(lab.output_dir / "yonhap" / "all.jsonl")]
    every = lab.site.articles
    lab.site.articles = every[: len(every) // 2]
    lab.run("first run, half the site", extra=feed)
    lab.site.articles = every
    lab.run("fault run", extra=feed, env={"NEWSCRAWLER_TEST_KILL_AT": "batch_recorded"})
    lab.run("normal run", extra=feed)


@dataclass(frozen=True)
class Scenario:
    fault: str
    play: Callable[[Lab], None]
    # The exit status of every run, as documented in the README (-9: killed by SIGKILL).
    statuses: tuple[int, ...] | set[tuple[int, ...]]


SCENARIOS = [
    Scenario(
        "two runs started together",
        overlapping_together,
        {(0, EX_TEMPFAIL, 0), (EX_TEMPFAIL, 0, 0)},
    ),
    Scenario("a run started while another runs", overlapping_staggered, (EX_TEMPFAIL, 0, 0)),
    Scenario("unwritable feed path", unwritable_feed, (1, 0)),
    Scenario("output folder cannot be made", unwritable_output_folder, (1, 0)),
    Scenario("unwritable rejects file", unwritable_rejects, (1, 0)),
    Scenario("full disk (RLIMIT_FSIZE)", full_disk, (1, 0)),
    Scenario(
        "damaged state",
        lambda lab: damaged_state(lab, overwrite_header),
        (0, 1, 1, 0, 0),
    ),
    Scenario(
        "truncated state",
        lambda lab: damaged_state(lab, truncate_to_half),
        (0, 1, 1, 0, 0),
    ),
    # A run stopped by a signal delivers what it has; its monitors fail (finish reason).
    Scenario("SIGTERM mid-crawl", stopped_by(signal.SIGTERM), (1, 0)),
    Scenario("SIGINT mid-crawl", stopped_by(signal.SIGINT), (1, 0)),
    Scenario("SIGKILL mid-crawl", killed_mid_crawl, (-9, 0)),
    *(Scenario(f"SIGKILL at close step {step}", killed_at(step), (-9, 0)) for step in CLOSE_STEPS),
    Scenario("SIGKILL after the commit point, -o appending", killed_while_appending, (0, -9, 0)),
]


def play(scenario: Scenario, root: Path) -> Outcome:
    site = YonhapSite(site_articles())
    server = SiteServer(site)
    try:
        lab = Lab(root, site, server)
        scenario.play(lab)
        delivered = Counter(r["url"] for feed in lab.feeds() for r in read_jsonl(feed))
        articles = {a.url for a in site.articles if a.paragraphs}
        assert set(delivered) <= articles, "a feed holds a page that is no article of the site"
        return Outcome(scenario.fault, lab.runs, len(articles), delivered, lab.leftovers())
    finally:
        server.close()


def table(outcomes: list[Outcome]) -> str:
    lines = [
        "| fault | runs | articles | delivered once | lost | twice | exit statuses |",
        "|---|---|---|---|---|---|---|",
    ]
    for o in outcomes:
        statuses = ", ".join(str(status) for status in o.exit_statuses)
        lines.append(
            f"| {o.fault} | {len(o.runs)} | {o.articles} | {o.once} | {o.lost} | {o.twice} "
            f"| {statuses} |"
        )
    return "\n".join(lines)


def main() -> None:
    outcomes = []
    with tempfile.TemporaryDirectory() as folder:
        for number, scenario in enumerate(SCENARIOS):
            root = Path(folder) / str(number)
            root.mkdir()
            outcomes.append(play(scenario, root))
            print(f"{scenario.fault}: done", file=sys.stderr)
    print(table(outcomes))


if __name__ == "__main__":
    main()
