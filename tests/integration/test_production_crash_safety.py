"""kill -9 the production service layer at random moments; nothing whose save returned may be lost,
and every record must have exactly its audit entry and its outbox event (one transaction)."""

from __future__ import annotations

import os
import queue
import random
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from hmi import audit
from hmi.store.database import connect

WORKER = Path(__file__).with_name("production_crash_worker.py")
REPO = WORKER.parent.parent.parent
KILLS = 50


class Worker:
    """The forking worker process and a thread that collects what it prints."""

    def __init__(self, data_dir: Path) -> None:
        env = {**os.environ, "PYTHONPATH": str(REPO)}
        self.proc = subprocess.Popen([sys.executable, str(WORKER), str(data_dir)], stdin=subprocess.PIPE,
                                     stdout=subprocess.PIPE, text=True, env=env, cwd=REPO)
        self.lines: queue.Queue[str] = queue.Queue()
        self.thread = threading.Thread(target=self._read, name="crash-worker-reader")
        self.thread.start()

    def _read(self) -> None:
        assert self.proc.stdout is not None
        for line in self.proc.stdout:
            self.lines.put(line.strip())

    def next_line(self, seen: list[str], prefix: str) -> str:
        while True:
            try:
                line = self.lines.get(timeout=30)
            except queue.Empty:
                pytest.fail(f"the worker printed no {prefix!r}; last lines: {seen[-5:]}")
            seen.append(line)
            if line.startswith(prefix):
                return line

    def run_until_killed(self, rng: random.Random) -> list[str]:
        """Fork a station, let it work a random while after READY, kill -9 it; the lines it printed."""
        assert self.proc.stdin is not None
        self.proc.stdin.write("GO\n")
        self.proc.stdin.flush()
        seen: list[str] = []
        pid = int(self.next_line(seen, "CHILD").split()[1])
        self.next_line(seen, "READY")
        time.sleep(rng.uniform(0.0, 0.25))
        os.kill(pid, signal.SIGKILL)
        reaped = self.next_line(seen, "REAPED")
        assert int(reaped.split()[2]) == signal.SIGKILL, "the station stopped by itself: " + "\n".join(seen[-5:])
        return seen

    def close(self) -> None:
        assert self.proc.stdin is not None
        self.proc.stdin.close()
        self.proc.wait(timeout=30)
        self.thread.join()


def _check(db_path: Path, saved: list[str]) -> None:
    db = connect(db_path)
    try:
        assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        audit.install_key(db, audit.load_key(db_path.parent / audit.KEY_FILE))  # the chain is keyed
        assert audit.verify(db).ok
        lots = {r[0]: (r[1], r[2]) for r in db.execute("SELECT lot_no, good, status FROM lots")}
        defects = {r[0] for r in db.execute("SELECT id FROM defects")}
        for line in saved:
            kind, *rest = line.split()[1:]
            if kind == "lot":
                assert rest[0] in lots, f"lost lot {rest[0]}"
            elif kind == "count":
                assert lots[rest[0]][0] >= int(rest[1]), f"lost count of {rest[0]}"
            elif kind == "defect":
                assert int(rest[0]) in defects, f"lost defect {rest[0]}"
            elif kind == "finish":
                assert lots[rest[0]][1] == "finished", f"lost finish of {rest[0]}"
        # Every record has exactly its audit entry and its outbox event: nothing half-written.
        for lot_no in lots:
            assert _count(db, "SELECT count(*) FROM audit WHERE action = 'lot.start' AND object_id = ?", lot_no) == 1
            assert _count(db, "SELECT count(*) FROM outbox WHERE type = 'lot.started' AND subject = ?",
                          f"lot/{lot_no}") == 1
            finished = lots[lot_no][1] == "finished"
            assert _count(db, "SELECT count(*) FROM audit WHERE action = 'lot.finish' AND object_id = ?",
                          lot_no) == int(finished)
            assert _count(db, "SELECT count(*) FROM outbox WHERE type = 'lot.finished' AND subject = ?",
                          f"lot/{lot_no}") == int(finished)
            counts = _count(db, "SELECT count(*) FROM lot_events e JOIN lots l ON l.id = e.lot_id "
                                "WHERE l.lot_no = ? AND e.kind = 'count'", lot_no)
            assert _count(db, "SELECT count(*) FROM audit WHERE action = 'lot.count' AND object_id = ?",
                          lot_no) == counts
            assert _count(db, "SELECT sum(good_delta) FROM lot_events e JOIN lots l ON l.id = e.lot_id "
                              "WHERE l.lot_no = ?", lot_no) == lots[lot_no][0]
        for defect_id in defects:
            assert _count(db, "SELECT count(*) FROM audit WHERE action = 'defect.record' AND object_id = ?",
                          str(defect_id)) == 1
            assert _count(db, "SELECT count(*) FROM outbox WHERE type = 'defect.recorded' "
                              "AND json_extract(payload, '$.defect_id') = ?", defect_id) == 1
        signoffs = _count(db, "SELECT count(*) FROM signoffs")
        assert _count(db, "SELECT count(*) FROM audit WHERE action = 'instruction.sign'") == signoffs
        assert _count(db, "SELECT count(*) FROM outbox WHERE type = 'instruction.signed'") == signoffs
    finally:
        db.close()


def _count(db: object, sql: str, *args: object) -> int:
    return int(db.execute(sql, list(args)).fetchone()[0] or 0)  # type: ignore[attr-defined]


@pytest.mark.slow
def test_kill_9_at_random_moments_loses_nothing_that_was_saved(tmp_path: Path) -> None:
    rng = random.Random(int(os.environ.get("CRASH_SEED", time.time())))
    data_dir = tmp_path / "data"
    saved: list[str] = []
    worker = Worker(data_dir)
    try:
        for _ in range(KILLS):
            lines = worker.run_until_killed(rng)
            saved += [line for line in lines if line.startswith("SAVED")]
            try:
                _check(data_dir / "station.db", saved)
            except sqlite3.DatabaseError as exc:
                pytest.fail(f"the database is damaged after a kill: {exc}")
    finally:
        worker.close()
    assert sum(1 for line in saved if line.startswith("SAVED defect")) > KILLS, "too little work between kills"
