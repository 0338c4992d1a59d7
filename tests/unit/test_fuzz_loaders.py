"""Fuzz: mutated station.toml files, master data bundles and label templates give a refusal, never a traceback.

Each refusal names the file (the loaders' own checks assert it); anything but the loader's refusal type fails.
Examples are sized to find the failures issue 15 item 6 reported (deep nesting, wrong kinds in nested tables,
huge integers, nan) and to keep the whole module well under a minute.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from hmi.production.masterdata import apply_masterdata
from hmi.store import Store
from tests import fuzz_support as fz

FUZZ = settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                         HealthCheck.data_too_large])


@FUZZ
@given(mutation=fz.mutations(fz.demo_config_raw))
def test_check_config_refuses_mutated_tables_without_a_traceback(mutation: fz.Mutation) -> None:
    assert fz.check_config_file(mutation.build(expand=False)) in ("ok", "refused")


@FUZZ
@given(fz.TEXT_DAMAGE)
def test_check_config_refuses_damaged_text_without_a_traceback(damage: tuple[str, Any]) -> None:
    text = fz.damage_text(fz.DEMO_CONFIG.read_text(encoding="utf-8"), damage)
    assert fz.check_config_file(None, text) in ("ok", "refused")


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Any:
    with Store(path=Path(tmp_path_factory.mktemp("fuzz")) / "station.db") as opened:
        yield opened


@FUZZ
@given(bundle=fz.mutations(fz.demo_bundle))
def test_master_data_import_refuses_mutated_bundles_without_a_traceback(bundle: fz.Mutation, store: Store) -> None:
    """Validation, then the apply itself (an accepted bundle must also store: no OverflowError at import)."""
    def apply(checked: Any) -> None:
        store.write_blocking(lambda db: apply_masterdata(db, checked, source="fuzz", version=checked.version, ts=1.0,
                                                         station="S1", actor="fuzz"))

    assert fz.import_bundle(bundle.build(), apply) in ("ok", "refused")


@FUZZ
@given(bundle=fz.mutations(fz.demo_bundle))
def test_master_data_files_refuse_mutated_bundles_without_a_traceback(bundle: fz.Mutation) -> None:
    assert fz.import_bundle_files(bundle.build(expand=False)) in ("ok", "refused")


@FUZZ
@given(st.one_of(fz.mutations(fz.demo_template_raw).map(lambda r: ("raw", r)),
                 fz.TEXT_DAMAGE.map(lambda d: ("text", d))))
def test_label_templates_refuse_mutations_without_a_traceback(case: tuple[str, Any]) -> None:
    kind, value = case
    if kind == "raw":
        assert fz.load_label_template(value.build(expand=False)) in ("ok", "refused")
    else:
        text = fz.damage_text((fz.LABEL_TEMPLATES / "defect_100x50.toml").read_text(encoding="utf-8"), value)
        assert fz.load_label_template(None, text) in ("ok", "refused")


def test_deep_nesting_is_refused_with_the_key(tmp_path: Path) -> None:
    from hmi.config import ConfigError, load_config

    path = tmp_path / "station.toml"
    path.write_text(fz.DEMO_CONFIG.read_text(encoding="utf-8") + "\n[ui.deep]\nx = " + "[" * 2000 + "]" * 2000 + "\n",
                    encoding="utf-8")
    with pytest.raises(ConfigError, match="nested too deeply"):
        load_config(path)
