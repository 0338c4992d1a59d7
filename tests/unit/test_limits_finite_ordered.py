"""Every numeric limit is finite and ordered, in station.toml and in master data; refusals name file, key, reason."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from hmi.config import load_config
from hmi.production.bundle_files import load_bundle_dir
from hmi.production.masterdata import MasterDataError, validate_bundle
from tests.config_support import config_problems
from tests.conftest import DEMO_CONFIG
from tests.production_support import DEMO_MASTERDATA

GOOD_STATION = '[station]\nid = "S1"\nname = "Station 1"\n'


def _alarm(alarm_id: str, kind: str, limit: str, tag: str = "T") -> str:
    return f'[alarms.{alarm_id}]\ntag = "{tag}"\nkind = "{kind}"\nlimit = {limit}\nmessage_en = "m"\n'


@pytest.mark.parametrize("value", ["nan", "inf", "-inf"])
def test_a_non_finite_alarm_limit_is_refused(tmp_path: Path, value: str) -> None:
    problems = config_problems(tmp_path, GOOD_STATION + _alarm("hot", "hihi", value))
    assert len(problems) == 1 and problems[0].startswith("alarms.hot.limit: expected a finite number (not nan or inf)")


def test_nan_on_the_demo_critical_alarm_is_refused_by_check_config(tmp_path: Path) -> None:
    text = DEMO_CONFIG.read_text(encoding="utf-8").replace("limit = 26.0", "limit = nan", 1)
    path = tmp_path / "station.toml"
    path.write_text(text, encoding="utf-8")
    shutil.copytree(DEMO_CONFIG.parent / "masterdata", tmp_path / "masterdata")
    done = subprocess.run([sys.executable, "-m", "hmi.cli.main", "check-config", str(path)],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode != 0
    assert "Traceback" not in done.stderr
    assert f"{path}: alarms." in done.stderr and "finite number" in done.stderr


def test_limit_alarms_of_one_tag_must_be_ordered(tmp_path: Path) -> None:
    text = GOOD_STATION + _alarm("a_lolo", "lolo", "5.0") + _alarm("a_lo", "lo", "4.0") + _alarm("a_hi", "hi", "10.0") \
        + _alarm("a_hihi", "hihi", "12.0") + _alarm("b_lo", "lo", "7.0", tag="U") + _alarm("b_hi", "hi", "7.0", tag="U")
    problems = config_problems(tmp_path, text)
    assert any(p.startswith("alarms.a_lolo.limit: the lolo limit of T (5.0) must be at most the lo limit") for p in problems)
    assert any(p.startswith("alarms.b_lo.limit: the lo limit of U (7.0) must be below the hi limit") for p in problems)
    assert not any("a_hi.limit" in p for p in problems)


def test_an_ordered_set_of_limits_passes(tmp_path: Path) -> None:
    path = tmp_path / "station.toml"
    path.write_text(GOOD_STATION + _alarm("lolo", "lolo", "1.0") + _alarm("lo", "lo", "1.0") + _alarm("hi", "hi", "9.0")
                    + _alarm("hihi", "hihi", "9.0"), encoding="utf-8")
    assert len(load_config(path).alarms) == 4


def test_tag_ranges_and_trend_limits_are_finite_and_ordered(tmp_path: Path) -> None:
    text = GOOD_STATION + '[tags.t]\naddress = "sim://x"\nrange_lo = 10.0\nrange_hi = 0.0\n' \
        '[historian.limits.t]\ncontrol_lo = 5.0\ncontrol_hi = 1.0\nalarm_hi = inf\n'
    problems = config_problems(tmp_path, text)
    assert any(p.startswith("tags.t: range_lo (10.0) must be below range_hi (0.0)") for p in problems), problems
    assert any("historian.limits.t.alarm_hi: expected a finite number" in p for p in problems), problems


def _copy(tmp_path: Path) -> Path:
    target = tmp_path / "md"
    shutil.copytree(DEMO_MASTERDATA, target)
    return target


@pytest.mark.parametrize(("old", "new", "field", "words"), [
    ("lo = 96.0", "lo = nan", "steps[0].lo", "finite number"),
    ("lo = 96.0", "lo = inf", "steps[0].lo", "finite number"),
    ("lo = 96.0", "lo = 200.0", "steps[0]", "above hi"),
])
def test_master_data_step_limits_are_finite_and_ordered(tmp_path: Path, old: str, new: str, field: str,
                                                        words: str) -> None:
    folder = _copy(tmp_path)
    seal = folder / "instructions" / "WI-SEAL-A15.toml"
    text = seal.read_text(encoding="utf-8")
    assert old in text
    seal.write_text(text.replace(old, new), encoding="utf-8")
    with pytest.raises(MasterDataError) as err:
        validate_bundle(load_bundle_dir(folder))
    assert f"WI-SEAL-A15.toml: {field}" in str(err.value) and words in str(err.value)


def test_master_data_alarm_limits_are_finite() -> None:
    bundle = load_bundle_dir(DEMO_MASTERDATA)
    bundle["limits"] = [{"alarm_id": "bath_temp_hihi", "limit": float("nan")}]
    with pytest.raises(MasterDataError, match=r"limits\[0\]\.limit: expected a finite number"):
        validate_bundle(bundle)


def test_a_huge_sequence_is_refused_at_check(tmp_path: Path) -> None:
    folder = _copy(tmp_path)
    main = folder / "masterdata.toml"
    main.write_text(main.read_text(encoding="utf-8").replace("sequence = 10", "sequence = 9223372036854775808"),
                    encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "hmi.cli.main", "masterdata", "import", str(folder), "--check"],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 2 and "Traceback" not in done.stderr
    assert "masterdata.toml: operations[0].sequence" in done.stderr
