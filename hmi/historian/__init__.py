"""The historian: every tag sample in history.db, with rollups for fast trend queries."""

from hmi.historian.historian import Historian
from hmi.historian.query import PointValue, Series

__all__ = ["Historian", "PointValue", "Series"]
