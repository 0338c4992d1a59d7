"""``hmi history upload-status`` prints each sink's backlog and oldest waiting row from history.db."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from hmi.cli.main import main
from hmi.historian.database import HistoryDatabase
from hmi.historian.upload_rows import Cursor, record_state, save_cursor
from tests.history_support import fill

CONFIG = """[station]
id = "S1"
name = "Station 1"
[paths]
data_dir = "data"
[history]
backlog_alarm_age_s = 3600.0
[[history.sinks]]
name = "central"
driver = "postgres"
host = "db.plant"
"""


def test_upload_status_prints_backlog_age_rate_and_last_error(tmp_path: Path,
                                                               capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "station.toml").write_text(CONFIG, encoding="utf-8")
    (tmp_path / "data").mkdir()
    db = HistoryDatabase(path=tmp_path / "data" / "history.db").open()
    start = time.time() - 2 * 3600
    fill(db, tags=["A", "B"], start_s=start, count=100)
    assert main(["history", "upload-status", "-c", str(tmp_path / "station.toml")]) == 0
    out = capsys.readouterr().out
    assert "central (postgres): backlog 200 rows, oldest waiting 2.0 h" in out and "not uploaded yet" in out
    # The sink acknowledged tag A up to its 60th row and last failed with an error.
    tag_a = db.read_blocking(lambda sdb: sdb.conn.execute("SELECT id FROM tag WHERE name = 'A'").fetchone()[0])
    db.write_blocking(lambda sdb: save_cursor(sdb.conn, "central", Cursor(tag_a, round((start + 59) * 1000))))
    db.write_blocking(lambda sdb: record_state(sdb.conn, "central", now=time.time(), last_ok=time.time() - 120,
                                               last_error="PostgreSQL db.plant:5432: connection refused",
                                               rows_per_s=1234.0))
    db.close()
    assert main(["history", "upload-status", "-c", str(tmp_path / "station.toml")]) == 0
    out = capsys.readouterr().out
    assert "backlog 140 rows, oldest waiting 2.0 h" in out
    assert "rate 1234 rows/s" in out and "last success 2.0 min ago" in out
    assert "last error: PostgreSQL db.plant:5432: connection refused" in out
    assert "ALARM: the backlog is older than 1.0 h" in out
