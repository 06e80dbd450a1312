"""The delivery of one run: every article the run exports is delivered exactly once, or
not at all (and then by the next run), whatever happens to the process.

What is written when:

1. Before the first request: the run takes the lock of its crawl state (one run at a
   time), opens the state, repairs what an earlier run left (below), and checks that the
   output folder, every feed, the rejects file and the state can be written. A run that
   cannot write them stops there, with one message.
2. During the run: feeds and rejects are written to ``<file>.<run id>.part`` files, each
   noted in the state (``open_parts``) before it is created. The first write that fails
   (a full disk, a vanished folder) fails the run: one message, the crawl stops, nothing
   of the run is delivered.
3. When the crawl closes: every ``.part`` is flushed and fsynced; then ONE transaction
   writes the run's batch to the state (its articles, and the moves that put each
   ``.part`` in place: a rename, or an append with the target's size before it). That
   transaction is the commit point. Then the moves are made, the folders fsynced, and
   the batch is promoted: its articles become what earlier runs delivered.

What the next run does with each leftover:

- a pending batch (the run died after its commit point): the moves are finished (a
  ``.part`` still there is renamed, or appended again after cutting the target back to
  its recorded size; a move whose ``.part`` is gone was done) and the batch promoted;
- ``.part`` files of a run that died before its commit point (``open_parts``): removed.
  The state never heard of their articles, so this run exports them again.

Without a crawl state (``NEWSCRAWLER_STATE_FILE`` empty) there is no lock and no
recovery: the moves are made when the run closes and a killed run leaves its ``.part``
files behind."""

from __future__ import annotations

import contextlib
import io
import logging
import os
import secrets
import shutil
import signal
import sqlite3
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any
from weakref import WeakKeyDictionary

from scrapy import Spider, signals
from scrapy.crawler import Crawler
from scrapy.exceptions import CloseSpider
from scrapy.extensions.feedexport import FeedExporter
from scrapy.settings import BaseSettings
from scrapy.utils.defer import _schedule_coro
from spidermon.contrib.scrapy.extensions import Spidermon

from newscrawler.delivery.lock import LockHeld, RunLock
from newscrawler.delivery.state import ArticleState, Batch, CrawlState, DamagedState, FeedMove

if TYPE_CHECKING:
    from newscrawler.distributed.state import RedisCrawlState

logger = logging.getLogger(__name__)

# The steps of the close sequence, in order, at which the test-only environment variable
# NEWSCRAWLER_TEST_KILL_AT=<step> kills the process (SIGKILL), to test recovery from each.
CLOSE_STEPS = (
    "feed_synced",  # the first feed's .part is fsynced and closed
    "outputs_synced",  # every .part (the rejects file too) is fsynced
    "batch_recorded",  # the commit point
    "first_feed_moved",
    "feeds_moved",
    "batch_promoted",
)

_RUNS: WeakKeyDictionary[Crawler, CrawlRun] = WeakKeyDictionary()


def state_path(settings: BaseSettings) -> Path | None:
    template = settings.get("NEWSCRAWLER_STATE_FILE")
    if not template:
        return None
    return Path(template % {"output_dir": settings.get("NEWSCRAWLER_OUTPUT_DIR")})


def lock_path(settings: BaseSettings) -> Path | None:
    """The state whose lock a run takes: none when workers share a crawl (over Redis)."""
    return None if settings.get("NEWSCRAWLER_REDIS_URL") else state_path(settings)


def shared_state(settings: BaseSettings) -> RedisCrawlState:
    """The crawl state in Redis, shared by the workers of one crawl (NEWSCRAWLER_REDIS_URL)."""
    from scrapy_redis.connection import get_redis_from_settings  # only in distributed mode

    from newscrawler.distributed.state import RedisCrawlState

    return RedisCrawlState(
        get_redis_from_settings(settings),
        settings.get("NEWSCRAWLER_REDIS_PREFIX"),
        Path(settings.get("NEWSCRAWLER_OUTPUT_DIR")),
    )


def new_run_id() -> str:
    """Sorts by start time; the random part keeps two runs of one second apart."""
    return f"{datetime.now(UTC):%Y-%m-%dT%H-%M-%S}-{secrets.token_hex(3)}"


def feed_uri_params(params: dict[str, Any], spider: Spider) -> dict[str, Any]:
    """FEED_URI_PARAMS: feed URIs may name ``%(run)s``, the run's id."""
    return {**params, "run": CrawlRun.from_crawler(spider.crawler).run_id}


def kill_point(step: str) -> None:
    if os.environ.get("NEWSCRAWLER_TEST_KILL_AT") == step:
        os.kill(os.getpid(), signal.SIGKILL)


class PartFile:
    """A file the run writes as ``<target>.<run id>.part`` and moves into place when the
    run commits. Write errors are caught below the exporter's buffer and fail the run
    once, instead of a traceback per item; later writes are dropped (the run delivers
    nothing anyway)."""

    def __init__(self, run: CrawlRun, target: Path, append: bool) -> None:
        self.target = target
        self.append = append
        self.part = target.with_name(f"{target.name}.{run.run_id}.part")
        self.sealed = False
        self._run = run
        self._raw: io.FileIO | None = None
        self.file = PartStream(_GuardedWriter(self))
        # Appended after what earlier runs wrote: a CSV feed writes its header once.
        self.file.continues_feed = append and target.exists() and target.stat().st_size > 0

    def create(self) -> None:
        self._raw = io.FileIO(self.part, "wb")

    def write(self, data: Any) -> int:
        if self._raw is not None and not self._run.failed:
            try:
                return self._raw.write(data)
            except OSError as error:
                self._run.fail(f"Feed {self.target} could not be written ({_cause(error)})")
        return len(data)

    def seal(self) -> None:
        """Flush, fsync and close; the run fails when any of them does."""
        if self.sealed:
            return
        self.sealed = True
        try:
            self.file.flush()
            if self._raw is not None and not self._run.failed:
                os.fsync(self._raw.fileno())
        except OSError as error:
            self._run.fail(f"Feed {self.target} could not be written ({_cause(error)})")
        finally:
            if self._raw is not None:
                self._raw.close()
                self._raw = None

    def move(self) -> FeedMove:
        if self.append and self.target.exists():
            return FeedMove(str(self.part), str(self.target), True, self.target.stat().st_size)
        return FeedMove(str(self.part), str(self.target), False, 0)


class PartStream(io.BufferedWriter):
    """What a feed's exporter writes to; ``continues_feed`` says the run appends to a feed
    that earlier runs wrote."""

    continues_feed = False


class _GuardedWriter(io.RawIOBase):
    def __init__(self, part: PartFile) -> None:
        self._part = part

    def writable(self) -> bool:
        return True

    def write(self, data: Any) -> int:
        return self._part.write(data)


class CrawlRun:
    """The extension that carries a run's delivery; feed storages, the rejects feed and
    the incremental stage reach the same instance with ``CrawlRun.from_crawler``."""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self.run_id = new_run_id()
        self.started = datetime.now(UTC).replace(microsecond=0)
        self.state_path = state_path(crawler.settings)
        # The state also keeps the write-ahead record (the journal) of the delivery: in
        # SQLite, or in Redis for a crawl shared by workers.
        self.state: CrawlState | RedisCrawlState | None = None
        self._journal: CrawlState | RedisCrawlState | None = None
        self.failed = False
        self._lock: RunLock | None = None
        self._refusal: tuple[str, str] | None = None  # (finish reason, message)
        self._expected: list[Path] = []
        self._parts: list[PartFile] = []
        # Exported articles not yet staged in the state: at most NEWSCRAWLER_STAGE_EVERY,
        # so that a long crawl's memory does not grow with its exports.
        self._articles: dict[str, ArticleState] = {}
        self._stage_every = crawler.settings.getint("NEWSCRAWLER_STAGE_EVERY")
        self._closing = False
        if self.state_path is not None and crawler.settings.get("NEWSCRAWLER_REDIS_URL"):
            # Workers share it: no lock; a batch is finished by a run on its machine.
            self.state = self._journal = shared_state(crawler.settings)
            # An unreachable Redis stops the crawl at spider_opened with one message.
            with contextlib.suppress(*self._journal.errors):
                self._recover(self._journal)
        elif self.state_path is not None:
            self._open_state(self.state_path, crawler.settings.getfloat("NEWSCRAWLER_LOCK_WAIT"))
        crawler.signals.connect(self.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(self.spider_closed, signal=signals.spider_closed)
        crawler.signals.connect(self.finish, signal=signals.feed_exporter_closed)
        crawler.signals.connect(self.engine_stopped, signal=signals.engine_stopped)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> CrawlRun:
        if crawler not in _RUNS:
            _RUNS[crawler] = cls(crawler)
        return _RUNS[crawler]

    # -- before the first request ------------------------------------------------------------

    def _open_state(self, path: Path, wait: float) -> None:
        try:
            self._lock = RunLock.acquire(path, wait)
            self.state = self._journal = CrawlState(path)
        except LockHeld as error:
            self._refusal = ("lock_held", str(error))
        except DamagedState as error:
            self._refusal = ("state_damaged", str(error))
        except (OSError, sqlite3.Error) as error:
            self._refusal = (
                "output_unwritable",
                f"The crawl state {path} cannot be written ({_cause(error)}). Fix the path or "
                f"its permissions (NEWSCRAWLER_STATE_FILE), then run again.",
            )
        else:
            try:
                self._recover(self._journal)
            except (OSError, sqlite3.Error) as error:
                self._refusal = (
                    "output_unwritable",
                    f"The last run's delivery could not be finished ({_cause(error)}); the "
                    f"crawl state {path} keeps it for the next run. Fix the cause, then run "
                    f"again.",
                )

    def _recover(self, state: CrawlState | RedisCrawlState) -> None:
        if batch := state.pending():
            for move in batch.moves:
                apply_move(move)
            sync_folders(Path(move.target) for move in batch.moves)
            state.promote(batch.run_id)
            logger.warning(
                "Run %s ended after its commit point: its %d article(s) are now delivered in %s",
                batch.run_id,
                len(batch.articles),
                ", ".join(move.target for move in batch.moves) or "no feed",
            )
        parts = state.open_parts()
        for part in parts:
            Path(part).unlink(missing_ok=True)
        state.forget_parts()  # and the articles such a run staged
        if parts:
            logger.warning(
                "Removed %d unfinished file(s) of a run that ended before delivering "
                "(%s); this run exports its articles again",
                len(parts),
                ", ".join(parts),
            )

    def expect_output(self, path: Path) -> None:
        """A file the run may write, checked before the first request."""
        self._expected.append(path)

    def spider_opened(self) -> None:
        if self._refusal is None:
            self._check_outputs()
        if self._refusal is not None:
            reason, message = self._refusal
            self._report_failure(message)
            self._skip_close_monitors()
            raise CloseSpider(reason)

    def _skip_close_monitors(self) -> None:
        """A run that fetched nothing has nothing to monitor: its one message says why."""
        for extension in self.crawler.extensions.middlewares:
            if isinstance(extension, Spidermon):
                self.crawler.signals.disconnect(extension.spider_closed, signals.spider_closed)

    def _check_outputs(self) -> None:
        # The output folder is checked through the files in it: feeds, rejects, state.
        outputs = [(path, True) for path in self._expected]
        exporter = next(
            (e for e in self.crawler.extensions.middlewares if isinstance(e, FeedExporter)), None
        )
        for slot in exporter.slots if exporter else []:
            if getattr(slot.storage, "delivered_by_run", False):
                outputs.append((Path(slot.storage.path), slot.storage.write_mode == "ab"))
        for path, append in outputs:
            try:
                probe_writable(path, self.run_id, append)
            except OSError as error:
                self._refusal = (
                    "output_unwritable",
                    f"{path} cannot be written ({_cause(error)}); nothing was fetched. Fix the "
                    f"path or its permissions (NEWSCRAWLER_OUTPUT_DIR, FEEDS/-o/-O, "
                    f"NEWSCRAWLER_REJECTS_FILE), then run again.",
                )
                return

    # -- during the run -------------------------------------------------------------------

    def open_part(self, target: Path, append: bool) -> PartFile:
        part = PartFile(self, target, append)
        self._parts.append(part)
        if self.failed or self._refusal is not None:
            return part  # writes nowhere: this run delivers nothing
        try:
            if self._journal is not None:
                self._journal.note_part(self.run_id, str(part.part))
            target.parent.mkdir(parents=True, exist_ok=True)
            part.create()
        except (OSError, sqlite3.Error) as error:
            self.fail(f"Feed {target} could not be created ({_cause(error)})")
        return part

    def remember(self, article: ArticleState) -> None:
        """An article a feed now holds: remembered in the state when the run commits."""
        if self.failed:
            return  # nothing of the run is delivered
        self._articles[article.url] = article
        if len(self._articles) < self._stage_every or self._journal is None:
            return
        try:
            self._journal.stage(self.run_id, list(self._articles.values()))
        except self._journal.errors as error:
            self.fail(f"The crawl state {self.state_path} could not be written ({error})")
        self._articles.clear()

    @property
    def _state_errors(self) -> tuple[type[Exception], ...]:
        return self._journal.errors if self._journal is not None else ()

    def fail(self, what: str) -> None:
        """The run delivers nothing: one message, and the crawl stops."""
        if self.failed:
            return
        self.failed = True
        self._report_failure(
            f"{what}. The crawl stops; nothing of this run is delivered and the crawl state "
            f"is not advanced, so the next run exports these articles again."
        )
        # Scrapy's documented way to reach the engine from code that may run before it exists.
        engine = self.crawler._engine
        if not self._closing and engine is not None and engine.spider is not None:
            self._closing = True
            _schedule_coro(engine.close_spider_async(reason="delivery_failed"))

    def _report_failure(self, message: str) -> None:
        logger.error(message)
        self.crawler.stats.set_value("newscrawler/delivery/failed", 1)

    # -- when the crawl closes ------------------------------------------------------------

    def spider_closed(self) -> None:
        self._closing = True
        if not any(isinstance(e, FeedExporter) for e in self.crawler.extensions.middlewares):
            self.finish()  # no feed exporter, no feed_exporter_closed signal

    def finish(self) -> None:
        """Sent once every feed is stored (their .part files sealed)."""
        if self._refusal is not None:
            return
        self._closing = True
        for part in self._parts:
            part.seal()
        kill_point("outputs_synced")
        failed_storages = sum(
            count
            for key, count in self.crawler.stats.get_stats().items()
            if key.startswith("feedexport/failed_count/")
        )
        if failed_storages and not self.failed:
            self.fail(f"{failed_storages} feed(s) could not be stored (see the error above)")
        if self.failed:
            self._discard()
        else:
            self._commit()

    def _commit(self) -> None:
        moves = [part.move() for part in self._parts if part.sealed and part.part.exists()]
        batch = Batch(self.run_id, list(self._articles.values()), moves)
        remembered = len(batch.articles)
        try:
            if self._journal is not None:
                remembered = self._journal.record(batch)
        except self._state_errors as error:
            self.fail(f"The crawl state {self.state_path} could not be written ({error})")
            self._discard()
            return
        kill_point("batch_recorded")
        try:
            for number, move in enumerate(moves):
                apply_move(move)
                if number == 0:
                    kill_point("first_feed_moved")
            sync_folders(Path(move.target) for move in moves)
            kill_point("feeds_moved")
            if self._journal is not None:
                self._journal.promote(self.run_id)
        except (OSError, *self._state_errors) as error:
            self.failed = True
            self._report_failure(
                f"This run's feeds could not all be put in place ({_cause(error)}). The crawl "
                f"state holds the run's batch: the next run finishes the delivery, once the "
                f"cause is fixed."
            )
            return
        kill_point("batch_promoted")
        self.crawler.stats.set_value("newscrawler/state/remembered", remembered)

    def _discard(self) -> None:
        for part in self._parts:
            part.part.unlink(missing_ok=True)
        if self._journal is not None:
            # Else the next run removes them: they are still noted as open.
            with contextlib.suppress(sqlite3.Error):
                self._journal.forget_parts()
        logger.info("Nothing of run %s was delivered", self.run_id)

    def engine_stopped(self) -> None:
        if self.state is not None:
            self.state.close()
        if self._lock is not None:
            self._lock.release()


def probe_writable(path: Path, run_id: str, append: bool) -> None:
    """Raises the OSError a write to ``path`` would meet, leaving nothing behind: no file,
    no folder (the nearest folder that exists gets a probe file, removed at once)."""
    if path.is_dir():
        raise IsADirectoryError(21, "it is a folder", str(path))
    if append and path.exists():
        path.open("ab").close()
    folder = next(parent for parent in path.absolute().parents if parent.exists())
    if not folder.is_dir():
        raise NotADirectoryError(20, f"{folder} is a file, not a folder", str(folder))
    probe = folder / f".{path.name}.{run_id}.probe"
    probe.open("wb").close()
    probe.unlink()


def apply_move(move: FeedMove) -> None:
    """Idempotent: a move whose .part is gone was done."""
    part, target = Path(move.part), Path(move.target)
    if not part.exists():
        return
    if not move.append:
        os.replace(part, target)
        return
    target.touch()
    with target.open("r+b") as feed, part.open("rb") as source:
        # What an append cut short had written goes first.
        feed.truncate(min(move.target_size, feed.seek(0, os.SEEK_END)))
        feed.seek(0, os.SEEK_END)
        shutil.copyfileobj(source, feed)
        feed.flush()
        os.fsync(feed.fileno())
    part.unlink()


def sync_folders(targets: Any) -> None:
    """Renames are durable once their folder is fsynced."""
    for folder in {target.parent for target in targets}:
        descriptor = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(descriptor)
        finally:
            os.close(descriptor)


def _cause(error: Exception) -> str:
    if isinstance(error, OSError) and error.strerror:
        return error.strerror
    return str(error)
