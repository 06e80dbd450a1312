"""One run at a time per crawl state: an OS file lock (``flock``) on ``<state file>.lock``,
taken before the first request and held until the process ends.

The kernel drops the lock when the process dies, however it dies (SIGKILL included), so
a dead run never blocks the next one. The file also holds who took the lock (pid, host,
start time) for the message of a run that finds it held. ``flock`` locks are
local: on NFS they hold between processes of one machine only."""

from __future__ import annotations

import fcntl
import os
import socket
import time
from pathlib import Path
from typing import IO

# A process takes each lock once: `scrapy crawl` takes it before the crawler starts, and
# the crawl's own delivery run, in the same process, finds it held by itself.
_HELD: dict[Path, RunLock] = {}


class LockHeld(Exception):
    """Another run holds the lock; the message says which."""


class RunLock:
    def __init__(self, path: Path, file: IO[str]) -> None:
        self.path = path
        self._file = file

    @classmethod
    def acquire(cls, state_path: Path, wait: float = 0.0) -> RunLock:
        """Take the lock of the state, waiting at most ``wait`` seconds; LockHeld when
        another run still holds it then."""
        path = state_path.with_name(f"{state_path.name}.lock").resolve()
        if held := _HELD.get(path):
            return held
        path.parent.mkdir(parents=True, exist_ok=True)
        file = path.open("a+", encoding="utf-8")
        deadline = time.monotonic() + wait
        while True:
            try:
                fcntl.flock(file.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    file.seek(0)
                    holder = file.read().strip() or "a run that has not yet written its name"
                    file.close()
                    raise LockHeld(
                        f"The crawl state {state_path} is in use by another run ({holder}); "
                        f"this run did nothing. Wait for that run to end, or give "
                        f"-s NEWSCRAWLER_LOCK_WAIT=<seconds> to wait for it."
                    ) from None
                time.sleep(min(0.2, max(0.0, deadline - time.monotonic())))
        file.seek(0)
        file.truncate()
        started = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())
        file.write(f"pid {os.getpid()} on {socket.gethostname()}, since {started}")
        file.flush()
        lock = cls(path, file)
        _HELD[path] = lock
        return lock

    def release(self) -> None:
        if _HELD.get(self.path) is self:
            del _HELD[self.path]
            self._file.close()  # closing the descriptor releases the flock
