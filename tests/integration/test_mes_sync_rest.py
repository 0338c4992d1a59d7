"""Store-and-forward over REST against the reference MES on loopback (a real aiohttp server)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from hmi.station import Station
from hmi.status import Health
from hmi.sync import queue
from hmi.sync.engine import Connection
from plugins.mes.reference_mes.server import ReferenceMes
from plugins.mes.rest import RestConnector, RestOptions
from tests.mes_helpers import (
    RecordingSleep,
    context,
    make_engine,
    record_events,
    records_at,
    wait_drained,
    wait_for,
)

pytestmark = pytest.mark.integration


@pytest.fixture
async def mes(tmp_path: Path) -> AsyncIterator[ReferenceMes]:
    server = ReferenceMes(db_path=tmp_path / "mes.db", seed=7)
    await server.start()
    yield server
    await server.stop()
    server.close()


def rest(station: Station, base_url: str, **options: object) -> RestConnector:
    return RestConnector(options=RestOptions(base_url=base_url, timeout_s=2.0, **options),  # type: ignore[arg-type]
                         context=context(station))


def assert_exactly_once_in_order(mes: ReferenceMes, station: Station, count: int) -> None:
    rows = records_at(mes, station.station_id)
    seqs = [r[2] for r in rows]
    assert len(seqs) == count, f"{len(seqs)} of {count} events at the MES"
    assert len(set(r[1] for r in rows)) == count
    assert seqs == sorted(seqs), "the MES received events out of order"


async def test_ten_thousand_events_recorded_while_the_mes_is_down_arrive_once_in_order(
        station: Station, tmp_path: Path) -> None:
    mes = ReferenceMes(db_path=tmp_path / "mes.db")
    await mes.start()
    port = mes.port
    await mes.stop()                      # connection refused: the MES is down
    engine = make_engine(station, rest(station, f"http://127.0.0.1:{port}/api/v1"))
    await engine.start()
    try:
        await record_events(station, 10_000, subject=lambda i: f"lot/L{i % 50}")
        await wait_for(lambda: engine.snapshot.value.connection is Connection.OFFLINE, what="offline")
        await engine.refresh()
        assert engine.snapshot.value.pending == 10_000
        assert station.status["mes"].value.health is Health.DEGRADED   # offline as planned: amber, not red
        mes = ReferenceMes(db_path=tmp_path / "mes.db", port=port)
        await mes.start()                 # back up on the same port
        await wait_drained(station)
        assert_exactly_once_in_order(mes, station, 10_000)
        await wait_for(lambda: engine.snapshot.value.pending == 0, what="published backlog 0")
        assert engine.snapshot.value.connection is Connection.ONLINE
        assert engine.snapshot.value.last_sync_at is not None
        # The master data pull that failed while the MES was down is tried again at once.
        await wait_for(lambda: station.status["mes"].value.health is Health.OK, what="the MES chip OK")
    finally:
        await engine.stop()
        await mes.stop()
        mes.close()


async def test_intermittent_500s_and_timeouts_lose_and_duplicate_nothing(station: Station, mes: ReferenceMes) -> None:
    mes.controls.delay_s = 3.0            # longer than the client's 2 s timeout
    sleep = RecordingSleep()
    engine = make_engine(station, rest(station, mes.base_url), sleep=sleep)
    await record_events(station, 1500)
    await engine.start()
    try:
        await wait_for(lambda: "did not answer" in (engine.snapshot.value.last_error or ""), what="a timeout")
        mes.controls.delay_s = 0.0
        mes.controls.fail_next = 2        # then 500s: two for sure, then 30 % of the posts
        mes.controls.fail_rate = 0.3
        await wait_for(lambda: "500" in (engine.snapshot.value.last_error or ""), what="a 500")
        await wait_drained(station)
        assert len(sleep.delays) >= 2
    finally:
        await engine.stop()
        await mes.stop()
    assert_exactly_once_in_order(mes, station, 1500)
    assert mes.received.counts()["deliveries"] >= 1500  # timed-out batches were sent again and deduplicated


async def test_a_rejected_event_is_quarantined_and_the_rest_keep_flowing(station: Station, mes: ReferenceMes) -> None:
    await record_events(station, 30, subject=lambda i: f"lot/L{i % 3}")
    bad = (await station.store.read(lambda db: queue.next_batch(db, limit=30)))[4]   # lot/L1, seq 5
    mes.controls.reject_event_ids[bad.event_id] = "unknown work order WO-9"
    engine = make_engine(station, rest(station, mes.base_url))
    await engine.start()
    try:
        backlog = await wait_drained(station)
        assert backlog.quarantined == 1
        assert backlog.blocked == 8          # the later lot/L1 events wait behind it
        received = records_at(mes, station.station_id)
        assert len(received) == 30 - 1 - 8
        assert all(seq % 3 != 2 or seq < bad.seq for _, _, seq, _ in received)
        held = await engine.quarantined()
        assert [(h.event.event_id, h.reason, h.waiting_behind) for h in held] == [
            (bad.event_id, "unknown work order WO-9", 8)]
        await wait_for(lambda: engine.snapshot.value.quarantined == 1, what="published quarantine")
        assert station.status["mes"].value.health is Health.DEGRADED

        # Nobody logged in: the supervisor's actions are refused in the service.
        from hmi.auth import PermissionDenied
        with pytest.raises(PermissionDenied):
            await engine.retry(bad.event_id)

        mes.controls.reject_event_ids.clear()
        await login_supervisor(station)
        await engine.retry(bad.event_id, reason="work order created in the MES")
        backlog = await wait_drained(station)
        assert backlog.quarantined == 0 and backlog.pending == 0
    finally:
        await engine.stop()
        await mes.stop()
    assert_exactly_once_in_order_per_subject(mes, station, 30)
    audit_actions = await station.store.read(
        lambda db: [r[0] for r in db.execute("SELECT action FROM audit WHERE action LIKE 'sync.%' ORDER BY seq")])
    assert audit_actions == ["sync.quarantine", "sync.retry"]


async def test_skip_needs_a_reason_and_releases_the_waiting_events(station: Station, mes: ReferenceMes) -> None:
    await record_events(station, 10, subject=lambda i: "lot/L7")
    first = (await station.store.read(lambda db: queue.next_batch(db, limit=1)))[0]
    mes.controls.reject_event_ids[first.event_id] = "schema error: qty missing"
    engine = make_engine(station, rest(station, mes.base_url))
    await engine.start()
    try:
        backlog = await wait_drained(station)
        assert (backlog.quarantined, backlog.blocked) == (1, 9)
        assert records_at(mes) == []
        await login_supervisor(station)
        with pytest.raises(ValueError):
            await engine.skip(first.event_id, reason="  ")
        await engine.skip(first.event_id, reason="duplicate of a paper record")
        backlog = await wait_drained(station)
        assert backlog.pending == 0
    finally:
        await engine.stop()
        await mes.stop()
    assert [r[2] for r in records_at(mes)] == list(range(first.seq + 1, first.seq + 10))
    status = await station.store.read(lambda db: db.execute(
        "SELECT status, resolved_by, resolution_reason FROM outbox WHERE event_id = ?", [first.event_id]).fetchone())
    assert tuple(status) == ("skipped", "3001", "duplicate of a paper record")


async def test_retry_after_is_honoured(station: Station, mes: ReferenceMes) -> None:
    mes.controls.throttle_next = 2
    mes.controls.retry_after_s = 7
    sleep = RecordingSleep()
    engine = make_engine(station, rest(station, mes.base_url), sleep=sleep)
    await record_events(station, 10)
    await engine.start()
    try:
        await wait_drained(station)
    finally:
        await engine.stop()
        await mes.stop()
    assert sleep.delays[:2] == [7.0, 7.0]
    assert_exactly_once_in_order(mes, station, 10)


async def test_master_data_is_pulled_with_etags_and_new_work_orders_are_announced(
        station: Station, mes: ReferenceMes) -> None:
    applied: list[str] = []
    refusing: list[str] = []     # versions the second hook refuses (set below)

    def record(db: object, data: object, *, source: str, version: str) -> None:
        applied.append(version)

    def refuse_some(db: object, data: object, *, source: str, version: str) -> None:
        if version in refusing:
            _refuse(db, data, source=source, version=version)

    engine = make_engine(station, rest(station, mes.base_url), masterdata_hooks=(record, refuse_some))
    connector = rest(station, mes.base_url)
    try:
        first = await connector.fetch_masterdata(None)
        assert first is not None and first.etag
        assert await connector.fetch_masterdata(first.etag) is None          # 304: not modified
        demo_orders = sorted(o["order_no"] for o in first.data["work_orders"])
        assert await engine._apply_masterdata(first) == demo_orders
        new_order = {**mes.masterdata["work_orders"][0], "order_no": "WO-29999"}
        mes.masterdata = {**mes.masterdata, "version": "v2", "work_orders": [*mes.masterdata["work_orders"], new_order]}
        second = await connector.fetch_masterdata(first.etag)
        assert second is not None and second.version == "v2"
        assert await engine._apply_masterdata(second) == ["WO-29999"]
        assert engine.snapshot.value.new_work_orders == (*demo_orders, "WO-29999")
        # A bundle production's validator refuses never reaches the hooks; the last good copy stays.
        old_format = second.__class__(version="v3", etag='"x"', data={**second.data, "version": "v3",
                                                                      "work_orders": [{"id": "WO-1"}]},
                                      source="mes:rest")
        assert await engine._apply_masterdata(old_format) == []
        assert "work_orders[0].order_no" in (engine.snapshot.value.last_error or "")
        # A bundle the hook refuses leaves the last good copy in place too.
        refusing.append("v4")
        refused = second.__class__(version="v4", etag='"y"', data={**second.data, "version": "v4"}, source="mes:rest")
        assert await engine._apply_masterdata(refused) == []
        from hmi.sync.masterdata import last_good
        kept = await station.store.read(last_good)
        assert kept is not None and kept.version == "v2"
        assert "v4 not applied" in (engine.snapshot.value.last_error or "")
    finally:
        await connector.close()
        await mes.stop()
    assert applied == [first.version, "v2", "v4"]


def _refuse(db: object, data: object, *, source: str, version: str) -> None:
    raise ValueError("product PC-X unknown")


async def login_supervisor(station: Station) -> None:
    from hmi.auth import Role
    from hmi.auth.users import add_user

    await station.store.write(lambda db: add_user(db, username="3001", display_name="Park", role=Role.SUPERVISOR,
                                                   pin="3579", badge=None, min_pin_length=4,
                                                   ts=station.clock.now(), station=station.station_id,
                                                   actor="test"))
    await station.auth.login_pin("3001", "3579")


def assert_exactly_once_in_order_per_subject(mes: ReferenceMes, station: Station, count: int) -> None:
    rows = records_at(mes, station.station_id)
    assert len(rows) == count and len({r[1] for r in rows}) == count


async def test_master_data_trouble_never_holds_back_events(station: Station, mes: ReferenceMes) -> None:
    mes.controls.masterdata_status = 500
    engine = make_engine(station, rest(station, mes.base_url))
    await record_events(station, 40)
    await engine.start()
    try:
        await wait_drained(station)
    finally:
        await engine.stop()
        await mes.stop()
    assert len(records_at(mes)) == 40
    assert engine.snapshot.value.masterdata_version is None
