"""history.db's memory stays bounded however much of the file is read: each reader of the pool keeps
a small page cache (a soak grew by every reader filling a writer-sized 32 MiB cache, issue 17 §7)."""

from __future__ import annotations

import _sqlite3
import ctypes
import threading
from pathlib import Path

import numpy as np
import pytest
import sqlite_utils

from hmi.historian.database import READER_CACHE_KIB, HistoryDatabase
from hmi.historian.ingest import Batch, Ingestor

READERS = 4
MIB = 1024 * 1024


def _sqlite_heap() -> ctypes._CFuncPtr:
    """sqlite3_memory_used() of the SQLite library the sqlite3 module runs on (process-wide)."""
    try:
        used = ctypes.CDLL(_sqlite3.__file__).sqlite3_memory_used
    except AttributeError:   # never skipped: a station's Python links SQLite so, and the bound must be checked
        pytest.fail("the sqlite3 module does not expose sqlite3_memory_used: the memory bound cannot be checked")
    used.restype = ctypes.c_int64
    return used


def _fill(db: HistoryDatabase) -> None:
    """About 400,000 samples: a file many times the size of a reader's cache."""
    def write(sdb: sqlite_utils.Database) -> None:
        conn = sdb.conn
        conn.executemany("INSERT INTO tag (id, name) VALUES (?, ?)", [(t, f"t{t}") for t in range(1, 9)])
        ts = np.arange(50_000, dtype=np.int64) * 1000
        tag = np.repeat(np.arange(1, 9, dtype=np.int64), ts.size)
        times = np.tile(ts, 8)
        Ingestor().ingest(conn, Batch(tag, times, np.sin(times / 1e5), np.zeros(tag.size, dtype=np.int64)))

    db.write_blocking(write)


def test_reading_the_whole_file_through_every_reader_keeps_sqlite_memory_bounded(tmp_path: Path) -> None:
    used = _sqlite_heap()
    db = HistoryDatabase(path=tmp_path / "history.db").open()
    try:
        _fill(db)
        size = sum(p.stat().st_size for p in tmp_path.glob("history.db*"))
        assert size > READERS * 4 * READER_CACHE_KIB * 1024    # bigger than the readers' caches by far
        before = used()
        barrier = threading.Barrier(READERS)

        def scan(sdb: sqlite_utils.Database) -> None:
            barrier.wait()     # all at once: the pool opens a reader for each
            sdb.conn.execute("SELECT count(*), sum(value) FROM sample").fetchone()    # every page of the file's bulk
            sdb.conn.execute("SELECT count(*), sum(lo) FROM rollup").fetchone()

        threads = [threading.Thread(target=db.read_blocking, args=(scan,)) for _ in range(READERS)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert len(db._all_readers) == READERS
        grown = used() - before
    finally:
        db.close()
    # Each reader holds at most its cache (and a little besides), not a share of the file.
    assert grown <= READERS * (READER_CACHE_KIB * 1024 + MIB), f"{grown / MIB:.1f} MiB for {READERS} readers"
