"""A lot-number pattern from the master data cannot freeze the station: RE2 matches it in linear time."""

from __future__ import annotations

import asyncio
import re

import pytest

from hmi.auth import Role
from hmi.production.bundle_files import load_bundle_dir
from hmi.production.masterdata import MasterDataError, apply_masterdata, validate_bundle
from hmi.production.records import ProductionError
from hmi.station import Station
from tests.production_support import DEMO_MASTERDATA, ORDER, ensure_demo_users, login

PATHOLOGICAL = r"(a+)+$"      # Python's re needs about 2**n steps to refuse "aaaa…a!"
EVIL_LOT = "a" * 40 + "!"


def test_python_re_would_backtrack_on_this_pattern() -> None:
    """The premise: the backtracking engine's work doubles with each character (measured on short inputs)."""
    import time

    timings = []
    for n in (18, 20, 22):
        start = time.perf_counter()
        re.fullmatch(PATHOLOGICAL, "a" * n + "!")
        timings.append(time.perf_counter() - start)
    assert timings[2] > 2 * timings[0]


async def test_a_pathological_pattern_neither_freezes_the_loop_nor_the_writer(station: Station) -> None:
    bundle = load_bundle_dir(DEMO_MASTERDATA)
    bundle["lot_number_pattern"] = PATHOLOGICAL
    now = station.clock.now()
    await station.store.write(lambda db: apply_masterdata(db, bundle, source="test", version=bundle["version"],
                                                          ts=now, station=station.station_id, actor="test"))
    await ensure_demo_users(station)
    await login(station, Role.SUPERVISOR)
    status = await station.production.instructions.status_for(ORDER)
    assert status.doc is not None
    await station.production.instructions.acknowledge(instruction_id=status.doc.instruction_id,
                                                      version=status.doc.version)
    loop = asyncio.get_running_loop()
    gaps: list[float] = []
    stop = asyncio.Event()

    async def ticker() -> None:
        last = loop.time()
        while not stop.is_set():
            await asyncio.sleep(0.01)
            gaps.append(loop.time() - last)
            last = loop.time()

    task = asyncio.create_task(ticker())
    try:
        with pytest.raises(ProductionError, match="is not in this station's form"):
            await asyncio.wait_for(station.production.lots.start(work_order=ORDER, lot_no=EVIL_LOT), 10)
        # The writer thread is free too: the next write goes through at once.
        await asyncio.wait_for(station.store.write(lambda db: db.execute("SELECT 1")), 10)
    finally:
        stop.set()
        await task
    assert max(gaps, default=0.0) < 2.0


def test_a_pattern_re2_cannot_take_is_refused_at_import() -> None:
    bundle = load_bundle_dir(DEMO_MASTERDATA)
    bundle["lot_number_pattern"] = r"(ANO)\1-[0-9]+"
    with pytest.raises(MasterDataError, match=r"lot_number_pattern: not a usable lot-number pattern"):
        validate_bundle(bundle)
