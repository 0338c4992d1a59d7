"""history.db: its own file, writer thread and readers, apart from the business records in station.db.

It runs WAL with synchronous=NORMAL: a power cut may lose the last batch (at most one commit
interval), never corrupt the file. There is no integrity check at open: the file can be gigabytes.
"""

from __future__ import annotations

from pathlib import Path

import sqlite_utils

from hmi.store import Store
from hmi.store.migrator import load_migrations


def tune(db: sqlite_utils.Database) -> sqlite_utils.Database:
    """A bigger page cache: ingest appends to every tag's end of the key range at once."""
    db.conn.execute("PRAGMA cache_size = -32768")  # 32 MiB
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
