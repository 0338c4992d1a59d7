"""What a trend needs to know about a tag besides its samples: unit, range, format, limit lines."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from hmi.tags.display import DEFAULT_FORMAT, display_format

if TYPE_CHECKING:  # hmi.config imports hmi.historian (the [history] section)
    from hmi.config import StationConfig


@dataclass(frozen=True, slots=True)
class TagInfo:
    unit: str = ""
    description: str = ""
    range_lo: float | None = None
    range_hi: float | None = None
    # (kind, value): kind is "alarm" or "control".
    limits: tuple[tuple[str, float], ...] = field(default_factory=tuple)
    description_ko: str = ""
    format: str = DEFAULT_FORMAT   # the tag's display format (hmi.tags.display)

    def caption(self, tag: str, *, korean: bool) -> str:
        return (self.description_ko if korean and self.description_ko else self.description) or tag


def tag_infos(config: StationConfig) -> dict[str, TagInfo]:
    infos: dict[str, TagInfo] = {}
    names = set(config.tags) | set(config.historian.limits)
    for name in names:
        tag = config.tags.get(name)
        limits = config.historian.limits.get(name)
        lines: list[tuple[str, float]] = []
        if limits is not None:
            lines += [("alarm", v) for v in (limits.alarm_lo, limits.alarm_hi) if v is not None]
            lines += [("control", v) for v in (limits.control_lo, limits.control_hi) if v is not None]
        infos[name] = TagInfo(
            unit=tag.unit if tag else "",
            description=tag.description if tag else "",
            range_lo=tag.range_lo if tag else None,
            range_hi=tag.range_hi if tag else None,
            limits=tuple(lines),
            description_ko=tag.description_ko if tag else "",
            format=display_format(tag) if tag else DEFAULT_FORMAT,
        )
    return infos
