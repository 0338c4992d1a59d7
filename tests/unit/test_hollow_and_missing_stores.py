"""A missing, empty or hollow station.db is never silently replaced by a new one; `hmi init` makes one on purpose."""

from __future__ import annotations

import shutil
import sqlite3
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from hmi.station import Station
from hmi.store import Store, StoreError
from tests.conftest import DEMO_CONFIG


def _hmi(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "hmi.cli.main", *args], capture_output=True, text=True, timeout=120)


@pytest.mark.parametrize("command", [("audit", "verify"), ("audit", "show"), ("users", "list"),
                                     ("masterdata", "show"), ("alarms", "list")])
def test_commands_that_check_records_never_create_a_database(tmp_path: Path, command: tuple[str, str]) -> None:
    wrong = tmp_path / "not-a-station"
    wrong.mkdir()
    result = _hmi(*command, "--config", str(DEMO_CONFIG), "--data-dir", str(wrong))
    assert result.returncode == 3, result.stdout + result.stderr
    assert "no station records at" in result.stderr and "Traceback" not in result.stderr
    assert list(wrong.iterdir()) == []


def test_a_zero_byte_station_db_is_refused_untouched(tmp_path: Path) -> None:
    (tmp_path / "station.db").write_bytes(b"")
    with pytest.raises(StoreError, match=r"is empty \(0 bytes\).*hmi init"):
        Store(path=tmp_path / "station.db").open()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["station.db"]
    assert (tmp_path / "station.db").stat().st_size == 0


def _hollow_with_wal(folder: Path) -> None:
    """A database without the station's schema whose newest pages sit in its WAL (a half-restored copy)."""
    source = folder / "src"
    source.mkdir()
    conn = sqlite3.connect(source / "station.db")
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA wal_autocheckpoint=0")
    conn.execute("CREATE TABLE foreign_stuff (x)")
    conn.commit()
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.execute("INSERT INTO foreign_stuff VALUES (1)")
    conn.commit()
    shutil.copy(source / "station.db", folder / "station.db")
    shutil.copy(source / "station.db-wal", folder / "station.db-wal")
    conn.close()
    shutil.rmtree(source)


def test_a_db_without_schema_but_with_a_wal_is_refused_untouched(tmp_path: Path) -> None:
    _hollow_with_wal(tmp_path)
    before = {p.name: p.read_bytes() for p in tmp_path.iterdir()}
    with pytest.raises(StoreError, match="no station schema, but a write-ahead log"):
        Store(path=tmp_path / "station.db").open()
    assert {p.name: p.read_bytes() for p in tmp_path.iterdir()} == before


def test_the_station_refuses_a_zero_byte_db_and_hmi_init_makes_a_new_one(tmp_path: Path) -> None:
    data = tmp_path / "data"
    data.mkdir()
    (data / "station.db").write_bytes(b"")
    common = ["--config", str(DEMO_CONFIG), "--data-dir", str(data)]
    refused = _hmi("users", "add", "7001", "--name", "A", "--role", "operator", "--pin", "4826", *common)
    assert refused.returncode == 3 and "0 bytes" in refused.stderr and "Traceback" not in refused.stderr
    made = _hmi("init", *common)
    assert made.returncode == 0, made.stderr
    assert (data / "audit.key").exists() and (data / "station.db").stat().st_size > 0
    assert _hmi("users", "add", "7001", "--name", "A", "--role", "operator", "--pin", "4826", *common).returncode == 0
    again = _hmi("init", *common)
    assert again.returncode == 1 and "already holds a station's records" in again.stderr
    assert _hmi("audit", "verify", *common).returncode == 0


async def test_undecodable_text_in_a_record_is_named_at_start(make_station: Callable[..., Station],
                                                              tmp_path: Path) -> None:
    from tests.unit.test_alarm_service import alarm_config, publish

    data = tmp_path / "d"
    first = make_station(alarm_config(), data_dir=data)
    await first.start()
    publish(first, "Bath1.Temp", 24.0)
    await first.alarms.flush()
    await first.stop()
    first.close()
    conn = sqlite3.connect(data / "station.db")
    conn.execute("UPDATE alarm_state SET value = CAST(X'FFFE41' AS TEXT) WHERE alarm_id = 'temp_hi'")
    conn.commit()
    conn.close()
    second = make_station(alarm_config(), data_dir=data)
    with pytest.raises(StoreError, match=r"not valid UTF-8 \(alarm_state row \d+ column value\)"):
        await second.start()
    await second.stop()
