"""Opening a SQLite file the way the station needs it, with clear messages when it cannot."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Literal

import sqlite_utils

Synchronous = Literal["FULL", "NORMAL"]


class StoreError(Exception):
    """The store cannot be used as it is. The message says what to do; the file was left untouched."""


def connect(path: Path, *, synchronous: Synchronous = "FULL", readonly: bool = False) -> sqlite_utils.Database:
    """A connection with WAL, the given durability, foreign keys on and a busy timeout."""
    if readonly:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True, check_same_thread=False, timeout=30)
    else:
        path.parent.mkdir(parents=True, exist_ok=True)
        conn = sqlite3.connect(str(path), check_same_thread=False, timeout=30)
    try:
        db = sqlite_utils.Database(conn)
        if not readonly:
            mode = conn.execute("PRAGMA journal_mode=WAL").fetchone()[0]
            if str(mode).lower() != "wal":
                raise StoreError(f"{path}: could not switch to WAL mode (got {mode})")
        conn.execute(f"PRAGMA synchronous={synchronous}")
        conn.execute("PRAGMA foreign_keys=ON")
        conn.execute("PRAGMA busy_timeout=30000")
    except sqlite3.DatabaseError as exc:
        conn.close()
        raise StoreError(
            f"{path} is not a readable SQLite database ({exc}). It was not changed. "
            "Restore it from a backup, or move it aside to start with an empty store."
        ) from None
    return db


def check_integrity(db: sqlite_utils.Database, path: Path) -> None:
    try:
        result = db.execute("PRAGMA quick_check").fetchone()[0]
    except sqlite3.DatabaseError as exc:
        result = str(exc)
    if result != "ok":
        raise StoreError(
            f"{path} is damaged (SQLite quick_check: {result}). It was not changed. "
            "Restore it from a backup; the audit trail can be checked with `hmi audit verify`."
        )
