"""The station's one backoff: capped, exponential, with jitter, so that hundreds of stations do not
hammer a recovering peer in step."""

from __future__ import annotations

import random


def jittered_delay(*, initial_s: float, max_s: float, failures: int, rng: random.Random) -> float:
    """The wait after ``failures`` earlier failures: uniform in [initial/2, min(max, initial * 2^n)]."""
    ceiling = min(max_s, initial_s * (2 ** min(max(failures, 0), 30)))
    return rng.uniform(min(initial_s / 2, ceiling), ceiling)


class Backoff:
    def __init__(self, *, initial_s: float, max_s: float, rng: random.Random | None = None) -> None:
        self._initial = initial_s
        self._max = max_s
        self._rng = rng or random.Random()
        self.failures = 0

    def next_delay(self) -> float:
        delay = jittered_delay(initial_s=self._initial, max_s=self._max, failures=self.failures, rng=self._rng)
        self.failures += 1
        return delay

    def reset(self) -> None:
        self.failures = 0
