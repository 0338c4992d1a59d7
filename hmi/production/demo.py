"""The demo's master data (the anodizing line), loaded once into an empty demo station."""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path

from hmi.production.bundle_files import load_bundle_dir
from hmi.production.masterdata import apply_masterdata, current_version
from hmi.store import Store


def demo_masterdata_dir() -> Path:
    return Path(str(files("resources") / "demo" / "masterdata"))


async def ensure_demo_masterdata(*, store: Store, station_id: str, ts: float) -> None:
    if await store.read(current_version) is not None:
        return
    bundle = load_bundle_dir(demo_masterdata_dir())
    await store.write(lambda db: apply_masterdata(db, bundle, source="demo", version=bundle["version"], ts=ts,
                                                  station=station_id, actor="demo"))
