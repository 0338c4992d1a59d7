"""OEE benchmark: live figures after a state change, and a month of shift summaries.

A station (the demo [oee] section, three shifts with breaks) gets a month of production written as
the live station writes it: state intervals with ~60 stops per shift (micro-stops, downtime events
with reasons), a lot, and its counter's counts once a minute.

1. Live figures: a state sample is published on the bus; printed is the time until the live
   figures (shift, hour by hour, open downtime) reflect it, median and 95th percentile over
   alternating stops and runs. Beside it, the baseline: the same figures computed from the raw
   rows of the store for the current shift. Target: ≤ 1 s.
2. A month of shift summaries (90 shifts) read from the summary records the station keeps, beside
   the baseline computing each shift from the raw rows in the same run. Target: ≤ 100 ms.

Absolute figures on a shared machine mean little; the ratio to the baseline of the same run does.

Run: .venv/bin/python benchmarks/oee.py [--days 30] [--changes 20]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from hmi.clock import ManualClock
from hmi.oee import records
from hmi.oee.calculation import hour_windows, shift_window
from hmi.oee.replay import shift_json
from hmi.oee.states import State
from hmi.station import Station
from hmi.tags import Quality, Sample
from tests.downtime_support import STATE, live_config
from tests.oee_support import TZ
from tests.production_support import load_demo

STOPS = (5, 10, 20, 29, 45, 90, 300, 600)
REASONS = ("DT-RECT", "DT-BATH", "DT-MAT", "DT-RACK", "DT-CONV", "unassigned")


def write_month(db: object, station: str, *, start: float, end: float, seed: int = 18) -> int:
    """State intervals, downtime events and counts from ``start`` to ``end``, as the live station keeps them."""
    rng = random.Random(seed)
    conn = db.conn  # type: ignore[attr-defined]
    conn.execute("INSERT INTO lots (lot_no, station, work_order, product, operation, status, started_at, started_by) "
                 "SELECT 'BENCH-0001', ?, order_no, product, operation, 'running', ?, 'bench' FROM md_work_orders "
                 "LIMIT 1", [station, start])
    lot_id = conn.execute("SELECT id FROM lots WHERE lot_no = 'BENCH-0001'").fetchone()[0]
    states, events, counts = [], [], []
    ts = start
    while ts < end:
        run = rng.uniform(120, 900)
        states.append((station, ts, ts + run, "running", None))
        minute = ts
        while minute + 60 <= ts + run:
            counts.append((lot_id, minute + 60, "system:counter", "count", 15, 0))
            minute += 60
        ts += run
        length = rng.choice(STOPS)
        state = rng.choice(("stopped", "fault", "setup"))
        states.append((station, ts, ts + length, state, "101" if state == "fault" else None))
        if length >= 30:
            reason = rng.choice(REASONS)
            points = [] if reason == "unassigned" else [[ts, reason]]
            events.append((station, ts, ts + length, state, "machine", 0, None, "BENCH-0001", json.dumps(points)))
        ts += length
    conn.executemany("INSERT INTO machine_states (station, start_ts, end_ts, state, fault_code) VALUES (?, ?, ?, ?, ?)",
                     states)
    conn.executemany("INSERT INTO downtime_events (station, start_ts, end_ts, state, source, paused, fault_code, "
                     "lot_no, reasons) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", events)
    conn.executemany("INSERT INTO lot_events (lot_id, ts, actor, kind, good_delta, scrap_delta) "
                     "VALUES (?, ?, ?, ?, ?, ?)", counts)
    return len(states)


def _ms(values: list[float]) -> str:
    ordered = sorted(values)
    p95 = ordered[max(0, round(0.95 * len(ordered)) - 1)]
    return f"median {statistics.median(ordered) * 1000:7.1f} ms   p95 {p95 * 1000:7.1f} ms"


async def main(days: int, changes: int) -> None:
    from datetime import datetime, timedelta

    first = datetime(2026, 11, 1, 5, 50, tzinfo=TZ).timestamp()
    now = (datetime(2026, 11, 1, 10, 0, tzinfo=TZ) + timedelta(days=days)).timestamp()
    clock = ManualClock(start=now)
    with tempfile.TemporaryDirectory() as folder:
        station = Station(config=live_config(), clock=clock, data_dir=Path(folder) / "data").open()
        await load_demo(station)
        rows = await station.store.write(lambda db: write_month(db, station.station_id, start=first, end=now))
        oee = station.oee
        assert oee is not None
        shifts = [s for s in oee._calendar.windows(first, now) if s.end <= now]

        # 2a. Baseline: every shift of the month from the raw rows (and the summaries written from it).
        start = time.perf_counter()
        summaries = []
        for shift in shifts:
            inputs = await oee._inputs(shift.start, shift.end, now=now, from_memory=False)
            summaries.append((shift, shift_json(shift, oee._figures(shift_window(shift), inputs),
                                                section=oee.section)))
        raw_month = time.perf_counter() - start

        def keep(db: object) -> None:
            for shift, figures in summaries:
                records.close_shift(db, station=station.station_id, shift=shift.name,  # type: ignore[arg-type]
                                    day=shift.day.isoformat(), start=shift.start, end=shift.end, figures=figures,
                                    now=now, actor="bench")

        await station.store.write(keep)
        await station.start()
        try:
            from hmi.auth import Role
            from tests.production_support import login

            await login(station, Role.SUPERVISOR)
            # 2b. The month from the summary records.
            reads = []
            for _ in range(10):
                start = time.perf_counter()
                month = await oee.shift_summaries(since=shifts[0].start, until=now)
                reads.append(time.perf_counter() - start)
            assert len(month) == len(shifts)

            # 1. Live figures after a state change, beside the raw-rows baseline for the current shift.
            await oee.idle()
            latencies, baselines = [], []
            state = 1
            for i in range(changes):
                clock.advance(45.0)
                state = 0 if state == 1 else 1
                wanted = State.RUNNING if state == 1 else State.STOPPED
                shown = asyncio.Event()

                def seen(live: object, wanted: State = wanted, shown: asyncio.Event = shown) -> None:
                    if getattr(live, "state", None) is wanted:
                        shown.set()

                unsubscribe = oee.live.subscribe(seen, replay=False)
                start = time.perf_counter()
                station.bus.publish(Sample(STATE, clock.now(), state, Quality.GOOD))
                await shown.wait()
                unsubscribe()
                latencies.append(time.perf_counter() - start)
                current = oee._calendar.shift_at(clock.now())
                assert current is not None
                start = time.perf_counter()
                inputs = await oee._inputs(current.start, current.end, now=clock.now(), from_memory=False)
                window = shift_window(current)
                oee._figures(window, inputs)
                for hour in hour_windows(window, hour_starts=oee._calendar.hour_starts(current.start, current.end)):
                    if hour.start < clock.now():
                        oee._figures(hour, inputs)
                baselines.append(time.perf_counter() - start)
                del i
        finally:
            await station.stop()
            station.close()
    print(f"OEE benchmark: {days} days, {len(shifts)} shifts, {rows} state intervals")
    print(f"1. live figures after a state change    {_ms(latencies)}   (target <= 1000 ms)")
    print(f"   baseline: the shift from raw rows     {_ms(baselines)}")
    print(f"2. a month of shift summaries (records)  {_ms(reads)}   (target <= 100 ms)")
    print(f"   baseline: the month from raw rows     {raw_month * 1000:7.1f} ms")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--days", type=int, default=30)
    parser.add_argument("--changes", type=int, default=20)
    args = parser.parse_args()
    asyncio.run(main(args.days, args.changes))
