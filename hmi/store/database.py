"""Opening a SQLite file the way the station needs it, with clear messages when it cannot."""

from __future__ import annotations

import os
import sqlite3
import stat
from pathlib import Path
from typing import Literal

import sqlite_utils

from hmi.storage_error import StoreError

Synchronous = Literal["FULL", "NORMAL"]


def connect(path: Path, *, synchronous: Synchronous = "FULL", readonly: bool = False) -> sqlite_utils.Database:
    """A connection with WAL, the given durability, foreign keys on and a busy timeout."""
    if readonly:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True, check_same_thread=False, timeout=30)
    else:
        make_private(path)
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


PRIVATE_DIR = 0o700
PRIVATE_FILE = 0o600


def private_dir(folder: Path) -> None:
    """The data folder, readable by the station user only (0700) whatever the umask."""
    folder.mkdir(mode=PRIVATE_DIR, parents=True, exist_ok=True)
    if stat.S_IMODE(folder.stat().st_mode) != PRIVATE_DIR:
        folder.chmod(PRIVATE_DIR)


def make_private(path: Path) -> None:
    """The file (created empty if need be) and its folder readable by the station user only, whatever the umask.

    SQLite gives its -wal and -shm files the mode of the database file, so they follow.
    """
    private_dir(path.parent)
    fd = os.open(path, os.O_RDWR | os.O_CREAT, PRIVATE_FILE)
    try:
        if stat.S_IMODE(os.fstat(fd).st_mode) != PRIVATE_FILE:
            os.fchmod(fd, PRIVATE_FILE)
    finally:
        os.close(fd)


def refuse_hollow(path: Path) -> None:
    """A 0-byte file, or one without the schema but with a WAL beside it, is not a new station: refuse it.

    Both are what a failed copy or a half-restored backup leaves; opening them as a new, empty store
    would silently lose every record. The file is not touched. ``hmi init`` makes a new one on purpose.
    """
    if not path.exists():
        return
    wal = path.with_name(path.name + "-wal")
    has_wal = wal.exists() and wal.stat().st_size > 0
    if path.stat().st_size == 0:
        extra = f" (its write-ahead log {wal.name} is beside it)" if has_wal else ""
        raise StoreError(f"{path} is empty (0 bytes){extra}, so it holds none of the station's records. "
                         "It was not changed. Restore it from a backup; if this really is a new station, "
                         "run `hmi init`.")
    if not has_wal:
        return
    # Read-only, with the WAL: a running station's schema may still sit in the log alone (no checkpoint yet).
    # A log that belongs to another file does not match this one's salt, so SQLite ignores its frames.
    shm = path.with_name(path.name + "-shm")
    shm_was_there = shm.exists()
    try:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        finally:
            conn.close()
    except sqlite3.DatabaseError:
        return  # not a database at all, or unreadable: connect() says so in its own words
    if "schema_migrations" not in tables:
        if not shm_was_there:
            shm.unlink(missing_ok=True)  # the read made the WAL index; leave the folder as it was found
        raise StoreError(f"{path} has no station schema, but a write-ahead log ({wal.name}) lies beside it: "
                         "the records may be in that log alone. Neither file was changed. Restore both from a "
                         "backup, or ask maintenance; `hmi init` makes a new station on purpose.")


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


def content_damage(db: sqlite_utils.Database, path: Path, error: Exception) -> StoreError:
    """Name the rows whose text is not UTF-8 (quick_check passes: the damage is in content, not structure).

    Runs only after such an error, so scanning every text column once is affordable.
    """
    found: list[str] = []
    conn = db.conn
    old_factory = conn.text_factory
    conn.text_factory = bytes
    try:
        tables = [bytes(row[0]).decode("utf-8", "replace")
                  for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
        for table in tables:
            columns = [bytes(row[1]).decode("utf-8", "replace")
                       for row in conn.execute(f'PRAGMA table_info("{table}")')]
            try:
                rows = conn.execute(f'SELECT rowid, * FROM "{table}"')
            except sqlite3.OperationalError:  # WITHOUT ROWID tables
                rows = conn.execute(f'SELECT NULL, * FROM "{table}"')
            for row in rows:
                for column, value in zip(columns, row[1:], strict=False):
                    if isinstance(value, bytes):
                        try:
                            value.decode("utf-8")
                        except UnicodeDecodeError:
                            found.append(f"{table} row {row[0]} column {column}")
                            if len(found) >= 10:
                                break
    finally:
        conn.text_factory = old_factory
    where = "; ".join(found) if found else str(error)
    return StoreError(f"{path} is damaged in its content: text that is not valid UTF-8 ({where}). SQLite's "
                      "quick_check does not see this kind of damage. The file was not changed. Restore station.db "
                      "from a backup, or ask maintenance to repair those rows.")
