"""Uploads history.db to a sink (PostgreSQL, Sparkplug B) while the line writes new samples, until it is killed.

Used by test_history_upload_crash.py and test_history_sparkplug_crash.py (through
tests/history_crash_support.py). It imports once and forks a fresh uploader process for each ``GO`` line on stdin; ``DRAIN`` forks one that writes nothing and exits once everything is uploaded.
Line protocol on stdout (flushed): ``CHILD <pid>``, ``READY``, ``DONE``, ``REAPED <pid> <status>``.
Arguments: history.db, the sink's driver, its options as JSON.
"""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
import json
import os
import sys
import time
from pathlib import Path

from hmi.clock import SystemClock
from hmi.connections.supervisor import ConnectionSupervisor
from hmi.historian.database import HistoryDatabase
from hmi.historian.upload import SinkUploader
from hmi.plugin_registry import load_plugin
from tests.history_support import context, ingest, settings

TAGS = ["Bath1.Temp", "Bath1.Current", "Bath2.Temp", "Rectifier.Volt", "Line.Speed"]


def say(line: str) -> None:
    sys.stdout.write(line + "\n")
    sys.stdout.flush()


async def main(path: Path, driver: str, options: dict[str, object], *, drain: bool) -> None:
    db = HistoryDatabase(path=path).open()
    # While killed at random, the backfill is held to a rate the kills outpace, however fast the
    # machine: 50 runs of at most 0.4 s then end midway. The drain runs at full speed.
    limit: dict[str, object] = {} if drain else {"backfill_rows_per_s": 1000.0}
    # The sink's own state (Sparkplug's bdSeq) beside history.db, as in the station's data folder.
    sink_context = dataclasses.replace(context(), state_dir=path.parent)
    sink = load_plugin("hmi.history_sinks", driver).from_options(options, sink_context)
    uploader = SinkUploader(name="central", sink=sink, db=db,
                            clock=SystemClock(), settings=settings(batch_rows=400, live_interval_s=0.05, **limit))
    supervisor = ConnectionSupervisor(name="history central", connection=uploader, report=lambda s: None,
                                      initial_s=0.05, max_s=0.2)
    task = asyncio.create_task(supervisor.run())
    say("READY")
    if drain:
        while True:
            await asyncio.sleep(0.2)
            status = await uploader.refresh_status()
            if status.backlog_rows == 0 and not status.backfilling:
                break
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task
        db.close()
        say("DONE")
        return
    while True:   # the line runs: new samples every 20 ms, as the historian commits them
        now_ms = round(time.time() * 1000)
        await asyncio.to_thread(ingest, db, [(tag, now_ms, float(now_ms % 1000), 0) for tag in TAGS])
        await asyncio.sleep(0.02)


def zygote(path: Path, driver: str, options: dict[str, object]) -> None:
    for command in sys.stdin:
        command = command.strip()
        if command not in ("GO", "DRAIN"):
            break
        pid = os.fork()
        if pid == 0:
            code = 1
            try:
                asyncio.run(main(path, driver, options, drain=command == "DRAIN"))
                code = 0
            finally:
                os._exit(code)
        say(f"CHILD {pid}")
        _, status = os.waitpid(pid, 0)
        say(f"REAPED {pid} {status}")


if __name__ == "__main__":
    zygote(Path(sys.argv[1]), sys.argv[2], json.loads(sys.argv[3]))
