"""Master data end to end: the reference MES serves production's bundle, the station's own sync engine
pulls it, and production's tables hold it; a changed bundle replaces it, a bad one leaves the last good copy."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from pathlib import Path
from typing import Any

import pytest

from hmi.production.masterdata import current_version
from hmi.station import Station
from hmi.sync.masterdata import last_good
from plugins.mes.reference_mes.server import ReferenceMes, demo_masterdata
from tests.conftest import station_config
from tests.mes_helpers import wait_for

pytestmark = pytest.mark.integration

FAST_SYNC = {"poll_interval_s": 0.02, "backoff_initial_s": 0.01, "backoff_max_s": 0.05,
             "masterdata_interval_s": 3600}


@pytest.fixture
async def mes(tmp_path: Path) -> AsyncIterator[ReferenceMes]:
    server = ReferenceMes(db_path=tmp_path / "mes.db", seed=3)
    await server.start()
    yield server
    await server.stop()
    server.close()


def _orders(db: Any) -> set[str]:
    return {row[0] for row in db.execute("SELECT order_no FROM md_work_orders")}


def _count(sql: str) -> Callable[[Any], int]:
    return lambda db: int(db.execute(sql).fetchone()[0])


async def test_the_station_pulls_productions_bundle_from_the_mes_and_keeps_the_last_good_copy(
        make_station: Callable[..., Station], mes: ReferenceMes) -> None:
    station = make_station(station_config(mes={"driver": "rest", "base_url": mes.base_url, "timeout_s": 2},
                                          sync=FAST_SYNC))
    demo = demo_masterdata()
    demo_orders = sorted(o["order_no"] for o in demo["work_orders"])
    sync = station.sync
    await sync.start()
    try:
        await wait_for(lambda: sync.snapshot.value.masterdata_version == demo["version"], what="the first bundle")
        assert await station.store.read(_orders) == set(demo_orders)
        assert await station.store.read(current_version) == demo["version"]
        assert await station.store.read(_count("SELECT count(*) FROM md_images")) == len(demo["images"])
        assert sync.snapshot.value.new_work_orders == tuple(demo_orders)
        applied = await station.store.read(_count("SELECT count(*) FROM audit WHERE action = 'masterdata.apply' "
                                                  "AND actor = 'system:mes'"))
        assert applied == 1

        # Unchanged (304): nothing is applied again.
        requests = mes.requests
        await sync.pull_masterdata_now()
        await wait_for(lambda: mes.requests > requests, what="a second pull")
        await wait_for(lambda: station.status["mes"].value.summary.startswith("online"), what="online")
        assert await station.store.read(_count("SELECT count(*) FROM md_bundles")) == 1

        # A new version: one order done, one new, and a new alarm limit.
        sync.acknowledge_new_work_orders()
        new_order = {**demo["work_orders"][0], "order_no": "WO-30001", "planned_qty": 50}
        mes.masterdata = {**demo, "version": "2026.11-demo.2",
                          "work_orders": [*demo["work_orders"][1:], new_order],
                          "limits": [{"alarm_id": "bath_temp_hi", "limit": 22.5, "deadband": 0.4},
                                     {"alarm_id": "no_such_alarm", "limit": 1.0}]}
        await sync.pull_masterdata_now()
        await wait_for(lambda: sync.snapshot.value.masterdata_version == "2026.11-demo.2", what="the new bundle")
        expected = {o["order_no"] for o in demo["work_orders"][1:]} | {"WO-30001"}
        assert await station.store.read(_orders) == expected
        assert sync.snapshot.value.new_work_orders == ("WO-30001",)
        assert "WO-30001" in station.status["mes"].value.summary
        await wait_for(lambda: station.alarms.core.definitions["bath_temp_hi"].limit == 22.5, what="the limit")
        assert station.alarms.core.definitions["bath_temp_hi"].deadband == 0.4

        # A bad bundle (the old MES format) is refused; production keeps the last good copy.
        mes.masterdata = {**demo, "version": "2026.11-demo.3", "work_orders": [{"id": "WO-1", "quantity": 5}]}
        await sync.pull_masterdata_now()
        await wait_for(lambda: "2026.11-demo.3 not applied" in (sync.snapshot.value.last_error or ""),
                       what="the refusal")
        assert "work_orders[0].order_no" in (sync.snapshot.value.last_error or "")
        assert "WO-30001" in await station.store.read(_orders)
        assert await station.store.read(current_version) == "2026.11-demo.2"
        kept = await station.store.read(last_good)
        assert kept is not None and kept.version == "2026.11-demo.2"
        assert await station.store.read(_count("SELECT count(*) FROM masterdata_cache WHERE status = 'failed'")) == 1
    finally:
        await sync.stop()
        await mes.stop()    # its keep-alive handlers belong to this test
