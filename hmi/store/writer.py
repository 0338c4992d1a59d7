"""One thread owns the write connection, so the UI loop never waits on SQLite.

Callers hand it a function; the function runs inside one transaction on the writer thread, and
its result (or exception) comes back through a future. When ``await store.write(...)`` returns,
the transaction has committed with the connection's durability (FULL for station.db).

A job that fails fails alone: its transaction is rolled back, its caller gets the exception, and the
thread goes on with the next job. A failure of the store itself (a full disk, text SQLite cannot
encode, a number too large for it) is also logged and handed to ``on_failure``, so the station can
show it; the next job that commits clears it.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import logging
import queue
import sqlite3
import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

import sqlite_utils

from hmi.refusal import Refusal

T = TypeVar("T")
log = logging.getLogger(__name__)

WriteFn = Callable[[sqlite_utils.Database], T]
FailureFn = Callable[[BaseException | None], None]

DISK_FULL = "the station's disk is full: records are not being saved; call maintenance"


# What the store itself could not take (as opposed to a job that refused its input): shown to the operator.
_STORAGE_FAILURES = (sqlite3.Error, UnicodeError, OverflowError, MemoryError)


def describe_failure(exc: BaseException) -> str:
    """A write failure in words for the operator; the full disk gets the sentence maintenance acts on."""
    if isinstance(exc, sqlite3.OperationalError) and "full" in str(exc).lower():
        return DISK_FULL
    return f"a record could not be saved ({type(exc).__name__}: {exc})"


@dataclass(slots=True)
class _Job:
    fn: Callable[[sqlite_utils.Database], Any]
    future: concurrent.futures.Future[Any]


class WriterThread:
    def __init__(self, *, db: sqlite_utils.Database, name: str, on_failure: FailureFn | None = None) -> None:
        self._db = db
        self._on_failure = on_failure
        self._failing = False
        self._queue: queue.SimpleQueue[_Job | None] = queue.SimpleQueue()
        self._thread = threading.Thread(target=self._run, name=name, daemon=True)
        self._closed = False

    def start(self) -> None:
        self._thread.start()

    def submit(self, fn: WriteFn[T]) -> concurrent.futures.Future[T]:
        if self._closed:
            raise RuntimeError("the store is closed")
        future: concurrent.futures.Future[T] = concurrent.futures.Future()
        self._queue.put(_Job(fn, future))
        return future

    async def run(self, fn: WriteFn[T]) -> T:
        return await asyncio.wrap_future(self.submit(fn))

    def run_blocking(self, fn: WriteFn[T]) -> T:
        """For command-line tools and worker threads; never call this on the event loop."""
        return self.submit(fn).result()

    def close(self) -> None:
        """Finish every queued write, then stop the thread and close the connection."""
        if self._closed:
            return
        self._closed = True
        self._queue.put(None)
        self._thread.join()

    def _run(self) -> None:
        try:
            while (job := self._queue.get()) is not None:
                if not job.future.set_running_or_notify_cancel():
                    continue
                try:
                    with self._db.atomic():
                        result = job.fn(self._db)
                except BaseException as exc:  # handed to the caller, who decides; the next job still runs
                    if isinstance(exc, _STORAGE_FAILURES):
                        log.error("a write job failed: %s", describe_failure(exc), exc_info=exc)
                        self._tell(exc)
                    elif not isinstance(exc, Refusal):
                        log.warning("a write job was refused: %s: %s", type(exc).__name__, exc)
                    job.future.set_exception(exc)
                else:
                    if self._failing:
                        self._tell(None)
                    job.future.set_result(result)
        finally:
            self._db.close()

    def _tell(self, exc: BaseException | None) -> None:
        self._failing = exc is not None
        if self._on_failure is None:
            return
        try:
            self._on_failure(exc)
        except Exception:  # the writer outlives a broken listener
            log.exception("the write failure listener failed")
