"""Pending defect proposals survive a restart of the station and leave only when the operator handles them."""

from __future__ import annotations

import asyncio
import time
from pathlib import Path
from typing import Any

from hmi import audit, outbox
from hmi.auth import Role
from hmi.clock import ManualClock
from hmi.production import records
from hmi.production.proposals import ProposalAlreadyHandled, add, pending
from hmi.station import Station
from hmi.tags import Quality, Sample
from tests.conftest import station_config
from tests.production_support import LOT, load_demo, login, start_demo_lot

CHECK = {"tag": "Part.Thickness", "lo": 15.0, "hi": 25.0, "unit": "µm", "code_low": "FILM-THIN",
         "code_high": "FILM-THICK", "action": "propose"}
CONFIG = station_config(connections={}, tags={}, production={"snapshot_tags": ["Bath1.Temp", "Rectifier1.Voltage"],
                                                             "defect_checks": [CHECK]})


async def _station_with_a_proposal(make_station: Any, clock: ManualClock) -> Station:
    """A running lot and one proposal (thickness 14.2 µm, below 15) with the recipe of that moment."""
    station: Station = make_station(CONFIG)
    await station.start()
    await load_demo(station)
    await login(station, Role.OPERATOR)
    await start_demo_lot(station)
    station.bus.publish(Sample("Bath1.Temp", clock.now(), 21.5, Quality.GOOD))
    station.bus.publish(Sample("Rectifier1.Voltage", clock.now(), 15.2, Quality.GOOD))
    clock.advance(1)
    station.bus.publish(Sample("Part.Thickness", clock.now(), 14.2, Quality.GOOD))
    await station.production.defects.idle()
    assert len(station.production.defects.proposals.value) == 1
    return station


async def _restart(station: Station, make_station: Any) -> Station:
    await station.stop()
    station.close()
    again: Station = make_station(CONFIG, data_dir=station.data_dir)
    await again.start()
    return again


async def test_a_proposal_survives_a_restart_and_confirming_it_records_the_defect(
    make_station: Any, clock: ManualClock
) -> None:
    first = await _station_with_a_proposal(make_station, clock)
    before = first.production.defects.proposals.value[0]
    station = await _restart(first, make_station)
    try:
        restored = station.production.defects.proposals.value
        assert restored == (before,)  # the same id, lot, product, code, measurement and recipe
        proposal = restored[0]
        assert (proposal.lot_no, proposal.product, proposal.code) == (LOT, "PC-A15-BLK", "FILM-THIN")
        assert proposal.measurement["value"] == 14.2 and proposal.measurement["unit"] == "µm"
        assert proposal.recipe["Bath1.Temp"]["value"] == 21.5
        assert proposal.recipe["Rectifier1.Voltage"]["value"] == 15.2

        clock.advance(1)  # still outside the limits after the restart: the same excursion, no second proposal
        station.bus.publish(Sample("Part.Thickness", clock.now(), 14.0, Quality.GOOD))
        await station.production.defects.idle()
        assert len(station.production.defects.proposals.value) == 1

        await login(station, Role.OPERATOR)
        defect = await station.production.defects.confirm_proposal(proposal.id)
        assert station.production.defects.proposals.value == ()
        assert await station.store.read(lambda db: pending(db, station.station_id)) == []
        lot = await station.store.read(lambda db: records.lot_by_number(db, LOT))
        assert lot is not None
        defects = await station.store.read(lambda db: records.defects_of_lot(db, lot.id))
        assert [(d.id, d.code, d.origin) for d in defects] == [(defect.id, "FILM-THIN", "automatic")]
        assert defect.measurement == proposal.measurement and defect.recipe == proposal.recipe
        entries = list(reversed(await station.store.read(lambda db: audit.entries(db))))  # oldest first
        trail = [(e.action, e.object_id) for e in entries if e.action.startswith("defect.")]
        assert trail == [("defect.proposed", LOT), ("defect.proposal_confirmed", LOT),
                         ("defect.record", str(defect.id))]
        assert entries[[e.action for e in entries].index("defect.proposed")].after["product"] == "PC-A15-BLK"
        events = await station.store.read(lambda db: outbox.pending(db))
        assert [e.payload["measurement"]["value"] for e in events if e.type == "defect.recorded"] == [14.2]
        assert (await station.store.read(lambda db: audit.verify(db))).ok
    finally:
        station = await _restart(station, make_station)  # and it stays handled
        assert station.production.defects.proposals.value == ()
        await station.stop()


async def test_a_dismissed_proposal_does_not_come_back(make_station: Any, clock: ManualClock) -> None:
    station = await _station_with_a_proposal(make_station, clock)
    try:
        proposal = station.production.defects.proposals.value[0]
        await station.production.defects.dismiss_proposal(proposal.id)
        station = await _restart(station, make_station)
        assert station.production.defects.proposals.value == ()
        dismissed = [e for e in await station.store.read(lambda db: audit.entries(db))
                     if e.action == "defect.proposal_dismissed"]
        assert [(e.actor, e.after["measurement"]["value"]) for e in dismissed] == [("1001", 14.2)]
    finally:
        await station.stop()


async def test_two_taps_on_confirm_record_one_defect(make_station: Any, clock: ManualClock) -> None:
    station = await _station_with_a_proposal(make_station, clock)
    try:
        proposal = station.production.defects.proposals.value[0]
        first, second = await asyncio.gather(station.production.defects.confirm_proposal(proposal.id),
                                             station.production.defects.confirm_proposal(proposal.id),
                                             return_exceptions=True)
        assert isinstance(first, records.Defect) and isinstance(second, ProposalAlreadyHandled)
        lot = await station.store.read(lambda db: records.lot_by_number(db, LOT))
        assert lot is not None
        assert len(await station.store.read(lambda db: records.defects_of_lot(db, lot.id))) == 1
        assert station.production.defects.proposals.value == ()
    finally:
        await station.stop()


async def test_a_proposal_made_just_before_stop_is_kept(make_station: Any, clock: ManualClock) -> None:
    station = await _station_with_a_proposal(make_station, clock)
    busy = asyncio.ensure_future(station.store.write(lambda _db: time.sleep(0.3)))  # a slow write ahead of it
    for value in (20.0, 30.0):  # back inside, then above: a second proposal, published just before the stop
        clock.advance(1)
        station.bus.publish(Sample("Part.Thickness", clock.now(), value, Quality.GOOD))
    station = await _restart(station, make_station)  # stop() lets the queued proposal commit
    await busy
    try:
        assert [p.code for p in station.production.defects.proposals.value] == ["FILM-THIN", "FILM-THICK"]
    finally:
        await station.stop()


async def test_proposals_close_with_their_lot_at_finish_and_after_a_restart(
    make_station: Any, clock: ManualClock
) -> None:
    from tests.production_support import sign_all_steps

    station = await _station_with_a_proposal(make_station, clock)
    try:
        await station.production.lots.add_count(good=1)
        await sign_all_steps(station)
        await station.production.lots.finish(confirm_good=1, confirm_scrap=0)
        assert station.production.defects.proposals.value == ()
        await station.production.defects.idle()
        assert await station.store.read(lambda db: pending(db, station.station_id)) == []
        actions = [e.action for e in await station.store.read(lambda db: audit.entries(db, limit=1000))]
        assert "defect.proposal_closed" in actions
    finally:
        await station.stop()

    # A proposal left in station.db for a lot that is no longer active (a crash before it was closed).
    again: Station = make_station(CONFIG, data_dir=station.data_dir)
    now = clock.now()
    await again.store.write(lambda db: add(
        db, station=again.station_id, lot_no=LOT, product="PC-A15-BLK", code="FILM-THIN",
        measurement={"tag": "Part.Thickness", "value": 14.0}, recipe={}, ts=now))
    await again.start()
    try:
        assert again.production.defects.proposals.value == ()
        await again.production.defects.idle()
        assert await again.store.read(lambda db: pending(db, again.station_id)) == []
    finally:
        await again.stop()


def test_an_answered_proposals_id_is_never_given_again_even_across_the_upgrade(tmp_path: Path) -> None:
    """A station.db from before 0037: proposal 3 was answered (its row gone, its audit entry kept). After
    the upgrade the next proposal is 4, not 3 again (the id names it in the audit, SPC and MES event)."""
    from hmi.store.database import connect
    from hmi.store.migrator import load_migrations, migrate

    path = tmp_path / "station.db"
    db = connect(path)
    migrate(db, path, [m for m in load_migrations() if m.version != 37])

    def propose(ts: float) -> int:
        found = add(db, station="st", lot_no=f"L-{ts:g}", product="P", code="C", measurement={"value": ts},
                    recipe={}, ts=ts)
        assert found is not None
        return found.id

    assert [propose(1), propose(2), propose(3)] == [1, 2, 3]
    db.execute("DELETE FROM defect_proposals WHERE id = 3")   # answered (confirm and dismiss delete the row)
    db.conn.commit()
    migrate(db, path)
    assert [p.id for p in pending(db, "st")] == [1, 2]
    assert propose(4) == 4
    db.execute("DELETE FROM defect_proposals WHERE id = 4")
    assert propose(5) == 5
    db.close()
