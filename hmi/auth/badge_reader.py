"""Telling a badge reader from a person: readers type a whole code in a burst and press Enter."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class BadgeBurstDetector:
    """Feed it every typed character with its time; on Enter it says whether that was a scan."""

    max_gap_s: float = 0.05
    min_length: int = 4
    _chars: list[str] = field(default_factory=list)
    _last: float | None = None

    def feed(self, char: str, t: float) -> None:
        if self._last is not None and t - self._last > self.max_gap_s:
            self._chars.clear()
        self._chars.append(char)
        self._last = t

    def enter(self, t: float) -> str | None:
        """The scanned code if the characters came as a burst, else None. Resets either way."""
        burst = (
            len(self._chars) >= self.min_length
            and self._last is not None
            and t - self._last <= self.max_gap_s * 4
        )
        code = "".join(self._chars) if burst else None
        self.reset()
        return code

    def reset(self) -> None:
        self._chars.clear()
        self._last = None
