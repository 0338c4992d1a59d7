"""The simulated line stops as a real one does: short and long stops, faults with a code, no parts while stopped."""

from __future__ import annotations

from plugins.simulators.process import AnodizingProcess, MachineState
from plugins.simulators.stops import FAULT_CODES


def test_a_simulated_day_has_micro_stops_long_stops_and_coded_faults_and_no_parts_while_stopped() -> None:
    process = AnodizingProcess(seed=3, stops_every_s=240.0)
    stops: list[tuple[MachineState, float, int]] = []
    current: tuple[MachineState, float, int] | None = None
    parts_while_stopped = 0
    dt = 0.5
    for _ in range(int(8 * 3600 / dt)):
        before = process.part_counter
        process.step(dt)
        if process.state is not MachineState.RUNNING:
            parts_while_stopped += process.part_counter - before
            if current is None:
                current = (process.state, 0.0, process.fault_code)
            current = (current[0], current[1] + dt, current[2])
            assert (process.fault_code != 0) == (process.state is MachineState.FAULT)
        elif current is not None:
            stops.append(current)
            current = None
    assert parts_while_stopped == 0
    assert process.part_counter > 3000                     # it mostly runs
    assert len(stops) > 40
    assert any(seconds < 30 for _, seconds, _ in stops)    # micro-stops
    assert any(seconds > 60 for _, seconds, _ in stops)    # downtime
    faults = [code for state, _, code in stops if state is MachineState.FAULT]
    assert faults and set(faults) <= set(FAULT_CODES)
    assert {state for state, _, _ in stops} == {MachineState.IDLE, MachineState.FAULT, MachineState.MAINTENANCE}


def test_without_stops_every_the_line_runs_as_before() -> None:
    process = AnodizingProcess(seed=3)
    for _ in range(7200):
        process.step(0.5)
    assert process.state is MachineState.RUNNING and process.fault_code == 0
