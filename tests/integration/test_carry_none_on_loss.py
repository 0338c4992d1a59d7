"""Carry none (issue 14 item 12) against real peers: when the simulator's OPC-UA and Modbus servers go
away, every BAD or STALE sample carries no value on every path: the bus, the historian's rows, the
alarms and their MES events, and ``hmi watch --json``. Fake drivers cannot show this: only a real
driver losing a real server produces the samples (and the last values) of a connection loss."""

from __future__ import annotations

import asyncio
import json
import signal
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from hmi import outbox
from hmi.clock import SystemClock
from hmi.station import Station
from hmi.status import Health
from hmi.tags import Quality
from tests.equipment_support import Recorder, ThreadedSimulator, config_for, demo_raw, until

pytestmark = pytest.mark.integration

OPCUA_TAG, MODBUS_TAG = "bath_temp", "rectifier_voltage"
LOST = (Quality.BAD, Quality.STALE)


@pytest.fixture
def sim() -> Iterator[ThreadedSimulator]:
    simulator = ThreadedSimulator(seed=5)
    yield simulator
    simulator.close()


@pytest.fixture
def clock() -> SystemClock:
    return SystemClock()


def _watch_config(tmp_path: Path, sim: ThreadedSimulator) -> Path:
    path = tmp_path / "watch.toml"
    path.write_text(f"""
[station]
id = "W-1"
name = "watch"

[connections.line_opcua]
driver = "opcua"
endpoint = "{sim.sim.opcua_endpoint}"
reconnect_min_s = 0.2
reconnect_max_s = 1.0
watchdog_s = 0.3
timeout_s = 2.0

[connections.rectifier_plc]
driver = "modbus"
port = {sim.sim.modbus.port}
reconnect_min_s = 0.2
reconnect_max_s = 1.0
timeout_s = 0.5
retries = 2

[tags.{OPCUA_TAG}]
address = "opcua://line_opcua/nsu=urn:station-hmi:anodizing-line;s=Bath.Temperature"

[tags.{MODBUS_TAG}]
address = "modbus://rectifier_plc/ir/30001?type=float32"
interval_s = 0.2
""", encoding="utf-8")
    return path


def _lines(raw: list[str]) -> list[dict[str, Any]]:
    return [json.loads(line) for line in raw if line.startswith("{")]


async def test_a_lost_connection_carries_no_value_on_the_bus_history_alarms_mes_and_watch(
        sim: ThreadedSimulator, make_station: Callable[..., Station], tmp_path: Path) -> None:
    raw = demo_raw()
    alarms = dict(raw["alarms"])
    alarms["bath_temp_signal"] = {"tag": OPCUA_TAG, "kind": "bad_quality", "priority": "diagnostic",
                                  "message_en": "Bath temperature signal lost", "message_ko": "욕조 온도 신호 끊김"}
    config = config_for(sim.sim, alarms=alarms, historian={**raw.get("historian", {}), "commit_interval_s": 0.2})
    station = make_station(config)
    recorder = Recorder(station.bus)
    watch = await asyncio.create_subprocess_exec(
        sys.executable, "-c", "import sys; from hmi.cli.main import main; sys.exit(main(sys.argv[1:]))",
        "watch", str(_watch_config(tmp_path, sim)), "--json", "--seconds", "60",
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE)
    printed: list[str] = []

    async def read_watch() -> None:
        assert watch.stdout is not None
        async for line in watch.stdout:
            printed.append(line.decode())

    reader = asyncio.create_task(read_watch())
    started = time.time()
    await station.start()
    try:
        for name in ("line_opcua", "rectifier_plc"):
            await until(lambda n=name: station.equipment.connections[n].value.health is Health.OK, within=30)

        def watched(quality: tuple[Quality, ...]) -> bool:
            seen = {(line["tag"], Quality(line["quality"])) for line in _lines(printed)}
            return all(any((tag, q) in seen for q in quality) for tag in (OPCUA_TAG, MODBUS_TAG))

        await until(lambda: watched((Quality.GOOD,)), within=30)
        for tag in (OPCUA_TAG, MODBUS_TAG):                     # the station, too, had a value before the loss
            await until(lambda t=tag: any(s.quality is Quality.GOOD and s.value is not None
                                          for s in recorder.of(t)), within=30)
        lost_at = time.time()
        await sim.acall(sim.sim.stop_opcua)
        await sim.acall(sim.sim.modbus.stop)
        for tag in (OPCUA_TAG, MODBUS_TAG):
            await until(lambda t=tag: (s := station.bus.latest(t)) is not None and s.quality in LOST, within=30)
        await until(lambda: station.alarms.view("bath_temp_signal").active
                    and station.alarms.view("rectifier_signal").active, within=30)
        await until(lambda: watched(LOST), within=30)
        await station.alarms.flush()
        await station.historian.flush()
        rows = {tag: await station.historian.raw(tag, started - 60, time.time() + 1) for tag in (OPCUA_TAG, MODBUS_TAG)}
        events = await station.store.read(lambda db: outbox.pending(db, limit=10000))
    finally:
        watch.send_signal(signal.SIGINT)
        try:
            await asyncio.wait_for(watch.wait(), timeout=20)
        finally:
            if watch.returncode is None:
                watch.kill()
                await watch.wait()
            await reader
        await station.stop()

    # The bus: every sample after the loss that is not GOOD has no value, and both tags had a value before.
    for tag in (OPCUA_TAG, MODBUS_TAG):
        samples = recorder.of(tag)
        assert any(s.quality is Quality.GOOD and s.value is not None for s in samples), tag
        lost = [s for s in samples if s.quality in LOST]
        assert lost and all(s.value is None for s in lost), lost
        assert any(s.ts >= lost_at - 1 for s in lost), lost
    # The historian: rows that are not GOOD carry NULL; the loss is recorded for both tags.
    for tag, tag_rows in rows.items():
        not_good = [(ts, v, q) for ts, v, q in tag_rows if q is not Quality.GOOD]
        assert any(ts >= lost_at - 1 for ts, _v, _q in not_good), (tag, tag_rows[-5:])
        assert all(v is None for _ts, v, _q in not_good), not_good
    # Alarms: the signal-lost alarms rose on the loss, and neither the alarm nor its MES event holds a value.
    for alarm_id in ("bath_temp_signal", "rectifier_signal"):
        assert station.alarms.view(alarm_id).value is None
        raised = [e for e in events if e.subject == f"alarm/{alarm_id}" and e.type == "alarm.raised"]
        assert raised, [(e.type, e.subject) for e in events][-20:]
        assert all("value" in e.payload and e.payload["value"] is None for e in raised), [e.payload for e in raised]
    # No MES payload of any kind sends a value next to a BAD or STALE quality.
    for event in events:
        quality = event.payload.get("quality")
        if quality in ("BAD", "STALE"):
            assert event.payload.get("value") is None, event.payload
    # hmi watch --json: the same rule, printed as null.
    lines = _lines(printed)
    for tag in (OPCUA_TAG, MODBUS_TAG):
        lost_lines = [line for line in lines if line["tag"] == tag and line["quality"] in ("BAD", "STALE")]
        assert lost_lines, lines[-10:]
        assert all(line["value"] is None for line in lost_lines), lost_lines
    assert any('"value": null' in line for line in printed)
