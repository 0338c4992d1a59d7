"""Telling a badge reader from a person: readers type a whole code in a burst and press Enter.

A person typing a user ID quickly and pressing Enter must never be taken for a scan (that cleared the
field). So a scan is what no person types: a code longer than any user ID (``min_length``), every
key of it, and the Enter, coming faster than a person can type (``max_gap_s``), and, when the site's
badges carry one, starting with the configured ``prefix``.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class BadgeBurstDetector:
    """Feed it every typed character with its time; on Enter it says whether that was a scan."""

    max_gap_s: float = 0.035      # a reader types a character every few ms; a fast person every 80 ms or more
    min_length: int = 8           # longer than a user ID (4-6 characters at the plants we know)
    prefix: str = ""              # e.g. "BADGE-": then only codes starting with it are scans
    _chars: list[str] = field(default_factory=list)
    _last: float | None = None

    def feed(self, char: str, t: float) -> None:
        if self._last is not None and t - self._last > self.max_gap_s:
            self._chars.clear()   # a pause: whatever comes next starts a new candidate
        self._chars.append(char)
        self._last = t

    def enter(self, t: float) -> str | None:
        """The scanned code if the characters came as a burst, else None. Resets either way."""
        code = "".join(self._chars)
        burst = (
            len(code) >= self.min_length
            and self._last is not None
            and t - self._last <= self.max_gap_s
            and code.startswith(self.prefix)
        )
        self.reset()
        return code if burst else None

    def reset(self) -> None:
        self._chars.clear()
        self._last = None
