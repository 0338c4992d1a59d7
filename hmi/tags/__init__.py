"""Tags: what the station knows about each equipment value, and the bus that carries samples."""

from hmi.tags.bus import TagBus
from hmi.tags.sample import Quality, Sample, Value

__all__ = ["Quality", "Sample", "TagBus", "Value"]
