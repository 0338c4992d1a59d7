"""A measurement seen by both the limit check and SPC is proposed once, whichever check saves first."""

from __future__ import annotations

import asyncio
from typing import Any

from hmi.auth import Role
from hmi.clock import ManualClock
from hmi.station import Station
from hmi.tags import Quality, Sample
from tests.conftest import station_config
from tests.production_support import load_demo, login, start_demo_lot


async def _one_thin_part(station: Station, clock: ManualClock) -> None:
    """Both checks save their proposal before the loop hears of either, as on a busy panel."""
    await station.spc.idle()                      # the lot's chart is ready: both checks see the sample
    clock.advance(1)
    station.bus.publish(Sample("oxide_thickness", clock.now(), 12.4, Quality.GOOD))
    await asyncio.sleep(0)                        # both checks have handed their write to the writer thread
    station.store.write_blocking(lambda _db: None)   # ...which has run both, while the loop stood still
    await station.production.defects.idle()
    await station.spc.idle()


async def test_the_limit_check_and_spc_propose_one_defect_for_one_thin_part(make_station: Any,
                                                                             clock: ManualClock) -> None:
    station: Station = make_station(station_config(connections={}, tags={}))
    await station.start()
    try:
        await load_demo(station)
        await login(station, Role.OPERATOR)
        await start_demo_lot(station)
        await _one_thin_part(station, clock)
        pending = station.production.defects.proposals.value
        assert [p.code for p in pending] == ["FILM-THIN"], pending
        stored = await station.store.read(lambda db: db.execute("SELECT count(*) FROM defect_proposals").fetchone()[0])
        assert stored == 1                        # a restart brings back one proposal, not two
        violations = await station.spc.violations()
        assert [v.rule for v in violations] == ["nelson-1"]   # SPC still records its violation
        assert violations[0].proposal_id in (None, pending[0].id)
    finally:
        await station.stop()
