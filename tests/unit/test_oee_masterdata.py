"""OEE master data: ideal cycle times and the downtime reason tree, from the file import (the MES sends the same bundle)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from hmi.production import records
from hmi.production.bundle_files import load_bundle_dir
from hmi.production.masterdata import MasterDataError, validate_bundle
from hmi.station import Station
from tests.production_support import DEMO_MASTERDATA, load_demo


async def test_demo_has_ideal_cycle_times_and_a_reason_tree(station: Station) -> None:
    await load_demo(station)
    cycles = await station.store.read(lambda db: db.execute(
        "SELECT product, operation, cycle_s FROM md_ideal_cycle_times ORDER BY product").fetchall())
    assert ("PC-A15-BLK", "ANODIZE", 3.6) in cycles
    assert ("PC-S24-SLV", "PRETREAT", 4.0) in cycles          # rate_per_h = 900
    reasons = await station.store.read(records.downtime_reasons)
    tree: dict[str, list[str]] = {}
    for reason in reasons:
        tree.setdefault(reason.category, []).append(reason.code)
    assert {"Equipment", "Material", "Process", "Quality", "Organisation"} <= set(tree)
    assert all(r.category_ko for r in reasons)


@pytest.mark.parametrize(("entry", "expected"), [
    ('product = "PC-A15-BLK"\noperation = "SEAL"\n',
     "masterdata.toml: ideal_cycle_times[4]: give cycle_s (seconds per part) or rate_per_h (parts per hour)"),
    ('product = "PC-A15-BLK"\noperation = "SEAL"\ncycle_s = 0\n',
     "masterdata.toml: ideal_cycle_times[4].cycle_s: Input should be greater than 0"),
    ('product = "PC-NOPE"\noperation = "SEAL"\ncycle_s = 3\n',
     "masterdata.toml: ideal_cycle_times[4].product: unknown product 'PC-NOPE'"),
    ('product = "PC-A15-BLK"\noperation = "ANODIZE"\ncycle_s = 3\n',
     "masterdata.toml: ideal_cycle_times[4]: PC-A15-BLK at ANODIZE appears more than once"),
])
def test_a_wrong_ideal_cycle_time_names_file_and_field(tmp_path: Path, entry: str, expected: str) -> None:
    folder = tmp_path / "md"
    shutil.copytree(DEMO_MASTERDATA, folder)
    main = folder / "masterdata.toml"
    main.write_text(main.read_text(encoding="utf-8") + "\n[[ideal_cycle_times]]\n" + entry, encoding="utf-8")
    with pytest.raises(MasterDataError) as err:
        validate_bundle(load_bundle_dir(folder))
    assert any(f"/md/{expected}" in str(p) for p in err.value.problems), str(err.value)
