"""A day of downtime and three shift summaries made while the MES is down reach it once, in order, afterwards."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from hmi.auth import Role
from hmi.clock import ManualClock
from hmi.station import Station
from plugins.mes.reference_mes.server import ReferenceMes
from tests.downtime_support import OEE_TYPES, Line, Recorder, live_config, oee_events
from tests.mes_helpers import wait_drained
from tests.oee_support import local
from tests.production_support import load_demo, login, start_demo_lot

pytestmark = pytest.mark.integration


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock(start=local(0, "05:50"))


async def test_a_24_hour_outage_then_every_downtime_and_oee_event_arrives_once_in_order(
        make_station: Callable[..., Station], clock: ManualClock, tmp_path: Path) -> None:
    mes = ReferenceMes(db_path=tmp_path / "mes.db")
    await mes.start()
    port = mes.port
    await mes.stop()
    mes.close()                                   # connection refused from here on: the MES is down
    station = make_station(live_config(sections={
        "mes": {"driver": "rest", "base_url": f"http://127.0.0.1:{port}/api/v1", "timeout_s": 2},
        "sync": {"poll_interval_s": 0.05, "backoff_initial_s": 0.01, "backoff_max_s": 0.2,
                 "masterdata_interval_s": 3600}}))
    await station.start()
    mes = ReferenceMes(db_path=tmp_path / "mes.db", port=port)
    try:
        await load_demo(station)
        await login(station, Role.OPERATOR)
        await start_demo_lot(station)
        recorder = Recorder(Line(station, clock))
        await recorder.begin()
        await recorder.run_until(local(1, "06:10"), step_s=300)
        await recorder.line.tick()
        waiting = await oee_events(station)
        kinds = [e.type for e in waiting]
        assert kinds.count("oee.shift_closed") == 4          # last night's end, morning, afternoon, night
        assert kinds.count("downtime.started") == kinds.count("downtime.ended") >= 20
        await mes.start()                                    # back on the same port after a day
        await wait_drained(station)
        received = [r for r in mes.received.events(station.station_id) if r[3] in OEE_TYPES]
        assert [r[1] for r in received] == [e.event_id for e in waiting]     # every one, once, in order
        assert len({r[1] for r in received}) == len(received)
    finally:
        await station.stop()
        await mes.stop()
        mes.close()
