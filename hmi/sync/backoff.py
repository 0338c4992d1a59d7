"""Exponential backoff with full jitter: hundreds of stations do not hammer a recovering MES in step."""

from __future__ import annotations

import random


class Backoff:
    def __init__(self, *, initial_s: float, max_s: float, rng: random.Random | None = None) -> None:
        self._initial = initial_s
        self._max = max_s
        self._rng = rng or random.Random()
        self.failures = 0

    def next_delay(self) -> float:
        """The wait before the next attempt: uniform in [initial/2, min(max, initial * 2^n)]."""
        ceiling = min(self._max, self._initial * (2 ** min(self.failures, 30)))
        self.failures += 1
        return self._rng.uniform(min(self._initial / 2, ceiling), ceiling)

    def reset(self) -> None:
        self.failures = 0
