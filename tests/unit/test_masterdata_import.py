"""Master data: the demo bundle loads; bad files are refused whole, naming file and field."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from hmi.production import records
from hmi.production.bundle_files import load_bundle_dir
from hmi.production.masterdata import MasterDataError, apply_masterdata, last_good_bundle, validate_bundle
from hmi.station import Station
from tests.production_support import DEMO_MASTERDATA, load_demo


async def test_demo_bundle_loads_everything(station: Station) -> None:
    await load_demo(station)
    orders = await station.store.read(records.work_orders)
    assert len(orders) == 6 and orders[0].product_name_ko
    codes = await station.store.read(records.defect_codes)
    assert {c.category for c in codes} == {"Film", "Colour", "Surface", "Handling"}
    doc = await station.store.read(lambda db: records.instruction_for(db, "PC-A15-BLK", "ANODIZE"))
    assert doc is not None and doc.version == 3 and doc.steps[4].unit == "µm" and doc.steps[4].lo == 13.0
    png = await station.store.read(lambda db: records.image(db, "rack-loading.png"))
    assert png is not None and png.startswith(b"\x89PNG")
    assert (await station.store.read(last_good_bundle))["version"] == "2026.11-demo.1"


def _copy(tmp_path: Path) -> Path:
    target = tmp_path / "md"
    shutil.copytree(DEMO_MASTERDATA, target)
    return target


def test_broken_toml_names_the_file(tmp_path: Path) -> None:
    folder = _copy(tmp_path)
    (folder / "instructions" / "WI-SEAL-A15.toml").write_text("title = \n", encoding="utf-8")
    with pytest.raises(MasterDataError) as err:
        load_bundle_dir(folder)
    assert "WI-SEAL-A15.toml" in str(err.value) and "not valid TOML" in str(err.value)


def test_bad_fields_name_file_and_field(tmp_path: Path) -> None:
    folder = _copy(tmp_path)
    main = folder / "masterdata.toml"
    main.write_text(main.read_text(encoding="utf-8").replace('severity = "critical"', 'severity = "awful"')
                    .replace('product = "PC-A15-RED"', 'product = "PC-NOPE"'), encoding="utf-8")
    seal = folder / "instructions" / "WI-SEAL-A15.toml"
    seal.write_text(seal.read_text(encoding="utf-8").replace("lo = 96.0", "lo = 101.0"), encoding="utf-8")
    with pytest.raises(MasterDataError) as err:
        validate_bundle(load_bundle_dir(folder))
    text = str(err.value)
    assert "masterdata.toml: defect_codes[2].severity" in text
    assert "WI-SEAL-A15.toml: steps[0]" in text and "above hi" in text


def test_cross_references_are_checked(tmp_path: Path) -> None:
    folder = _copy(tmp_path)
    main = folder / "masterdata.toml"
    main.write_text(main.read_text(encoding="utf-8").replace('product = "PC-A15-RED"', 'product = "PC-NOPE"'),
                    encoding="utf-8")
    (folder / "images" / "bath-check.png").unlink()
    with pytest.raises(MasterDataError) as err:
        validate_bundle(load_bundle_dir(folder))
    text = str(err.value)
    assert "work_orders[2].product: unknown product 'PC-NOPE'" in text
    assert "steps[1].image: image 'bath-check.png' not found" in text


async def test_a_failed_import_changes_nothing(station: Station, tmp_path: Path) -> None:
    await load_demo(station)
    before = await station.store.read(lambda db: db.execute("SELECT count(*) FROM md_work_orders").fetchone()[0])
    bundle = load_bundle_dir(DEMO_MASTERDATA)
    bundle["work_orders"] = bundle["work_orders"][:1]
    bundle["defect_codes"][0]["severity"] = "awful"
    with pytest.raises(MasterDataError):
        await station.store.write(lambda db: apply_masterdata(db, bundle, source="t", version=bundle["version"],
                                                              ts=1.0, station="S", actor="t"))
    after = await station.store.read(lambda db: db.execute("SELECT count(*) FROM md_work_orders").fetchone()[0])
    assert before == after == 6


def test_cli_import_applies_or_refuses_with_file_and_field(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from hmi.cli.main import main
    from tests.conftest import DEMO_CONFIG

    data = tmp_path / "data"
    common = ["--config", str(DEMO_CONFIG), "--data-dir", str(data)]
    assert main(["masterdata", "import", str(DEMO_MASTERDATA), *common]) == 0
    assert "6 work orders" in capsys.readouterr().out
    folder = _copy(tmp_path)
    main_file = folder / "masterdata.toml"
    main_file.write_text(main_file.read_text(encoding="utf-8").replace("planned_qty = 800", "planned_qty = -5"),
                         encoding="utf-8")
    assert main(["masterdata", "import", str(folder), *common]) == 2
    err = capsys.readouterr().err
    assert "nothing was changed" in err and "masterdata.toml: work_orders[1].planned_qty" in err
    assert main(["masterdata", "show", *common]) == 0
    assert "2026.11-demo.1" in capsys.readouterr().out


def test_alarm_limits_are_optional_and_checked() -> None:
    bundle = load_bundle_dir(DEMO_MASTERDATA)
    assert validate_bundle(bundle).limits == []
    limits = [{"alarm_id": "bath_temp_hi", "limit": 22.5, "deadband": 0.4}, {"alarm_id": "bath_temp_lo", "limit": 17}]
    assert [x.alarm_id for x in validate_bundle({**bundle, "limits": limits}).limits] == ["bath_temp_hi",
                                                                                          "bath_temp_lo"]
    bad = [{"alarm_id": "bath_temp_hi", "limit": 22.5, "deadband": -1}, {"alarm_id": "bath_temp_hi", "limit": 1},
           {"tag": "bath.temperature", "hi": 22}]
    with pytest.raises(MasterDataError) as err:
        validate_bundle({**bundle, "limits": bad})
    text = str(err.value)
    assert "limits[0].deadband" in text and "limits[2].tag: unknown field" in text
    assert "limits[2].alarm_id: required field is missing" in text
    twice = [{"alarm_id": "bath_temp_hi", "limit": 22.5}, {"alarm_id": "bath_temp_hi", "limit": 23}]
    with pytest.raises(MasterDataError, match=r"limits\.alarm_id: 'bath_temp_hi' appears more than once"):
        validate_bundle({**bundle, "limits": twice})
