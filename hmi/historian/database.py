"""history.db: its own file, writer thread and readers, apart from the business records in station.db.

It runs WAL with synchronous=NORMAL: a power cut may lose the last batch (at most one commit
interval), never corrupt the file. There is no integrity check at open: the file can be gigabytes.
"""

from __future__ import annotations

import asyncio
import queue
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

import sqlite_utils

from hmi.store.database import connect
from hmi.store.migrator import load_migrations, migrate
from hmi.store.writer import WriteFn, WriterThread

T = TypeVar("T")


def tune(db: sqlite_utils.Database) -> sqlite_utils.Database:
    """A bigger page cache: ingest appends to every tag's end of the key range at once."""
    db.conn.execute("PRAGMA cache_size = -32768")  # 32 MiB
    return db


class HistoryDatabase:
    def __init__(self, *, path: Path, readers: int = 2) -> None:
        self.path = path
        self._reader_limit = readers
        self._readers: queue.SimpleQueue[sqlite_utils.Database] = queue.SimpleQueue()
        self._all_readers: list[sqlite_utils.Database] = []
        self._writer: WriterThread | None = None

    def open(self) -> HistoryDatabase:
        db = tune(connect(self.path, synchronous="NORMAL"))
        try:
            migrate(db, self.path, load_migrations("hmi.historian.migrations"))
        except BaseException:
            db.close()
            raise
        self._writer = WriterThread(db=db, name=f"history-writer:{self.path.name}")
        self._writer.start()
        return self

    def close(self) -> None:
        if self._writer is not None:
            self._writer.close()
            self._writer = None
        while not self._readers.empty():
            self._readers.get_nowait()
        for db in self._all_readers:
            db.close()
        self._all_readers.clear()

    @property
    def is_open(self) -> bool:
        return self._writer is not None

    async def write(self, fn: WriteFn[T]) -> T:
        return await self._require_writer().run(fn)

    def write_blocking(self, fn: WriteFn[T]) -> T:
        return self._require_writer().run_blocking(fn)

    async def read(self, fn: Callable[[sqlite_utils.Database], T]) -> T:
        return await asyncio.to_thread(self.read_blocking, fn)

    def read_blocking(self, fn: Callable[[sqlite_utils.Database], T]) -> T:
        try:
            db = self._readers.get_nowait()
        except queue.Empty:
            db = tune(connect(self.path, synchronous="NORMAL"))
            self._all_readers.append(db)
        try:
            return fn(db)
        finally:
            if db.conn.in_transaction:
                db.conn.rollback()
            self._readers.put(db)

    def _require_writer(self) -> WriterThread:
        if self._writer is None:
            raise RuntimeError("history.db is not open")
        return self._writer
