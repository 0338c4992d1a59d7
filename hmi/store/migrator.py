"""Numbered schema migrations, tracked with PRAGMA user_version.

Each migration is a file ``NNNN_name.sql`` in a migrations folder; a file runs once, in order,
in its own transaction together with the bump of user_version. Number ranges are reserved per
area so that work on different areas never collides: 1-9 core, 10-19 equipment, 20-29 alarms,
30-39 production, 40-49 labels, 50-59 MES sync.
"""

from __future__ import annotations

import re
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


def migrate(db: sqlite_utils.Database, path: Path, migrations: list[Migration] | None = None) -> int:
    """Bring the file up to the newest schema. Refuses, untouched, a file newer than this software."""
    migrations = load_migrations() if migrations is None else migrations
    newest = migrations[-1].version if migrations else 0
    current = schema_version(db)
    if current > newest:
        raise StoreError(
            f"{path} has schema version {current}, but this station software knows only up to "
            f"version {newest}. It was written by a newer release; the file was not changed. "
            "Install that release again (or newer) instead of this one."
        )
    for migration in migrations:
        if migration.version <= current:
            continue
        conn = db.conn
        try:
            conn.execute("BEGIN IMMEDIATE")
            for statement in _statements(migration.sql):
                conn.execute(statement)
            conn.execute(f"PRAGMA user_version = {migration.version}")
            conn.execute("COMMIT")
        except Exception as exc:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise StoreError(
                f"{path}: migration {migration.version:04d}_{migration.name} failed ({exc}); "
                f"the database was left at version {current}."
            ) from exc
        current = migration.version
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
