"""The line's stops, as a real line has them: mostly short ones, some long, faults with a PLC fault code.

Deterministic for the process's random generator. ``scale`` shortens every stop (a demo wants to
show a long stop without waiting ten minutes); micro-stops stay below a 30 s threshold at any scale.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

# PLC fault codes the demo's [oee.fault_reasons] maps to downtime reasons.
FAULT_CODES = (101, 102, 103, 104)     # rectifier trip, bath out of range, rack jammed, conveyor overload


@dataclass(frozen=True, slots=True)
class PlannedStop:
    state: int            # MachineState value: 0 idle, 2 fault, 3 maintenance (setup)
    seconds: float
    fault_code: int = 0


class StopPlan:
    def __init__(self, *, rng: random.Random, mean_run_s: float, scale: float = 1.0) -> None:
        self._rng = rng
        self.mean_run_s = mean_run_s
        self.scale = scale

    def next_run_s(self) -> float:
        """Running time until the next stop (exponential, at least 10 s)."""
        return max(10.0, self._rng.expovariate(1.0 / self.mean_run_s))

    def next_stop(self) -> PlannedStop:
        rng = self._rng
        kind = rng.random()
        if kind < 0.45:                                   # micro-stop: a part stuck for a moment
            return PlannedStop(state=0, seconds=rng.uniform(3.0, 20.0))
        if kind < 0.70:                                   # waiting: material, operator away
            return PlannedStop(state=0, seconds=max(31.0, rng.uniform(60.0, 300.0) * self.scale))
        if kind < 0.90:                                   # a fault, with its code
            return PlannedStop(state=2, seconds=max(31.0, rng.uniform(45.0, 600.0) * self.scale),
                               fault_code=rng.choice(FAULT_CODES))
        return PlannedStop(state=3, seconds=max(31.0, rng.uniform(120.0, 600.0) * self.scale))   # setup
