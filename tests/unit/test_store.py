"""station.db: migrations, durability through the writer thread, and refusing what it cannot use."""

from __future__ import annotations

import hashlib
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from hmi.store import Store, StoreError
from hmi.store.database import connect
from hmi.store.migrator import Migration, load_migrations, migrate, schema_version


def test_migrations_from_an_empty_file_reach_the_newest_version(tmp_path: Path) -> None:
    newest = load_migrations()[-1].version
    with Store(path=tmp_path / "station.db") as store:
        assert store.schema_version == newest
        tables = store.read_blocking(lambda db: set(db.table_names()))
    assert {"users", "audit", "outbox", "settings"} <= tables


@pytest.mark.parametrize("start", [m.version for m in load_migrations()[:-1]] or [0])
def test_migrations_from_every_earlier_version(tmp_path: Path, start: int) -> None:
    path = tmp_path / "station.db"
    earlier = [m for m in load_migrations() if m.version <= start]
    db = connect(path)
    migrate(db, path, earlier)
    db.close()
    with Store(path=path) as store:
        assert store.schema_version == load_migrations()[-1].version


def test_a_failing_migration_leaves_the_previous_version(tmp_path: Path) -> None:
    path = tmp_path / "station.db"
    good = load_migrations()
    broken = [*good, Migration(good[-1].version + 1, "broken", "CREATE TABLE x (a);\nINSERT INTO nope VALUES (1);")]
    db = connect(path)
    with pytest.raises(StoreError, match="broken failed"):
        migrate(db, path, broken)
    assert schema_version(db) == good[-1].version
    assert "x" not in db.table_names()  # the failed migration's first statement was rolled back too
    db.close()


def test_a_database_from_a_newer_release_is_refused_untouched(tmp_path: Path) -> None:
    path = tmp_path / "station.db"
    Store(path=path).open().close()
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA user_version = 999")
    conn.commit()
    conn.close()
    before = hashlib.sha256(path.read_bytes()).hexdigest()
    with pytest.raises(StoreError, match=r"schema version 999.*newer release"):
        Store(path=path).open()
    assert hashlib.sha256(path.read_bytes()).hexdigest() == before


def test_a_first_release_file_gets_the_migrations_numbered_below_its_version(tmp_path: Path) -> None:
    """The first release tracked one number (user_version 50); a later 0032 must still run on such a file."""
    path = tmp_path / "station.db"
    first_release = [m for m in load_migrations() if m.version in (1, 20, 30, 31, 40, 50)]
    conn = sqlite3.connect(path)
    for migration in first_release:
        conn.executescript(migration.sql)
    conn.execute("PRAGMA user_version = 50")
    conn.commit()
    conn.close()
    with Store(path=path) as store:
        applied = store.read_blocking(lambda db: [r[0] for r in db.execute(
            "SELECT version FROM schema_migrations ORDER BY version")])
        tables = store.read_blocking(lambda db: set(db.table_names()))
    assert applied == [m.version for m in load_migrations()]
    assert "defect_proposals" in tables


def test_a_file_with_a_migration_this_release_lacks_is_refused_untouched(tmp_path: Path) -> None:
    path = tmp_path / "station.db"
    Store(path=path).open().close()
    conn = sqlite3.connect(path)
    conn.execute("INSERT INTO schema_migrations (version, name, applied_at) VALUES (33, 'from_the_future', 0)")
    conn.commit()
    conn.close()
    before = hashlib.sha256(path.read_bytes()).hexdigest()
    with pytest.raises(StoreError, match=r"migrations \[33\] this software does not have.*newer release"):
        Store(path=path).open()
    assert hashlib.sha256(path.read_bytes()).hexdigest() == before


def test_a_file_that_is_not_a_database_is_refused_untouched(tmp_path: Path) -> None:
    path = tmp_path / "station.db"
    path.write_bytes(b"this is not sqlite" * 100)
    before = path.read_bytes()
    with pytest.raises(StoreError, match="not a readable SQLite database"):
        Store(path=path).open()
    assert path.read_bytes() == before


async def test_writes_are_serialised_and_atomic(tmp_path: Path) -> None:
    with Store(path=tmp_path / "station.db") as store:
        def fail_halfway(db) -> None:  # type: ignore[no-untyped-def]
            db.execute("INSERT INTO settings (key, value) VALUES ('a', '1')")
            raise ValueError("operator typo")

        with pytest.raises(ValueError):
            await store.write(fail_halfway)
        assert await store.read(lambda db: db.execute("SELECT count(*) FROM settings").fetchone()[0]) == 0
        await store.write(lambda db: db.execute("INSERT INTO settings (key, value) VALUES ('a', '1')"))
        assert await store.read(lambda db: db.execute("SELECT value FROM settings").fetchone()[0]) == "1"


def test_a_write_is_durable_once_the_call_returns(tmp_path: Path) -> None:
    """A child process writes, reports, and is killed at once: what it reported is on disk."""
    path = tmp_path / "station.db"
    script = f"""
import os, signal, sys
from pathlib import Path
from hmi.store import Store
store = Store(path=Path({str(path)!r})).open()
store.write_blocking(lambda db: db.execute("INSERT INTO settings (key, value) VALUES ('saved', '\\"yes\\"')"))
print("saved", flush=True)
os.kill(os.getpid(), signal.SIGKILL)
"""
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=60)
    assert result.stdout.strip() == "saved" and result.returncode == -9
    conn = sqlite3.connect(path)
    assert conn.execute("SELECT value FROM settings WHERE key = 'saved'").fetchone() == ('"yes"',)
    assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    conn.close()


def test_station_db_runs_wal_with_full_sync(tmp_path: Path) -> None:
    with Store(path=tmp_path / "station.db") as store:
        mode = store.read_blocking(lambda db: db.execute("PRAGMA journal_mode").fetchone()[0])
        sync = store.write_blocking(lambda db: db.execute("PRAGMA synchronous").fetchone()[0])
    assert mode == "wal" and sync == 2  # 2 = FULL
