"""The live OEE tests' line: the demo [oee] section on a station without equipment, fed through the bus."""

from __future__ import annotations

import tomllib
from typing import Any

from hmi import outbox
from hmi.clock import ManualClock
from hmi.config import StationConfig
from hmi.station import Station
from hmi.tags import Quality, Sample
from tests.conftest import DEMO_CONFIG, station_config

STATE = "machine_state"
FAULT = "fault_code"
COUNTER = "Line.GoodCount"
OEE_TYPES = ("downtime.started", "downtime.ended", "downtime.reason_set", "oee.shift_closed")


def live_config(**oee: Any) -> StationConfig:
    section = {**tomllib.loads(DEMO_CONFIG.read_text(encoding="utf-8"))["oee"], "fault_code_tag": FAULT,
               "fault_reasons": {"101": "DT-RECT", "102": "DT-BATH"}, **oee}
    return station_config(connections={}, production={"counter_tag": COUNTER}, oee=section, tags={
        STATE: {"address": "opcua://line/ns=2;s=State", "data_type": "int32"},
        FAULT: {"address": "opcua://line/ns=2;s=Fault", "data_type": "int32"}})


class Line:
    """The machine as the bus sees it: its state, its fault code and its part counter, stamped by the clock."""

    def __init__(self, station: Station, clock: ManualClock) -> None:
        self.station, self.clock, self.counter = station, clock, 1000

    def publish(self, tag: str, value: object) -> None:
        self.station.bus.publish(Sample(tag, self.clock.now(), value, Quality.GOOD))

    async def state(self, raw: int, *, fault: int | None = None) -> None:
        if fault is not None:
            self.publish(FAULT, fault)
        self.publish(STATE, raw)
        await self.idle()

    async def parts(self, n: int) -> None:
        self.counter += n
        self.publish(COUNTER, self.counter)
        await self.station.production.lots.idle()
        await self.idle()

    async def run_for(self, seconds: float, *, every_s: float = 3.6) -> None:
        """Advance the clock while the line makes a part every ``every_s``."""
        made = 0.0
        left = seconds
        while left > 0:
            step = min(every_s, left)
            self.clock.advance(step)
            left -= step
            made += step
            if made >= every_s - 1e-9:
                made -= every_s
                await self.parts(1)

    async def idle(self) -> None:
        assert self.station.oee is not None
        await self.station.oee.idle()

    async def tick(self) -> None:
        assert self.station.oee is not None
        await self.station.oee.tick()


async def oee_events(station: Station) -> list[outbox.OutboxEvent]:
    return [e for e in await station.store.read(lambda db: outbox.pending(db, limit=100_000)) if e.type in OEE_TYPES]
