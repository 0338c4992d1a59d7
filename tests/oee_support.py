"""A scripted production day for the OEE tests: a machine log with its ground truth, second by second.

The day is 2026-12-01 in Asia/Seoul with the demo config's three shifts (06-14, 14-22, 22-06) and
their breaks. 200 stops: random ones between fixed cases (across a shift boundary, inside and across
breaks, exactly at the threshold, two states in one stop, one station restart).
"""

from __future__ import annotations

import random
import zoneinfo
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path

TZ = zoneinfo.ZoneInfo("Asia/Seoul")
DAY = datetime(2026, 12, 1, tzinfo=TZ)
FAULT_REASONS = {"101": "DT-RECT", "102": "DT-BATH"}      # "999" is deliberately not mapped
RAW = {"running": "1", "stopped": "0", "fault": "2", "setup": "3"}


def local(day_offset: int, clock: str) -> int:
    hours, minutes, *rest = (int(p) for p in clock.split(":"))
    moment = DAY + timedelta(days=day_offset, hours=hours, minutes=minutes, seconds=rest[0] if rest else 0)
    return int(moment.timestamp())


T0 = local(0, "05:58")
T1 = local(1, "06:00")


@dataclass
class Script:
    # (start, end, state, fault_code): contiguous from T0 to T1; state "unknown" is the station off.
    segments: list[tuple[int, int, str, str]] = field(default_factory=list)
    # (ts, good, scrap): parts reported at a row.
    counts: list[tuple[int, int, int]] = field(default_factory=list)
    rows: list[tuple[int, str, int | None, int | None, str]] = field(default_factory=list)

    @property
    def stops(self) -> int:
        n = 0
        for (_, _, a, _), (_, _, b, _) in zip(self.segments, self.segments[1:], strict=False):
            n += a not in ("stopped", "fault", "setup") and b in ("stopped", "fault", "setup")
        return n + (self.segments[0][2] in ("stopped", "fault", "setup"))

    def write_csv(self, path: Path, *, raw_every: int = 3) -> Path:
        lines = ["ts,state,good_total,scrap_total,fault_code"]
        for i, (ts, state, good, scrap, code) in enumerate(self.rows):
            shown = "" if state == "unknown" else (RAW[state] if i % raw_every == 0 else state)
            when = datetime.fromtimestamp(ts, TZ).isoformat()
            lines.append(f"{when},{shown},{'' if good is None else good},{'' if scrap is None else scrap},{code}")
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
        return path


# Fixed stops: (start, [(seconds, state, fault_code), ...]); a gap of unknown is the station restart.
FIXED: list[tuple[int, list[tuple[int, str, str]]]] = [
    (local(0, "09:03"), [(300, "stopped", "")]),                          # inside the 09:00-09:15 break
    (local(0, "11:25"), [(900, "fault", "102")]),                         # into the 11:30 break
    (local(0, "13:57"), [(420, "fault", "101")]),                         # across the 14:00 shift change
    (local(0, "15:59:40"), [(20, "stopped", ""), (900, "unknown", ""), (40, "stopped", "")]),  # restart
    (local(0, "17:05"), [(10, "stopped", "")]),                           # micro-stop inside a break
    (local(0, "21:59:45"), [(30, "stopped", "")]),                        # exactly the threshold, across 22:00
    (local(1, "00:58"), [(1140, "fault", "999")]),                        # over the 01:00 break, code unmapped
    (local(1, "03:00"), [(10, "stopped", ""), (60, "fault", "101")]),     # two states, one stop
    (local(1, "04:10"), [(29, "setup", "")]),                             # just below the threshold
]


SLOT = 380   # one random stop per slot at most: 40-200 s into it, at most 150 s long


def build(seed: int = 18, total_stops: int = 200) -> Script:
    rng = random.Random(seed)
    fixed = sorted(FIXED)
    fixed_stops = len(fixed) + 1      # the restart splits its stop in two
    random_needed = total_stops - fixed_stops
    script = Script()
    plan: list[tuple[int, int, str, str]] = []
    cursor = T0
    pending = list(fixed)
    # Random stops only in the free stretches; spread evenly so that the needed number fits.
    free = []
    edge = T0
    for start, parts in fixed:
        free.append((edge + 60, start - 300))
        edge = start + sum(p[0] for p in parts)
    free.append((edge + 60, T1 - 300))
    free_total = sum(hi - lo for lo, hi in free)
    slots: list[int] = sorted(rng.sample(range(free_total // SLOT), random_needed))
    starts = []
    for slot in slots:
        offset = slot * SLOT + rng.randint(40, 200)
        for lo, hi in free:
            if offset < hi - lo:
                starts.append(lo + offset)
                break
            offset -= hi - lo
    random_stops = []
    for start in starts:
        kind = rng.random()
        if kind < 0.45:
            parts = [(rng.randint(2, 29), rng.choice(["stopped", "setup"]), "")]
        elif kind < 0.55:
            parts = [(rng.choice([29, 30, 31]), "stopped", "")]
        else:
            parts = [(rng.randint(32, 150), rng.choice(["stopped", "fault", "fault"]),
                      rng.choice(["", "101", "102", "999"]))]
        random_stops.append((start, [(d, s, c if s == "fault" else "") for d, s, c in parts]))
    pending = sorted(fixed + random_stops)
    for start, parts in pending:
        if start > cursor:
            plan.append((cursor, start, "running", ""))
        t = start
        for seconds, state, code in parts:
            plan.append((t, t + seconds, state, code))
            t += seconds
        cursor = t
    plan.append((cursor, T1, "running", ""))
    script.segments = plan
    # Rows: one per segment, and every 120 s while running, with the counter totals at that moment.
    good = scrap = 0
    parts_made = 0
    carry = 0.0
    for start, end, state, code in plan:
        if state != "running":
            script.rows.append((start, state, None if state == "unknown" else good,
                                None if state == "unknown" else scrap, code))
            continue
        t = start
        while t < end:
            script.rows.append((t, "running", good, scrap, ""))
            step = min(120, end - t)
            carry += step / 6.4          # a little slower than the 6.0 s ideal cycle
            made = int(carry)
            carry -= made
            new_scrap = sum(1 for k in range(parts_made + 1, parts_made + made + 1) if k % 40 == 0)
            parts_made += made
            good += made - new_scrap
            scrap += new_scrap
            t += step
            if made and t <= T1:
                script.counts.append((t, made - new_scrap, new_scrap))
    script.rows.append((T1, "running", good, scrap, ""))
    # A count reported at a row: the row at t carries it (the last row at T1 included).
    assert script.stops == total_stops, script.stops
    return script
