"""kill -9 the uploader at random moments while PostgreSQL receives: afterwards the centre holds exactly
the edge's rows, with no duplicate and no gap, and the rollups match."""

from __future__ import annotations

import os
import queue
import random
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlite_utils

from hmi.historian.database import HistoryDatabase
from tests.history_support import STATION, edge_rows, fill
from tests.integration.history_upload_crash_worker import TAGS
from tests.postgres import Postgres, binaries

WORKER = Path(__file__).with_name("history_upload_crash_worker.py")
REPO = WORKER.parent.parent.parent
KILLS = 50
SCHEMA = "crash"

pytestmark = [pytest.mark.slow,
              pytest.mark.skipif(binaries() is None, reason="PostgreSQL is not installed (system-deps.sh --test)")]


class Worker:
    """The forking worker process and a thread that collects what it prints."""

    def __init__(self, path: Path, pg: Postgres) -> None:
        env = {**os.environ, "PYTHONPATH": str(REPO)}
        self.proc = subprocess.Popen([sys.executable, str(WORKER), str(path), str(pg.port), str(pg.password_file),
                                      SCHEMA], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, env=env,
                                     cwd=REPO)
        self.lines: queue.Queue[str] = queue.Queue()
        self.thread = threading.Thread(target=self._read, name="history-crash-reader")
        self.thread.start()

    def _read(self) -> None:
        assert self.proc.stdout is not None
        for line in self.proc.stdout:
            self.lines.put(line.strip())

    def next_line(self, seen: list[str], prefix: str, timeout: float = 60) -> str:
        while True:
            try:
                line = self.lines.get(timeout=timeout)
            except queue.Empty:
                pytest.fail(f"the worker printed no {prefix!r}; last lines: {seen[-5:]}")
            seen.append(line)
            if line.startswith(prefix):
                return line

    def command(self, line: str) -> int:
        assert self.proc.stdin is not None
        self.proc.stdin.write(line + "\n")
        self.proc.stdin.flush()
        return int(self.next_line([], "CHILD").split()[1])

    def run_until_killed(self, rng: random.Random) -> None:
        pid = self.command("GO")
        seen: list[str] = []
        self.next_line(seen, "READY")
        time.sleep(rng.uniform(0.0, 0.4))
        os.kill(pid, signal.SIGKILL)
        reaped = self.next_line(seen, "REAPED")
        assert int(reaped.split()[2]) == signal.SIGKILL, "the uploader stopped by itself: " + "\n".join(seen[-5:])

    def drain(self) -> None:
        self.command("DRAIN")
        seen: list[str] = []
        self.next_line(seen, "DONE", timeout=240)
        reaped = self.next_line(seen, "REAPED")
        assert int(reaped.split()[2]) == 0

    def close(self) -> None:
        assert self.proc.stdin is not None
        self.proc.stdin.close()
        self.proc.wait(timeout=30)
        self.thread.join()


@pytest.fixture
def postgres() -> Iterator[Postgres]:
    server = Postgres()
    server.start()
    yield server
    server.remove()


def test_kill_9_while_uploading_loses_nothing_and_duplicates_nothing(tmp_path: Path, postgres: Postgres) -> None:
    path = tmp_path / "history.db"
    db = HistoryDatabase(path=path).open()
    fill(db, tags=TAGS, start_s=time.time() - 6 * 3600, count=4000, step_s=5.0)   # an outage to backfill
    db.close()
    rng = random.Random(20)
    worker = Worker(path, postgres)
    try:
        for _ in range(KILLS):
            worker.run_until_killed(rng)
        partial = postgres.query(f"SELECT count(*) FROM {SCHEMA}.sample")[0][0]
        worker.drain()
    finally:
        worker.close()
    edge = edge_rows(path)
    assert 0 < partial < len(edge), "the kills should have caught the upload midway"
    rows = postgres.query(f"SELECT tag, (extract(epoch FROM ts) * 1000)::bigint FROM {SCHEMA}.sample "
                          "WHERE station_id = %s", (STATION,))
    central = [(tag, int(ts)) for tag, ts in rows]
    assert len(central) == len(set(central)), "duplicates at the centre"
    assert set(central) == edge, f"{len(edge - set(central))} gaps, {len(set(central) - edge)} rows not at the edge"
    sdb = sqlite_utils.Database(path)
    closed = sdb.conn.execute("SELECT count(*) FROM rollup r WHERE level = 2 AND bucket_ms + 60000 <= "
                              "(SELECT max(ts_ms) FROM sample s WHERE s.tag_id = r.tag_id)").fetchone()[0]
    sdb.close()
    assert postgres.query(f"SELECT count(*) FROM {SCHEMA}.rollup_1m")[0][0] == closed
