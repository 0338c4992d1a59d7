"""kill -9 the station while it drains, again and again: the MES still sees every event exactly once."""

from __future__ import annotations

import asyncio
import random
import sys
from pathlib import Path

import pytest

from hmi.config import load_config
from hmi.station import Station
from hmi.sync import queue
from plugins.mes.reference_mes.server import ReferenceMes
from tests.mes_helpers import record_events

pytestmark = [pytest.mark.integration, pytest.mark.slow]

EVENTS = 6000
KILLS = 20


def write_config(path: Path, *, base_url: str, data_dir: Path) -> Path:
    path.write_text(f"""
[station]
id = "CRASH-01"
name = "Crash test station"

[paths]
data_dir = "{data_dir}"

[mes]
driver = "rest"
base_url = "{base_url}"
timeout_s = 5

[sync]
batch_size = 25
poll_interval_s = 0.05
backoff_initial_s = 0.05
backoff_max_s = 0.2
""", encoding="utf-8")
    return path


def recorded(mes: ReferenceMes) -> list[tuple[int, str, int, str]]:
    """The events this test recorded, as the MES has them (each start also sends a station.status event,
    and each sync the audit head)."""
    return [r for r in mes.received.events("CRASH-01") if r[3] not in ("station.status", "audit.head")]


async def start_station(config: Path) -> asyncio.subprocess.Process:
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "hmi.cli.main", "run", "--headless", "--config", str(config),
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.DEVNULL)
    assert process.stdout is not None
    line = await asyncio.wait_for(process.stdout.readline(), 30)
    assert b"running headless" in line, line
    return process


async def test_kill_minus_nine_while_draining_delivers_every_event_exactly_once(tmp_path: Path) -> None:
    mes = ReferenceMes(db_path=tmp_path / "mes.db")
    # At least 6000 / 25 * 0.05 s = 12 s of draining: more than 20 kill windows of at most 0.35 s.
    mes.controls.delay_s = 0.05
    await mes.start()
    config_path = write_config(tmp_path / "station.toml", base_url=mes.base_url, data_dir=tmp_path / "data")
    station = Station(config=load_config(config_path)).open()
    try:
        await record_events(station, EVENTS, subject=lambda i: f"lot/L{i % 40}")
    finally:
        await station.stop()
        station.close()

    rng = random.Random(20261124)
    kills_mid_drain = 0
    try:
        for _ in range(3 * KILLS):
            if kills_mid_drain >= KILLS:
                break
            process = await start_station(config_path)
            await asyncio.sleep(rng.uniform(0.05, 0.35))
            process.kill()                                   # SIGKILL: no cleanup, no final commit
            await process.wait()
            if len(recorded(mes)) < EVENTS:
                kills_mid_drain += 1
        assert kills_mid_drain >= KILLS, f"only {kills_mid_drain} kills landed while draining"
        assert len(recorded(mes)) < EVENTS

        process = await start_station(config_path)          # the last run drains to the end
        try:
            for _ in range(600):
                if len(recorded(mes)) == EVENTS:
                    break
                await asyncio.sleep(0.05)
        finally:
            process.terminate()
            await process.wait()
    finally:
        await mes.stop()

    rows = recorded(mes)
    seqs = [r[2] for r in rows]
    assert len(rows) == EVENTS and len({r[1] for r in rows}) == EVENTS
    assert seqs == sorted(seqs)
    # The station's own view agrees: nothing left, nothing quarantined.
    station = Station(config=load_config(config_path)).open()
    try:
        backlog = station.store.read_blocking(queue.backlog)
        heartbeats = station.store.read_blocking(lambda db: db.execute(
            "SELECT count(*) FROM outbox WHERE status = 'pending' AND type IN ('station.status', 'audit.head')"
        ).fetchone()[0])
    finally:
        station.close()
    # Nothing of the test's left, nothing quarantined (the last run's own heartbeats and head may still wait).
    assert (backlog.pending - heartbeats, backlog.quarantined) == (0, 0)
    counts = mes.received.counts()
    mes.close()
    print(f"deliveries {counts['deliveries']} for {EVENTS} events (repeats deduplicated by event_id)")
