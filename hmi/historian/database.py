"""history.db: its own file, writer thread and readers, apart from the business records in station.db.

It runs WAL with synchronous=NORMAL: a power cut may lose the last batch (at most one commit
interval), never corrupt the file. There is no integrity check at open: the file can be gigabytes.
"""

from __future__ import annotations

from pathlib import Path

import sqlite_utils

from hmi.store import Store
from hmi.store.migrator import load_migrations

WRITER_CACHE_KIB = 32_768
READER_CACHE_KIB = 2_048


def tune(db: sqlite_utils.Database) -> sqlite_utils.Database:
    """A bigger page cache for the writer: ingest appends to every tag's end of the key range at once."""
    db.conn.execute(f"PRAGMA cache_size = -{WRITER_CACHE_KIB}")
    return db


class HistoryDatabase(Store):
    def __init__(self, *, path: Path) -> None:
        super().__init__(path=path, synchronous="NORMAL", migrations=load_migrations("hmi.historian.migrations"),
                         check_on_open=False)

    def open(self) -> HistoryDatabase:
        super().open()
        return self

    def _connect(self) -> sqlite_utils.Database:
        return tune(super()._connect())

    def _connect_reader(self) -> sqlite_utils.Database:
        """A reader keeps a small cache: trend queries read a few packed blocks, the OS caches the
        file, and each of the pool's readers filled a writer-sized cache for good (the soak's growth)."""
        db = super()._connect()
        db.conn.execute(f"PRAGMA cache_size = -{READER_CACHE_KIB}")
        return db
