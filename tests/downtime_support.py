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


def live_config(*, sections: dict[str, Any] | None = None, **oee: Any) -> StationConfig:
    # Time without a lot is a planned stop here, as station.toml's default has it (the demo's line counts it lost).
    section = {**tomllib.loads(DEMO_CONFIG.read_text(encoding="utf-8"))["oee"], "fault_code_tag": FAULT,
               "fault_reasons": {"101": "DT-RECT", "102": "DT-BATH"}, "no_order_is_planned": True, **oee}
    return station_config(connections={}, production={"counter_tag": COUNTER}, oee=section, **(sections or {}), tags={
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


# A scripted stretch of production, driven live and written as a replay log at the same time -----------------
STOP_LENGTHS = (5, 10, 20, 29, 30, 31, 45, 90, 300, 600)
FIXED_STOPS = {"13:58:30": (240, 2, 101), "09:05": (120, 0, 0), "11:28": (180, 2, 102)}   # clock: (s, raw, fault)
RAW_NAMES = {0: "stopped", 1: "running", 2: "fault", 3: "setup"}


class Recorder:
    """Feeds the line and writes what it fed as ``ts,state,good_total,scrap_total,fault_code`` rows."""

    def __init__(self, line: Line) -> None:
        self.line = line
        self.rows: list[str] = ["ts,state,good_total,scrap_total,fault_code"]
        self.good = self.scrap = 0
        self.raw = 1
        self.fault = 0
        self._part = 0.0

    def _row(self) -> None:
        from datetime import datetime

        from tests.oee_support import TZ

        when = datetime.fromtimestamp(self.line.clock.now(), TZ).isoformat()
        code = "" if self.fault == 0 else str(self.fault)
        self.rows.append(f"{when},{RAW_NAMES[self.raw]},{self.good},{self.scrap},{code}")

    async def begin(self) -> None:
        self.line.publish(COUNTER, self.line.counter)        # the counter's first value only sets its base
        await self.line.state(1, fault=0)
        self._row()

    async def state(self, raw: int, fault: int = 0) -> None:
        self.raw, self.fault = raw, fault
        await self.line.state(raw, fault=fault)
        self._row()

    async def advance(self, seconds: float, *, step_s: float = 60.0, cycle_s: float = 4.0) -> None:
        """Time passes; while running a part is made every ``cycle_s`` and reported once a step."""
        station = self.line.station
        while seconds > 1e-9:
            step = min(step_s, seconds)
            self.line.clock.advance(step)
            seconds -= step
            if self.raw == 1:
                self._part += step / cycle_s
                made = int(self._part)
                if made:
                    self._part -= made
                    self.good += made
                    await self.line.parts(made)
                    if self.good // 40 != (self.good - made) // 40:
                        self.scrap += 1
                        await station.production.lots.add_count(scrap=1)
                    self._row()
            await self.line.tick()

    async def run_until(self, until: float, *, seed: int = 18, step_s: float = 60.0) -> None:
        """Random runs and stops until ``until``, with the fixed stops at their clock times."""
        import random

        from tests.oee_support import TZ

        rng = random.Random(seed)
        clock = self.line.clock
        fixed: dict[float, tuple[int, int, int]] = {}
        from datetime import datetime

        day = datetime.fromtimestamp(clock.now(), TZ).date()
        for text, spec in FIXED_STOPS.items():
            h, m, *s = (int(p) for p in text.split(":"))
            fixed[datetime(day.year, day.month, day.day, h, m, s[0] if s else 0, tzinfo=TZ).timestamp()] = spec
        while clock.now() < until:
            run = rng.uniform(120, 900)
            next_fixed = min((t for t in fixed if t > clock.now()), default=None)
            if next_fixed is not None and clock.now() + run >= next_fixed:
                await self.advance(next_fixed - clock.now(), step_s=step_s)
                length, raw, fault = fixed.pop(next_fixed)
            else:
                await self.advance(min(run, until - clock.now()), step_s=step_s)
                if clock.now() >= until:
                    break
                length = rng.choice(STOP_LENGTHS)
                raw = rng.choice((0, 0, 2, 3))
                fault = rng.choice((101, 102, 999)) if raw == 2 else 0
            await self.state(raw, fault)
            await self.advance(length, step_s=15.0)
            await self.state(1, 0)

    def write(self, path: Any) -> Any:
        path.write_text("\n".join(self.rows) + "\n", encoding="utf-8")
        return path
