"""A believable day of the anodizing line in history.db, for the demo and the screenshots.

The equipment simulators publish live samples; this fills the day before, with a temperature
spike and a 20-minute communication loss on the rectifier (BAD), so trends have something to show.
"""

from __future__ import annotations

import math
import random

from hmi.historian.historian import Historian
from hmi.historian.tag_info import TagInfo
from hmi.tags.sample import Quality, Sample

DEMO_TAGS: dict[str, TagInfo] = {
    "ano.bath1.temp": TagInfo(unit="°C", description="Anodizing bath 1 temperature", range_lo=15, range_hi=25,
                              limits=(("alarm", 22.0), ("control", 19.0), ("control", 21.0))),
    "ano.rect1.voltage": TagInfo(unit="V", description="Rectifier 1 voltage", range_lo=0, range_hi=20),
    "ano.rect1.current": TagInfo(unit="A", description="Rectifier 1 current", range_lo=0, range_hi=300),
    "ano.conveyor.speed": TagInfo(unit="m/min", description="Conveyor speed", range_lo=0, range_hi=3),
    "ano.coat.thickness": TagInfo(unit="µm", description="Coating thickness", range_lo=8, range_hi=16,
                                  limits=(("alarm", 10.0), ("alarm", 14.0), ("control", 11.0), ("control", 13.0))),
}


def _values(t: float, rng: random.Random) -> dict[str, float]:
    hour = t / 3600.0
    load = 0.5 + 0.5 * math.sin(hour / 24 * 2 * math.pi * 3)  # three shifts
    return {
        "ano.bath1.temp": 20.0 + 0.4 * math.sin(hour * 1.7) + rng.gauss(0, 0.03),
        "ano.rect1.voltage": 15.0 + 0.6 * load + rng.gauss(0, 0.05),
        "ano.rect1.current": 180.0 + 60.0 * load + rng.gauss(0, 1.0),
        "ano.conveyor.speed": 1.2 + (0.1 if load > 0.5 else 0.0) + rng.gauss(0, 0.005),
        "ano.coat.thickness": 12.0 + 0.35 * math.sin(hour * 0.9) + rng.gauss(0, 0.04),
    }


async def seed_demo_day(historian: Historian, *, now: float, step_s: float = 5.0) -> None:
    """Fill the 24 h before ``now`` (once: does nothing when the demo tags already have history)."""
    for name, info in DEMO_TAGS.items():
        historian.describe(name, info)
    if set(DEMO_TAGS) <= set(await historian.tags()):
        return
    rng = random.Random(4)
    start = now - 86_400.0
    spike_at = now - 6.5 * 3600.0
    gap = (now - 15 * 3600.0, now - 15 * 3600.0 + 1200.0)
    t = start
    while t <= now:
        for tag, value in _values(t, rng).items():
            quality = Quality.GOOD
            if tag == "ano.bath1.temp" and abs(t - spike_at) < 40:
                value += 4.5 * (1 - abs(t - spike_at) / 40)
            if tag.startswith("ano.rect1") and gap[0] <= t < gap[1]:
                quality = Quality.BAD
            historian.accept(Sample(tag, t, value, quality))
        t += step_s
    await historian.flush()
