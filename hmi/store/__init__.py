"""The station's local store: station.db with one writer thread and reads off the event loop."""

from hmi.store.database import StoreError
from hmi.store.store import Store

__all__ = ["Store", "StoreError"]
