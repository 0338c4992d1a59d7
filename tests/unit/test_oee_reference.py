"""OEE of a scripted three-shift day with 200 stops, against a reference walked second by second.

The reference knows nothing of the product's code: it marks every second of the day as planned or
not, running, stopped or unknown, finds the stops as runs of stopped seconds, and adds up. The
product's figures (``hmi oee replay`` on the CSV, and the calculation with reasons given late) must
agree within 0.1 percentage point.
"""

from __future__ import annotations

import json
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from hmi.config import load_config
from hmi.oee.calculation import Count, Interval, compute, find_stops, shift_window
from hmi.oee.calendar import ShiftCalendar
from hmi.oee.reasons import reason_spans, set_reason
from hmi.oee.states import State
from tests.oee_support import FAULT_REASONS, T0, T1, Script, build

DEMO = Path(__file__).resolve().parents[2] / "resources" / "demo" / "station.toml"
THRESHOLD = 30
IDEAL = 3.6              # the demo config's ideal_cycle_s
TOLERANCE = 0.001        # 0.1 percentage point, as a fraction
STOPPED = ("stopped", "fault", "setup")


@dataclass
class Reference:
    shift: str
    planned: int
    run: int
    unknown: int
    micro_stops: int
    good: int
    scrap: int
    by_reason: dict[str, int]

    @property
    def availability(self) -> float:
        return self.run / self.planned

    @property
    def performance(self) -> float:
        return IDEAL * (self.good + self.scrap) / self.run

    @property
    def quality(self) -> float:
        return self.good / (self.good + self.scrap)

    @property
    def oee(self) -> float:
        return self.availability * self.performance * self.quality


# The demo config's shifts, written out by hand: (name, day offset, start, end, breaks).
SHIFTS = [
    ("Night", -1, "22:00", "06:00", [("01:00", "01:15"), ("03:30", "04:00")]),
    ("Morning", 0, "06:00", "14:00", [("09:00", "09:15"), ("11:30", "12:00")]),
    ("Afternoon", 0, "14:00", "22:00", [("17:00", "17:15"), ("19:30", "20:00")]),
    ("Night", 0, "22:00", "06:00", [("01:00", "01:15"), ("03:30", "04:00")]),
]


def _at(day: int, clock: str, after: int | None = None) -> int:
    from tests.oee_support import local

    ts = local(day, clock)
    return ts + 86400 if after is not None and ts <= after else ts


def reference(script: Script, late: dict[int, tuple[str, float | None]]) -> list[Reference]:
    """Second by second. ``late``: k-th downtime stop -> (reason, split fraction or None for all of it)."""
    n = T1 - T0
    state = ["unknown"] * n
    fault = [""] * n
    for start, end, st, code in script.segments:
        for s in range(start - T0, end - T0):
            state[s] = st
            fault[s] = code
    # Stops: runs of stopped seconds; an unknown second ends a run.
    kind = [""] * n          # "", "micro" or "down"
    reason = [""] * n
    stop_id = [-1] * n
    s = 0
    stop_no = down_no = 0
    while s < n:
        if state[s] not in STOPPED:
            s += 1
            continue
        e = s
        while e < n and state[e] in STOPPED:
            e += 1
        down = e - s >= THRESHOLD
        mapped = next((FAULT_REASONS[fault[k]] for k in range(s, e) if fault[k] in FAULT_REASONS), "unassigned")
        labels = [mapped] * (e - s)
        if down:
            if down_no in late:
                new, split = late[down_no]
                first = 0 if split is None else int((e - s) * split)
                labels[first:] = [new] * (e - s - first)
            down_no += 1
        for k in range(s, e):
            kind[k] = "down" if down else "micro"
            reason[k] = labels[k - s]
            stop_id[k] = stop_no
        stop_no += 1
        s = e
    out = []
    for name, day, start_clock, end_clock, breaks in SHIFTS:
        start = _at(day, start_clock)
        end = _at(day, end_clock, after=start)
        in_break = set()
        for lo, hi in breaks:
            b_lo = _at(day, lo, after=start - 1)
            b_hi = _at(day, hi, after=b_lo)
            in_break.update(range(b_lo, b_hi))
        planned = unknown = downtime = 0
        micro_ids: set[int] = set()
        by_reason: dict[str, int] = {}
        for ts in range(max(start, T0), min(end, T1)):
            if ts in in_break:
                continue
            planned += 1
            k = ts - T0
            if state[k] == "unknown":
                unknown += 1
            elif kind[k] == "down":
                downtime += 1
                by_reason[reason[k]] = by_reason.get(reason[k], 0) + 1
            elif kind[k] == "micro":
                micro_ids.add(stop_id[k])
        # Planned seconds outside the log are unknown too.
        for ts in list(range(start, min(end, T0))) + list(range(max(start, T1), end)):
            if ts not in in_break:
                planned += 1
                unknown += 1
        good = sum(g for ts, g, _ in script.counts if start <= ts < end)
        scrap = sum(x for ts, _, x in script.counts if start <= ts < end)
        out.append(Reference(name, planned, planned - unknown - downtime, unknown, len(micro_ids), good, scrap,
                             by_reason))
    return out


def assert_agrees(got: dict[str, object], ref: Reference) -> None:
    assert got["shift"] == ref.shift
    assert got["planned_s"] == pytest.approx(ref.planned, abs=1)
    assert got["unknown_s"] == pytest.approx(ref.unknown, abs=1)
    assert got["run_s"] == pytest.approx(ref.run, abs=1)
    assert got["micro_stops"] == ref.micro_stops
    assert (got["good"], got["scrap"]) == (ref.good, ref.scrap)
    by_reason = got["downtime_s_by_reason"]
    assert isinstance(by_reason, dict)
    assert set(by_reason) == set(ref.by_reason)
    for key, seconds in ref.by_reason.items():
        assert by_reason[key] == pytest.approx(seconds, abs=1), key
    if ref.run and ref.good + ref.scrap:
        for key in ("availability", "performance", "quality", "oee"):
            assert got[key] == pytest.approx(getattr(ref, key), abs=TOLERANCE), key


@pytest.fixture(scope="module")
def script() -> Script:
    return build()


@pytest.fixture
def config_file(tmp_path: Path) -> Path:
    text = DEMO.read_text(encoding="utf-8")
    # The demo maps the script's fault codes as the script does ("999" stays unmapped).
    assert all(f'"{k}" = "{v}"' in text for k, v in FAULT_REASONS.items()) and '"999"' not in text
    path = tmp_path / "station.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_the_day_has_what_the_issue_asks_for(script: Script) -> None:
    stops = [seg for seg in script.segments if seg[2] in STOPPED]
    assert script.stops == 200
    assert any(seg[2] == "unknown" for seg in script.segments)               # one restart
    assert any(seg[1] - seg[0] < THRESHOLD for seg in stops)                 # micro-stops
    ref = reference(script, {})
    assert sum(r.micro_stops for r in ref) > 60
    # One downtime event crosses 14:00 (it counts in both shifts).
    assert ref[1].by_reason.get("DT-RECT") and ref[2].by_reason.get("DT-RECT")


def test_replay_agrees_with_the_second_by_second_reference(script: Script, config_file: Path, tmp_path: Path) -> None:
    log = script.write_csv(tmp_path / "machine.csv")
    result = subprocess.run([sys.executable, "-m", "hmi.cli.main", "oee", "replay", "--config", str(config_file),
                             "--log", str(log), "--json"], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    rows = json.loads(result.stdout)
    refs = reference(script, {})
    assert [r["shift"] for r in rows] == [r.shift for r in refs]
    for row, ref in zip(rows, refs, strict=True):
        assert_agrees(row, ref)
        assert row["micro_stop_s"] == THRESHOLD and row["ideal_cycle_s"] == IDEAL
        assert row["start"].endswith("+09:00") and all(len(b) == 2 for b in row["breaks"])
    assert rows[1]["performance"] < 1.0 and not rows[1]["warnings"]


def test_reasons_given_late_and_split_agree(script: Script) -> None:
    """The live path: stops from the state intervals, reasons set afterwards (some split in two)."""
    section = load_config(DEMO).oee
    assert section is not None
    intervals = [Interval(start=a, end=b, state=State(st), fault_code=code or None)
                 for a, b, st, code in script.segments]
    stops = find_stops(intervals, micro_stop_s=THRESHOLD, reason_for=FAULT_REASONS.get)
    downtime = [i for i, stop in enumerate(stops) if stop.downtime]
    late: dict[int, tuple[str, float | None]] = {}
    for k in range(0, len(downtime), 7):
        late[k] = ("DT-MAT", None)
    for k in range(3, len(downtime), 11):
        late[k] = ("DT-QUAL", 0.5)
    for k, (reason, split) in late.items():
        stop = stops[downtime[k]]
        points = tuple((span.start, span.reason) for span in stop.reasons)
        since = None if split is None else stop.start + int(stop.duration * split)
        points = set_reason(points, reason, start=stop.start, since=since)
        stops[downtime[k]] = type(stop)(start=stop.start, end=stop.end, state=stop.state, downtime=True,
                                        reasons=reason_spans(points, start=stop.start, end=stop.end))
    counts = [Count(ts=ts, good=g, scrap=x) for ts, g, x in script.counts]
    calendar = ShiftCalendar.from_config(section)
    refs = reference(script, late)
    for shift, ref in zip(calendar.windows(T0, T1), refs, strict=True):
        fig = compute(shift_window(shift), intervals=intervals, stops=stops, counts=counts, ideal_cycle_s=IDEAL)
        assert_agrees({"shift": shift.name, "planned_s": fig.planned_s, "unknown_s": fig.unknown_s,
                       "run_s": fig.run_s, "micro_stops": fig.micro_stops, "good": fig.good, "scrap": fig.scrap,
                       "downtime_s_by_reason": fig.downtime_s_by_reason, "availability": fig.availability,
                       "performance": fig.performance, "quality": fig.quality, "oee": fig.oee}, ref)
    assert any("DT-QUAL" in r.by_reason for r in refs) and any("DT-MAT" in r.by_reason for r in refs)
