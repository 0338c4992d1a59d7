"""Poison never blocks the sync: an event no MES can read, or one the MES refuses inside a whole batch."""

from __future__ import annotations

import math
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from hmi import audit, outbox
from hmi.auth import Role
from hmi.station import Station
from hmi.sync import queue
from hmi.tags.sample import Quality, Sample
from plugins.mes.reference_mes.server import ReferenceMes
from plugins.mes.rest import RestConnector, RestOptions
from tests.mes_helpers import context, make_engine, record_events, records_at, wait_drained
from tests.production_support import load_demo, login, start_demo_lot

pytestmark = pytest.mark.integration


@pytest.fixture
async def mes(tmp_path: Path) -> AsyncIterator[ReferenceMes]:
    server = ReferenceMes(db_path=tmp_path / "mes.db", seed=3)
    await server.start()
    yield server
    await server.stop()
    server.close()


def rest(station: Station, mes: ReferenceMes) -> RestConnector:
    return RestConnector(options=RestOptions(base_url=mes.base_url, timeout_s=5.0), context=context(station))


async def test_a_batch_refused_as_a_whole_is_bisected_and_only_its_poison_event_is_quarantined(
        station: Station, mes: ReferenceMes) -> None:
    await record_events(station, 40, subject=lambda i: f"lot/L{i % 4}")
    bad = (await station.store.read(lambda db: queue.next_batch(db, limit=40)))[13]     # lot/L1
    mes.controls.refuse_batches_with[bad.event_id] = "payload.n is out of range"
    engine = make_engine(station, rest(station, mes))
    await engine.start()
    try:
        backlog = await wait_drained(station)
    finally:
        await engine.stop()
    assert backlog.quarantined == 1
    later_same_subject = [i for i in range(14, 40) if i % 4 == 1]
    assert backlog.blocked == len(later_same_subject)
    held = await engine.quarantined()
    assert [h.event.event_id for h in held] == [bad.event_id]
    assert "payload.n is out of range" in held[0].reason and "400" in held[0].reason
    received = records_at(mes, station.station_id)
    assert len(received) == 40 - 1 - len(later_same_subject)
    assert bad.event_id not in {r[1] for r in received}
    assert mes.requests <= 2 * math.ceil(math.log2(40)) + 3      # bisected, not tried one by one


async def test_an_event_no_json_parser_reads_is_quarantined_with_the_reason_and_the_rest_flow(
        station: Station, mes: ReferenceMes) -> None:
    # A row written before payloads were made strict (or by a site's plugin writing raw text).
    await record_events(station, 5, subject=lambda i: "alarm/A1" if i == 2 else None)
    await station.store.write(lambda db: db.execute(
        "INSERT INTO outbox (event_id, station_id, type, schema_version, occurred_at, subject, payload)"
        " VALUES ('poison-1', ?, 'alarm.raised', 1, ?, 'alarm/A1', '{\"value\": NaN, \"synthetic\": true}')",
        [station.station_id, station.clock.now()]))
    await record_events(station, 5, subject=lambda i: "alarm/A1" if i == 0 else None)
    engine = make_engine(station, rest(station, mes))
    await engine.start()
    try:
        backlog = await wait_drained(station)
    finally:
        await engine.stop()
    held = await engine.quarantined()
    assert [h.event.event_id for h in held] == ["poison-1"]
    assert "cannot encode" in held[0].reason and "payload.value: not a finite number (nan)" in held[0].reason
    assert backlog.blocked == 1                       # the later alarm/A1 event waits behind it
    assert len(records_at(mes, station.station_id)) == 9


async def test_a_nan_in_a_lot_start_snapshot_no_longer_stops_the_sync(station: Station, mes: ReferenceMes) -> None:
    """Issue 15 item 1: a GOOD NaN reached the lot's start snapshot and the outbox never drained again."""
    await load_demo(station)
    await login(station, Role.OPERATOR)
    station.bus.publish(Sample(tag="bath_temp", ts=station.clock.now(), value=float("nan"), quality=Quality.GOOD))
    await start_demo_lot(station)
    await record_events(station, 3)
    engine = make_engine(station, rest(station, mes))
    await engine.start()
    try:
        backlog = await wait_drained(station)
    finally:
        await engine.stop()
    assert backlog.quarantined == 0 and backlog.pending == 0
    received = {r[3]: r for r in records_at(mes, station.station_id)}
    assert "lot.started" in received
    started = (await station.store.read(lambda db: outbox.by_status(db, "delivered")))
    lot_started = next(e for e in started if e.type == "lot.started")
    assert lot_started.payload["params"]["bath_temp"]["value"] is None
    notes = await station.store.read(lambda db: audit.entries(db, object_type="outbox_event"))
    cleaned = [n for n in notes if n.action == "outbox.payload_cleaned"]
    assert [n.object_id for n in cleaned] == [lot_started.event_id]
    assert "not a finite number" in str(cleaned[0].after)
