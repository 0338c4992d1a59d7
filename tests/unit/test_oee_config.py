"""The [oee] section and the shift calendar: mistakes named by key; midnight, breaks and days off placed right."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import pytest

from hmi.config import load_config
from hmi.oee.calendar import ShiftCalendar
from hmi.oee.config import ShiftConfig
from hmi.oee.replay import ReplayError, read_log
from hmi.oee.states import State, StateMap, UnmappedState
from tests.config_support import config_problems
from tests.conftest import DEMO_CONFIG
from tests.unit.test_config import GOOD_STATION

TAG = '[tags.state]\naddress = "opcua://x/ns=2;s=State"\n'
OEE = '[oee]\nstate_tag = "state"\n'
SHIFT = '[[oee.shifts]]\nname = "A"\nstart = "06:00"\nend = "14:00"\n'


def test_demo_has_three_shifts_with_breaks_and_an_ideal_cycle_time() -> None:
    section = load_config(DEMO_CONFIG).oee
    assert section is not None
    assert [s.name for s in section.shifts] == ["Morning", "Afternoon", "Night"]
    assert all(s.breaks for s in section.shifts) and section.ideal_cycle_s


@pytest.mark.parametrize(("text", "expected"), [
    (OEE.replace('"state"', '"nope"') + SHIFT, "oee.state_tag: unknown tag 'nope'; expected one of the [tags.*] names"),
    (OEE + SHIFT + 'breaks = [["15:00", "15:10"]]\n', "oee.shifts.0: break 15:00-15:10 lies outside the shift 06:00-14:00"),
    (OEE + SHIFT + SHIFT.replace('"A"', '"B"').replace("06:00", "13:00").replace("14:00", "20:00"),
     "oee: shifts 'A' and 'B' overlap"),
    (OEE + SHIFT.replace("06:00", "6am"), "oee.shifts.0.start: 'string_pattern_mismatch'"),
    (OEE + 'timezone = "Mars/Olympus"\n' + SHIFT, "oee.timezone: unknown time zone 'Mars/Olympus'"),
    (OEE + 'days_off = ["25 Dec"]\n' + SHIFT, "days_off: '25 Dec' is not a date"),
    (OEE + SHIFT + 'days = ["monday"]\n', "oee.shifts.0.days: unknown weekday 'monday'"),
    (OEE + '[oee.states]\n"1" = "runing"\n' + SHIFT, "oee.states.1: expected one of"),
])
def test_each_mistake_names_its_key(tmp_path: Path, text: str, expected: str) -> None:
    problems = config_problems(tmp_path, GOOD_STATION + TAG + text)
    if "string_pattern_mismatch" in expected:
        assert any(p.startswith("oee.shifts.0.start:") and "not allowed" in p for p in problems), problems
    else:
        assert any(expected in p for p in problems), problems


def test_a_night_shift_crosses_midnight_with_its_breaks_on_the_next_day() -> None:
    night = ShiftConfig(name="N", start="22:00", end="06:00", breaks=[("23:30", "23:45"), ("02:00", "02:30")])
    calendar = ShiftCalendar(shifts=[night], timezone="Asia/Seoul", days_off=[date(2026, 12, 25)])
    (window,) = calendar.on_day(date(2026, 12, 1))
    iso = [datetime.fromtimestamp(t, calendar.tz).isoformat() for t in (window.start, window.end, *window.breaks[1])]
    assert iso == ["2026-12-01T22:00:00+09:00", "2026-12-02T06:00:00+09:00",
                   "2026-12-02T02:00:00+09:00", "2026-12-02T02:30:00+09:00"]
    assert sum(hi - lo for lo, hi in window.planned) == 8 * 3600 - 45 * 60
    assert calendar.on_day(date(2026, 12, 25)) == []
    # The shift of the 24th still runs into the day off: it started on a working day.
    assert calendar.shift_at(datetime(2026, 12, 25, 3, 0, tzinfo=calendar.tz).timestamp()) is not None


def test_state_values_map_to_canonical_states() -> None:
    states = StateMap(mapping={"1": State.RUNNING, "RUN": State.RUNNING})
    assert states.state(1) is State.RUNNING and states.state(1.0) is State.RUNNING
    assert states.state("fault") is State.FAULT and states.state(None) is State.UNKNOWN
    with pytest.raises(UnmappedState, match="'7' is not mapped"):
        states.state(7)


@pytest.mark.parametrize(("row", "expected"), [
    ("2026-12-01T06:00:00,running,0,0,", "line 2: ts: '2026-12-01T06:00:00' has no offset"),
    ("yesterday,running,0,0,", "line 2: ts: expected ISO 8601 with an offset"),
    ("2026-12-01T06:00:00+09:00,9,0,0,", "line 2: state: state value '9' is not mapped"),
    ("2026-12-01T06:00:00+09:00,running,many,0,", "line 2: good_total: expected a whole number; got 'many'"),
])
def test_a_bad_log_row_names_its_line_and_what_was_expected(tmp_path: Path, row: str, expected: str) -> None:
    path = tmp_path / "m.csv"
    path.write_text(f"ts,state,good_total,scrap_total,fault_code\n{row}\n", encoding="utf-8")
    with pytest.raises(ReplayError) as caught:
        read_log(path, states=StateMap(mapping={}))
    assert f"{path}: {expected}" in str(caught.value)


def test_replay_without_an_ideal_cycle_time_is_a_clear_error(tmp_path: Path) -> None:
    import subprocess
    import sys

    config = tmp_path / "station.toml"
    config.write_text(GOOD_STATION + TAG + OEE + SHIFT, encoding="utf-8")
    log = tmp_path / "m.csv"
    log.write_text("ts,state,good_total,scrap_total,fault_code\n2026-12-01T06:00:00+00:00,running,0,0,\n",
                   encoding="utf-8")
    result = subprocess.run([sys.executable, "-m", "hmi.cli.main", "oee", "replay", "--config", str(config),
                             "--log", str(log)], capture_output=True, text=True, timeout=60)
    assert result.returncode == 2
    assert f"{config}: oee.ideal_cycle_s: missing; expected the ideal cycle time in seconds" in result.stderr
