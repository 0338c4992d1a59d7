"""Demo data for the sync screen: a backlog while the MES is unreachable, and one refused event."""

from __future__ import annotations

from hmi import outbox
from hmi.station import Station
from hmi.sync import queue
from hmi.sync.connector import EventOutcome, Outcome


async def seed_sync_demo(station: Station) -> None:
    now = station.clock.now()

    def write(db):  # type: ignore[no-untyped-def]
        refused = None
        for i in range(240):
            lot = f"L24{i % 4:04d}"
            event = outbox.enqueue(db, station_id=station.station_id, type="defect.recorded",
                                   payload={"defect_id": 1000 + i, "lot_id": lot, "code": "D-SCR", "quantity": 1,
                                            "actor": "1001"},
                                   occurred_at=now - 3600 * 5 + i * 60, subject=f"lot/{lot}")
            if i == 6:
                refused = event
        if refused is not None:
            queue.apply_outcomes(db, [EventOutcome(refused.event_id, Outcome.REJECTED,
                                                   "422: work order WO-23999 is closed in the MES")],
                                 now=now, station_id=station.station_id)

    await station.store.write(write)
    await station.sync.refresh()
