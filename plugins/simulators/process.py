"""A believable anodizing line, deterministic for a seed: the values the simulator serves.

Bath temperature and sulfuric-acid concentration drift around their setpoints, the rectifier
follows the line state, the conveyor moves parts, and every finished part gets a colour (ΔE) and
an oxide-thickness measurement that now and then falls outside its limits. With ``stops_every_s``
the line stops now and then (``plugins.simulators.stops``): short and long stops, faults with a
fault code, setups; no part is made while it stands.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from enum import IntEnum

from plugins.simulators.stops import StopPlan


class MachineState(IntEnum):
    IDLE = 0
    RUNNING = 1
    FAULT = 2
    MAINTENANCE = 3


# Limits the demo's alarms and defects use.
THICKNESS_TARGET_UM = 15.0
THICKNESS_LIMITS_UM = (13.0, 17.0)
COLOUR_DELTA_E_LIMIT = 1.5


@dataclass(slots=True)
class PartMeasurement:
    part_no: int
    colour_delta_e: float
    thickness_um: float


class AnodizingProcess:
    def __init__(self, *, seed: int = 0, fault_every_s: float = 0.0, part_every_s: float = 4.0,
                 stops_every_s: float = 0.0, stop_scale: float = 1.0) -> None:
        self._rng = random.Random(seed)
        self.fault_every_s = fault_every_s
        self.part_every_s = part_every_s
        self.state = MachineState.RUNNING
        self.bath_temp_setpoint_c = 20.0
        self.bath_temp_c = 19.6
        self.bath_conc_gl = 180.0
        self.rectifier_voltage_v = 15.0
        self.rectifier_current_a = 120.0
        self.conveyor_speed_setpoint = 1.20
        self.conveyor_speed_m_min = 1.20
        self.part_counter = 0
        self.last_part = PartMeasurement(0, 0.0, THICKNESS_TARGET_UM)
        self.elapsed_s = 0.0
        self._part_progress = 0.0
        self._since_fault = 0.0
        self._fault_left = 0.0
        # The oxide-thickness gauge: mean offset, its drift per part and the part-to-part spread (SPC demos
        # and tests make the measurement drift); outlier_rate is the share of parts thrown out of limits.
        self.thickness_offset_um = 0.0
        self.thickness_drift_um_per_part = 0.0
        self.thickness_sigma_um = 0.7
        self.outlier_rate = 0.06
        self.fault_code = 0
        self.stops = StopPlan(rng=random.Random(seed + 1), mean_run_s=stops_every_s, scale=stop_scale) \
            if stops_every_s > 0 else None
        self._run_left = self.stops.next_run_s() if self.stops else 0.0
        self._stop_left = 0.0

    def force_stop(self, state: MachineState, seconds: float, *, fault_code: int = 0) -> None:
        """Stop the line for ``seconds`` in ``state`` (IDLE, FAULT or MAINTENANCE), with a fault code on faults."""
        self.state = state
        self.fault_code = fault_code if state is MachineState.FAULT else 0
        self._stop_left = seconds

    def force_fault(self, seconds: float = 5.0, *, fault_code: int = 101) -> None:
        self.state = MachineState.FAULT
        self.fault_code = fault_code
        self._fault_left = seconds

    def step(self, dt: float) -> None:
        rng = self._rng
        self.elapsed_s += dt
        if self.fault_every_s > 0 and self.state is MachineState.RUNNING:
            self._since_fault += dt
            if self._since_fault >= self.fault_every_s:
                self._since_fault = 0.0
                self.force_fault(5.0)
        self._planned_stops(dt)
        if self.state is MachineState.FAULT and self._fault_left > 0:
            self._fault_left -= dt
            if self._fault_left <= 0:
                self.state = MachineState.RUNNING
                self.fault_code = 0
        running = self.state is MachineState.RUNNING
        # First-order approach to the setpoint with measurement noise.
        self.bath_temp_c += (self.bath_temp_setpoint_c - self.bath_temp_c) * min(1.0, dt / 30.0) + rng.gauss(0, 0.02)
        self.bath_conc_gl += rng.gauss(0, 0.05) + (180.0 - self.bath_conc_gl) * min(1.0, dt / 120.0)
        target_v = 15.0 if running else 0.0
        target_a = 120.0 + 4.0 * (self.bath_conc_gl - 180.0) if running else 0.0
        self.rectifier_voltage_v += (target_v - self.rectifier_voltage_v) * min(1.0, dt / 1.5) + (rng.gauss(0, 0.03) if running else 0)
        self.rectifier_current_a += (target_a - self.rectifier_current_a) * min(1.0, dt / 1.5) + (rng.gauss(0, 0.4) if running else 0)
        target_speed = self.conveyor_speed_setpoint if running else 0.0
        self.conveyor_speed_m_min += (target_speed - self.conveyor_speed_m_min) * min(1.0, dt / 2.0)
        self.conveyor_speed_m_min = max(0.0, self.conveyor_speed_m_min)
        if running:
            self._part_progress += dt * max(self.conveyor_speed_m_min, 0.05) / 1.2
            if self._part_progress >= self.part_every_s:
                self._part_progress = 0.0
                self._finish_part()

    def _planned_stops(self, dt: float) -> None:
        if self._stop_left > 0:
            self._stop_left -= dt
            if self._stop_left <= 0:
                self.state, self.fault_code = MachineState.RUNNING, 0
                self._run_left = self.stops.next_run_s() if self.stops is not None else 0.0
            return
        if self.stops is None or self.state is not MachineState.RUNNING:
            return
        self._run_left -= dt
        if self._run_left <= 0:
            stop = self.stops.next_stop()
            self.force_stop(MachineState(stop.state), stop.seconds, fault_code=stop.fault_code)

    def _finish_part(self) -> None:
        rng = self._rng
        self.part_counter += 1
        self.thickness_offset_um += self.thickness_drift_um_per_part
        thickness = rng.gauss(THICKNESS_TARGET_UM + self.thickness_offset_um, self.thickness_sigma_um)
        delta_e = abs(rng.gauss(0.6, 0.3))
        if rng.random() < self.outlier_rate:  # now and then a part out of limits
            if rng.random() < 0.5:
                thickness = rng.choice((rng.uniform(11.5, 12.9), rng.uniform(17.1, 18.5)))
            else:
                delta_e = rng.uniform(1.6, 2.8)
        self.last_part = PartMeasurement(self.part_counter, round(delta_e, 3), round(thickness, 2))
