"""One thread owns the write connection, so the UI loop never waits on SQLite.

Callers hand it a function; the function runs inside one transaction on the writer thread, and
its result (or exception) comes back through a future. When ``await store.write(...)`` returns,
the transaction has committed with the connection's durability (FULL for station.db).
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import logging
import queue
import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

import sqlite_utils

T = TypeVar("T")
log = logging.getLogger(__name__)

WriteFn = Callable[[sqlite_utils.Database], T]


@dataclass(slots=True)
class _Job:
    fn: Callable[[sqlite_utils.Database], Any]
    future: concurrent.futures.Future[Any]


class WriterThread:
    def __init__(self, *, db: sqlite_utils.Database, name: str) -> None:
        self._db = db
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
                except BaseException as exc:  # handed to the caller, who decides
                    job.future.set_exception(exc)
                else:
                    job.future.set_result(result)
        finally:
            self._db.close()
