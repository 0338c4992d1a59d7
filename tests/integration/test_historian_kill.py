"""kill -9 while the historian writes: history.db stays intact and keeps every committed batch."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import textwrap
from pathlib import Path

WRITER = textwrap.dedent(
    """
    import asyncio, sys
    from pathlib import Path
    from hmi.clock import SystemClock
    from hmi.config import HistorianSection
    from hmi.historian.historian import Historian
    from hmi.tags import Quality, Sample, TagBus

    async def main() -> None:
        historian = Historian(path=Path(sys.argv[1]), bus=TagBus(), clock=SystemClock(),
                              settings=HistorianSection()).open()
        ts = 1_800_000_000.0
        while True:
            for _ in range(2_000):
                ts += 1.0
                for tag in ("a", "b", "c"):
                    historian.accept(Sample(tag, ts, ts % 97, Quality.GOOD))
            await historian.flush()
            print(int(ts), flush=True)  # this batch is committed

    asyncio.run(main())
    """
)


def test_kill_9_while_writing_leaves_an_intact_file_with_every_committed_sample(tmp_path: Path) -> None:
    path = tmp_path / "history.db"
    process = subprocess.Popen([sys.executable, "-c", WRITER, str(path)], stdout=subprocess.PIPE, text=True,
                               cwd=Path(__file__).resolve().parents[2])
    assert process.stdout is not None
    try:
        committed = [int(process.stdout.readline()) for _ in range(15)]
    finally:
        os.kill(process.pid, signal.SIGKILL)
        process.wait()
        process.stdout.close()
    assert process.returncode == -signal.SIGKILL
    conn = sqlite3.connect(path)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        last_ms = committed[-1] * 1000
        for tag in ("a", "b", "c"):
            count, newest = conn.execute(
                "SELECT count(*), max(ts_ms) FROM sample JOIN tag ON tag.id = tag_id WHERE name = ? AND ts_ms <= ?",
                (tag, last_ms)).fetchone()
            assert count == len(committed) * 2_000 and newest == last_ms
        # The rollups agree with what the raw table holds, even for the batch cut by the kill.
        raw, counted = conn.execute(
            "SELECT (SELECT count(*) FROM sample), (SELECT sum(n) FROM rollup WHERE level = 4)").fetchone()
        assert raw == counted
    finally:
        conn.close()
