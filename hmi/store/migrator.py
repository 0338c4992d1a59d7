"""Numbered schema migrations, each recorded in ``schema_migrations`` when it has run.

Each migration is a file ``NNNN_name.sql`` in a migrations folder; a file runs once, in number order,
in its own transaction together with its record. Number ranges are reserved per area so that work on
different areas never collides: 1-9 core, 10-19 equipment, 20-29 alarms, 30-39 production, 40-49
labels, 50-59 MES sync. Because an area may add a file numbered below another area's newest one,
what has run is a set, not one number; PRAGMA user_version still holds the highest, so that an
older release refuses a file written by a newer one.
"""

from __future__ import annotations

import re
import time
from dataclasses import dataclass
from importlib.resources import files
from pathlib import Path

import sqlite_utils

from hmi.store.database import StoreError

_NAME = re.compile(r"^(\d{4})_([a-z0-9_]+)\.sql$")


@dataclass(frozen=True, slots=True)
class Migration:
    version: int
    name: str
    sql: str


def load_migrations(package: str = "hmi.store.migrations") -> list[Migration]:
    found: list[Migration] = []
    for entry in files(package).iterdir():
        match = _NAME.match(entry.name)
        if match:
            found.append(Migration(int(match[1]), match[2], entry.read_text(encoding="utf-8")))
    found.sort(key=lambda m: m.version)
    versions = [m.version for m in found]
    if len(set(versions)) != len(versions):
        raise StoreError(f"two migrations share a number in {package}: {versions}")
    return found


def schema_version(db: sqlite_utils.Database) -> int:
    return int(db.execute("PRAGMA user_version").fetchone()[0])


# Before schema_migrations existed, a file's user_version N meant: every migration numbered up to N
# that the first release shipped has run (and no other).
_SHIPPED_BEFORE_TRACKING = frozenset({1, 20, 30, 31, 40, 50})
_TRACKING_TABLE = ("CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL,"
                   " applied_at REAL NOT NULL)")


def applied_versions(db: sqlite_utils.Database) -> set[int]:
    if db["schema_migrations"].exists():
        return {int(row[0]) for row in db.execute("SELECT version FROM schema_migrations")}
    current = schema_version(db)
    return {version for version in _SHIPPED_BEFORE_TRACKING if version <= current}


def migrate(db: sqlite_utils.Database, path: Path, migrations: list[Migration] | None = None) -> int:
    """Run every migration this file has not had. Refuses, untouched, a file newer than this software.

    Returns the highest migration number the file now has.
    """
    migrations = load_migrations() if migrations is None else migrations
    newest = migrations[-1].version if migrations else 0
    current = schema_version(db)
    applied = applied_versions(db)
    unknown = sorted(applied - {m.version for m in migrations})
    if current > newest or unknown:
        what = f"schema version {current}" if current > newest else f"migrations {unknown} this software does not have"
        raise StoreError(
            f"{path} has {what}, but this station software knows only up to "
            f"version {newest}. It was written by a newer release; the file was not changed. "
            "Install that release again (or newer) instead of this one."
        )
    tracked = db["schema_migrations"].exists()
    for migration in migrations:
        if migration.version in applied:
            continue
        conn = db.conn
        try:
            conn.execute("BEGIN IMMEDIATE")
            if not tracked:
                conn.execute(_TRACKING_TABLE)
                conn.executemany("INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, 0)",
                                 [(m.version, m.name) for m in migrations if m.version in applied])
            for statement in _statements(migration.sql):
                conn.execute(statement)
            conn.execute("INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)",
                         [migration.version, migration.name, time.time()])
            conn.execute(f"PRAGMA user_version = {max(current, migration.version)}")
            conn.execute("COMMIT")
        except Exception as exc:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise StoreError(
                f"{path}: migration {migration.version:04d}_{migration.name} failed ({exc}); "
                f"the database was left as it was (version {current})."
            ) from exc
        tracked = True
        applied.add(migration.version)
        current = max(current, migration.version)
    return current


def _statements(sql: str) -> list[str]:
    """Split a migration into statements; sqlite3.complete_statement keeps triggers whole."""
    import sqlite3

    statements: list[str] = []
    buffer = ""
    for line in sql.splitlines(keepends=True):
        buffer += line
        if sqlite3.complete_statement(buffer):
            if buffer.strip():
                statements.append(buffer.strip())
            buffer = ""
    if buffer.strip():
        statements.append(buffer.strip())
    return statements
