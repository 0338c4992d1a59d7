"""Fuzz: mutated station.toml files, master data bundles and label templates give a refusal, never a traceback.

Each refusal names the file, the key (or a TOML syntax error's line) and what was expected (the loaders' own
checks in tests/fuzz_support.py assert it); anything but the loader's refusal type fails.
Examples are sized to find the failures issue 15 item 6 reported (deep nesting, wrong kinds in nested tables,
huge integers, nan) and to keep the whole module well under a minute.
"""

from __future__ import annotations

import contextlib
import io
import subprocess
import sys
import tempfile
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


def _check_config_command(text: str) -> tuple[int, str, str]:
    """``hmi check-config FILE`` in this process (a process per example would be too slow): exit code and output."""
    from hmi.cli.main import main

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "station.toml"
        path.write_text(text, encoding="utf-8", errors="surrogatepass")
        out, err = io.StringIO(), io.StringIO()
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            try:
                code = main(["check-config", str(path)])
            except SystemExit as exc:     # the command's own refusal; any other exception is a traceback
                code = exc.code if isinstance(exc.code, int) else 1
        return code, out.getvalue().replace(str(path), "FILE"), err.getvalue().replace(str(path), "FILE")


@FUZZ
@given(st.one_of(fz.mutations(fz.demo_config_raw).map(lambda m: fz.toml_text(m.build(expand=False))),
                 fz.TEXT_DAMAGE.map(lambda d: fz.damage_text(fz.DEMO_CONFIG.read_text(encoding="utf-8"), d))))
def test_the_check_config_command_exits_with_its_verdict_never_a_traceback(text: str) -> None:
    """The whole command, past the loader too (the MES options' warnings): 0 and OK, or 2 and the problems."""
    code, out, err = _check_config_command(text)
    if code == 0:
        assert out.startswith("FILE: OK") and not err, (out, err)
    else:
        assert code == 2 and err.startswith("hmi: the station config has "), (code, out, err)
        assert all(line.startswith("  FILE: ") for line in err.splitlines()[1:]), err


def test_the_check_config_process_refuses_a_mutated_file_without_a_traceback(tmp_path: Path) -> None:
    """Once as a real process: the exit code the shell sees, and no traceback on either stream."""
    raw = fz.demo_config_raw()
    raw["tags"]["bath_temp"]["deadband"] = {"a": [float("nan")]}
    raw["alarms"] = [1, 2]
    path = tmp_path / "station.toml"
    path.write_text(fz.toml_text(raw), encoding="utf-8")
    result = subprocess.run([sys.executable, "-m", "hmi.cli.main", "check-config", str(path)], capture_output=True,
                            text=True, timeout=120)
    assert result.returncode == 2, result.stdout + result.stderr
    assert "Traceback" not in result.stdout + result.stderr
    assert f"{path}: tags.bath_temp.deadband: expected a number" in result.stderr
    assert f"{path}: alarms: expected a table" in result.stderr


def test_deep_nesting_is_refused_with_the_key(tmp_path: Path) -> None:
    from hmi.config import ConfigError, load_config

    path = tmp_path / "station.toml"
    path.write_text(fz.DEMO_CONFIG.read_text(encoding="utf-8") + "\n[ui.deep]\nx = " + "[" * 2000 + "]" * 2000 + "\n",
                    encoding="utf-8")
    with pytest.raises(ConfigError, match="nested too deeply") as refused:
        load_config(path)
    # Too deep for tomllib itself: the key is read from the text, with its line.
    lines = len(fz.DEMO_CONFIG.read_text(encoding="utf-8").splitlines())
    assert [p.key for p in refused.value.problems] == [f"ui.deep.x (line {lines + 3})"]


def test_a_deep_table_as_the_bundles_origin_is_refused_not_a_recursion_error() -> None:
    """Found by the fuzz: the bundle's origin was turned into text with str(), which recursed through 1,500
    levels of nesting before any check ran."""
    from hmi.production.masterdata import MasterDataError, validate_bundle

    raw = fz.demo_bundle()
    raw["origin"] = fz.deep(1500)
    with pytest.raises(MasterDataError) as refused:
        validate_bundle(raw)
    [problem] = refused.value.problems
    assert problem.file == "<bundle>" and problem.field.startswith("origin")
    assert "nested too deeply" in problem.message


def test_a_huge_integer_is_refused_with_what_was_expected(tmp_path: Path) -> None:
    """Found by the fuzz: pydantic's own words ("exceeded maximum size") did not say what the key takes."""
    from hmi.labels.template import TemplateError, load_template

    raw = fz.demo_template_raw()
    raw["label"]["dpi"] = 473693556292363223040
    path = tmp_path / "label.toml"
    path.write_text(fz.toml_text(raw), encoding="utf-8")
    with pytest.raises(TemplateError, match=r"label\.dpi: expected a whole number of sane size; got 4736935"):
        load_template(path)
