"""SPC end to end with real peers: the simulator's OPC-UA thickness gauge drifts, Nelson rule 2 fires
within a second of the part that completes it, the defect proposal carries the measurement and the
limit-set version, and the reference MES receives ``spc.violation``; limit sets come from that MES,
a new version applies to the next lot and the running lot keeps its own."""

from __future__ import annotations

import contextlib
import copy
import json
import sqlite3
import time
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any

import pytest

from hmi.alarms.model import AlarmState
from hmi.auth import Role
from hmi.demo import ensure_demo_users
from hmi.spc.records import ViolationRecord
from hmi.station import Station
from plugins.mes.reference_mes.server import ReferenceMes, demo_masterdata
from tests.equipment_support import ThreadedSimulator, config_for
from tests.mes_helpers import wait_for
from tests.production_support import ORDER, login, start_demo_lot

pytestmark = [pytest.mark.integration, pytest.mark.slow]

FAST_SYNC = {"poll_interval_s": 0.05, "backoff_initial_s": 0.05, "backoff_max_s": 0.2, "masterdata_interval_s": 3600}
V1 = {"product": "PC-A15-BLK", "operation": "ANODIZE", "characteristic": "thickness", "version": "2026.12-1",
      "chart": "imr", "cl": 15.0, "ucl": 17.1, "lcl": 12.9, "lsl": 13.0, "usl": 17.0}
V2 = {**V1, "version": "2026.12-2", "cl": 15.2, "ucl": 17.3, "lcl": 13.1}
THICKNESS = {"product": "PC-A15-BLK", "operation": "ANODIZE", "name": "Oxide thickness", "name_ko": "산화막 두께",
             "unit": "µm", "tag": "oxide_thickness", "rules": "nelson", "actions": ["alarm", "propose"],
             "alarm_priority": "high", "defect_code": "FILM-THICK", "cause_rules": ["nelson-2"]}


def bundle(version: str, *limit_sets: dict[str, Any]) -> dict[str, Any]:
    data = copy.deepcopy(demo_masterdata())
    data.update(version=version, spc_limits=list(limit_sets),
                spc_causes=[{"code": "RECT", "name": "Rectifier drift", "name_ko": "정류기 드리프트"}],
                spc_actions=[{"code": "RECAL", "name": "Recalibrated", "name_ko": "재교정"}])
    return data


@pytest.fixture(scope="module")
def sim() -> Iterator[ThreadedSimulator]:
    simulator = ThreadedSimulator(seed=19)
    process = simulator.sim.process
    process.part_every_s = 0.25
    process.thickness_sigma_um = 0.05   # a steady gauge, so the drift alone decides the run
    process.outlier_rate = 0.0
    yield simulator
    simulator.close()


@pytest.fixture
async def mes(tmp_path: Path) -> AsyncIterator[ReferenceMes]:
    server = ReferenceMes(db_path=tmp_path / "mes.db", seed=3, masterdata=bundle("spc-e2e.1", V1))
    await server.start()
    yield server
    await server.stop()
    server.close()


@contextlib.asynccontextmanager
async def running_station(sim: ThreadedSimulator, mes: ReferenceMes, tmp_path: Path) -> AsyncIterator[Station]:
    config = config_for(sim.sim, mes={"driver": "rest", "base_url": mes.base_url, "timeout_s": 2}, sync=FAST_SYNC,
                        spc={"characteristics": {"thickness": THICKNESS}})
    st = Station(config=config, data_dir=tmp_path / "station").open()   # the real clock: latencies are real
    await st.start()
    await ensure_demo_users(st)
    await wait_for(lambda: st.sync.snapshot.value.masterdata_version == "spc-e2e.1", what="the MES bundle")
    try:
        yield st
    finally:
        await st.stop()
        st.close()


def mes_payloads(mes_db: Path, event_type: str) -> list[dict[str, Any]]:
    with sqlite3.connect(mes_db) as conn:
        return [json.loads(r[0]) for r in conn.execute("SELECT payload FROM events WHERE type = ?", [event_type])]


async def test_drift_fires_nelson_2_within_a_second_and_the_mes_hears_of_it(
        sim: ThreadedSimulator, mes: ReferenceMes, tmp_path: Path) -> None:
    async with running_station(sim, mes, tmp_path) as station:
        await _drift_fires_nelson_2(station, sim, mes, tmp_path)


async def _drift_fires_nelson_2(station: Station, sim: ThreadedSimulator, mes: ReferenceMes, tmp_path: Path) -> None:
    arrived: dict[float, float] = {}     # the gauge sample's source time -> when the station had it
    station.bus.subscribe(lambda s: arrived.setdefault(s.ts, time.time()), tags=["oxide_thickness"])
    recorded: list[tuple[ViolationRecord, float]] = []

    async def on_violation(v: ViolationRecord) -> None:
        recorded.append((v, time.time()))

    station.spc.violation_recorded.subscribe(on_violation)
    await login(station, Role.OPERATOR)
    await start_demo_lot(station)
    sim.sim.process.thickness_drift_um_per_part = 0.03     # the bath ages: the film thickens part by part
    try:
        await wait_for(lambda: any(v.rule == "nelson-2" for v, _ in recorded), within=60, what="Nelson rule 2")
    finally:
        sim.sim.process.thickness_drift_um_per_part = 0.0
        sim.sim.process.thickness_offset_um = 0.0
    violation, committed_at = next((v, t) for v, t in recorded if v.rule == "nelson-2")
    assert violation.limit_version == "2026.12-1" and not violation.trial
    assert len(violation.points) == 9 and all(p["value"] > 15.0 for p in violation.points)
    station_latency = committed_at - arrived[violation.sample_ts]
    source_latency = committed_at - violation.sample_ts
    print(f"\nNelson 2: recorded {station_latency * 1000:.1f} ms after the sample reached the station, "
          f"{source_latency * 1000:.1f} ms after the gauge's source time")
    assert station_latency <= 1.0

    proposal = next(p for p in station.production.defects.proposals.value
                    if p.measurement.get("rule") == "nelson-2")
    assert proposal.code == "FILM-THICK" and proposal.lot_no == violation.lot_no
    assert proposal.measurement["value"] == violation.points[-1]["value"]
    assert proposal.measurement["limit_set_version"] == "2026.12-1"
    assert proposal.measurement["tag"] == "oxide_thickness" and proposal.recipe     # recipe values attached
    alarm = station.alarms.view("spc.thickness")
    assert alarm.priority.value == "high" and alarm.state in (AlarmState.UNACK_ACTIVE, AlarmState.UNACK_RTN)

    def delivered() -> bool:
        return any(p["rule"] == "nelson-2" for p in mes_payloads(tmp_path / "mes.db", "spc.violation"))

    await wait_for(delivered, within=30, what="spc.violation at the MES")
    payload = next(p for p in mes_payloads(tmp_path / "mes.db", "spc.violation") if p["rule"] == "nelson-2")
    assert payload["lot_id"] == violation.lot_no and payload["limit_set_version"] == "2026.12-1"
    assert payload["characteristic"] == "thickness" and payload["actor"] == "system:spc"
    assert payload["index"] == violation.index and len(payload["points"]) == 9


async def test_a_new_version_from_the_mes_applies_to_the_next_lot(
        sim: ThreadedSimulator, mes: ReferenceMes, tmp_path: Path) -> None:
    async with running_station(sim, mes, tmp_path) as station:
        await _new_version_applies_to_the_next_lot(station, mes)


async def _new_version_applies_to_the_next_lot(station: Station, mes: ReferenceMes) -> None:
    await login(station, Role.OPERATOR)
    await start_demo_lot(station)
    await wait_for(lambda: _version(station) == "2026.12-1", what="the first lot's limits")
    mes.masterdata = bundle("spc-e2e.2", V1, V2)
    await station.sync.pull_masterdata_now()
    await wait_for(lambda: station.sync.snapshot.value.masterdata_version == "spc-e2e.2", what="the new bundle")
    await wait_for(lambda: station.spc.chart("thickness").points != (), what="a point under the running lot")
    assert _version(station) == "2026.12-1"                  # the running lot keeps its own
    await login(station, Role.SUPERVISOR)
    await station.production.lots.abort(reason="next lot")
    await station.production.lots.start(work_order=ORDER, lot_no="ANO1-261124-0002")
    await wait_for(lambda: _version(station) == "2026.12-2", what="the next lot's limits")
    limits = station.spc.chart("thickness").limits
    assert limits is not None and limits.cl == 15.2 and not limits.trial


def _version(station: Station) -> str:
    limits = station.spc.chart("thickness").limits
    return limits.version if limits is not None else ""


