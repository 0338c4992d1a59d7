"""A believable day of the anodizing line in history.db, for the demo and the screenshots.

The equipment simulators publish live samples; this fills the day before, with a temperature
spike and a 20-minute communication loss on the rectifier (BAD), so trends have something to show.
"""

from __future__ import annotations

import math
import random

from hmi.historian.historian import Historian
from hmi.historian.tag_info import TagInfo
from hmi.historian.views import TrendView
from hmi.tags.sample import Quality, Sample

# The demo station's tag names (resources/demo/station.toml); units, ranges and limits come from
# the config, these are only used where a name is missing there.
DEMO_VIEW = TrendView(name="Anodizing line", pens=("bath_temp", "bath_conc", "rectifier_voltage",
                                                   "rectifier_current", "conveyor_speed", "oxide_thickness"))
DEMO_TAGS: dict[str, TagInfo] = {
    "bath_temp": TagInfo(unit="°C", description="Anodizing bath temperature", range_lo=0, range_hi=40,
                         limits=(("alarm", 22.0), ("control", 19.0), ("control", 21.0))),
    "bath_conc": TagInfo(unit="g/L", description="Acid concentration", range_lo=150, range_hi=210),
    "rectifier_voltage": TagInfo(unit="V", description="Rectifier voltage", range_lo=0, range_hi=24),
    "rectifier_current": TagInfo(unit="A", description="Rectifier current", range_lo=0, range_hi=200),
    "conveyor_speed": TagInfo(unit="m/min", description="Conveyor speed", range_lo=0, range_hi=5),
    "oxide_thickness": TagInfo(unit="µm", description="Oxide thickness", range_lo=9, range_hi=15,
                               limits=(("alarm", 10.5), ("alarm", 13.5), ("control", 11.0), ("control", 13.0))),
}


def _values(t: float, rng: random.Random) -> dict[str, float]:
    hour = t / 3600.0
    load = 0.5 + 0.5 * math.sin(hour / 24 * 2 * math.pi * 3)  # three shifts
    return {
        "bath_temp": 20.0 + 0.4 * math.sin(hour * 1.7) + rng.gauss(0, 0.03),
        "bath_conc": 180.0 - 3.0 * (hour % 24) / 24 + rng.gauss(0, 0.2),
        "rectifier_voltage": 15.0 + 0.6 * load + rng.gauss(0, 0.05),
        "rectifier_current": 120.0 + 40.0 * load + rng.gauss(0, 1.0),
        "conveyor_speed": 1.2 + (0.1 if load > 0.5 else 0.0) + rng.gauss(0, 0.005),
        "oxide_thickness": 12.0 + 0.35 * math.sin(hour * 0.9) + rng.gauss(0, 0.04),
    }


async def seed_demo_day(historian: Historian, *, now: float, step_s: float = 5.0) -> None:
    """Fill the 24 h before ``now`` (once: does nothing when the demo tags already have history)."""
    for name, info in DEMO_TAGS.items():
        if not historian.info(name).unit:
            historian.describe(name, info)
    if await historian.raw("bath_temp", now - 86_400.0, now - 3_600.0):
        return  # seeded before (live samples of the last hour do not count)
    rng = random.Random(4)
    start = now - 86_400.0
    spike_at = now - 6.5 * 3600.0
    gap = (now - 15 * 3600.0, now - 15 * 3600.0 + 1200.0)
    t = start
    while t <= now:
        for tag, value in _values(t, rng).items():
            quality = Quality.GOOD
            if tag == "bath_temp" and abs(t - spike_at) < 40:
                value += 4.5 * (1 - abs(t - spike_at) / 40)
            if tag.startswith("rectifier") and gap[0] <= t < gap[1]:
                quality = Quality.BAD
            historian.accept(Sample(tag, t, value, quality))
        t += step_s
    await historian.flush()
