"""``hmi spc check`` as a quality engineer runs it: a real process, a values file, JSON out."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest


def spc_check(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "hmi.cli.main", "spc", "check", *args], capture_output=True,
                          text=True, timeout=120)


def write(tmp_path: Path, lines: list[str]) -> Path:
    path = tmp_path / "values.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_imr_with_given_limits_reports_each_violation_and_capability(tmp_path: Path) -> None:
    values = ["10.0", "10.2", "9.9"] + ["10.3"] * 9 + ["13.5"]    # 9 above from index 3; index 12 beyond 3σ
    result = spc_check("--chart", "imr", "--rules", "nelson", "--limits", "cl=10,ucl=11.5,lcl=8.5",
                       "--spec", "lsl=8,usl=12", str(write(tmp_path, values)), "--json")
    assert result.returncode == 0, result.stderr
    doc = json.loads(result.stdout)
    assert doc["limits"]["cl"] == 10.0 and doc["limits"]["ucl"] == 11.5 and doc["limits"]["lcl"] == 8.5
    assert doc["limits"]["trial"] is False
    assert doc["violations"] == [{"index": 11, "rule": "nelson-2"}, {"index": 12, "rule": "nelson-1"},
                                 {"index": 12, "rule": "nelson-2"}]
    cap = doc["capability"]
    assert cap["count"] == 13 and cap["cp"] is not None
    assert any("not in control" in w for w in cap["warnings"])


def test_xbar_r_trial_limits_index_subgroups(tmp_path: Path) -> None:
    rows = []
    for i in range(20):
        rows += [str(10 + d + (0.05 * (i % 3))) for d in (-0.2, 0.0, 0.1, 0.2)]
    rows[-4:] = ["14", "14.2", "14.1", "14.3"]            # the last subgroup's mean is far above
    result = spc_check("--chart", "xbar_r", "--rules", "we", "--subgroup", "4", "--trial",
                       str(write(tmp_path, rows)), "--json")
    assert result.returncode == 0, result.stderr
    doc = json.loads(result.stdout)
    assert doc["points"] == 20
    assert doc["limits"]["trial"] is True and doc["limits"]["dispersion"]["chart"] == "R"
    assert {"index": 19, "rule": "we-1"} in doc["violations"]


def test_p_chart_with_a_centre_line_gets_limits_per_sample(tmp_path: Path) -> None:
    rows = ["2,100", "3,100", "1,50", "12,100"]
    result = spc_check("--chart", "p", "--rules", "we", "--limits", "cl=0.03", str(write(tmp_path, rows)), "--json")
    assert result.returncode == 0, result.stderr
    doc = json.loads(result.stdout)
    assert len(doc["limits"]["ucl"]) == 4 and doc["limits"]["ucl"][2] > doc["limits"]["ucl"][0]
    assert doc["violations"] == [{"index": 3, "rule": "we-1"}]
    assert "capability" not in doc


@pytest.mark.parametrize(("args", "lines", "message"), [
    (["--chart", "imr", "--limits", "cl=1,ucl=2"], ["1"], "give both ucl and lcl"),
    (["--chart", "imr", "--limits", "cl=1,ucl=2,lcl=x"], ["1"], "lcl must be a number"),
    (["--chart", "imr", "--limits", "cl=1,ucl=2,lcl=0"], ["1", "abc"], "values.csv:2: not a number"),
    (["--chart", "imr", "--limits", "cl=1,ucl=2,lcl=0"], ["1", "nan"], "values.csv:2: not a finite number"),
    (["--chart", "xbar_r", "--subgroup", "5", "--trial"], ["1"] * 7, "7 values do not make whole subgroups of 5"),
    (["--chart", "xbar_r", "--subgroup", "12", "--trial"], ["1"] * 24, "2 to 10"),
    (["--chart", "p", "--trial"], ["5,3", "1,3"], "5 defectives cannot come from 3 units"),
    (["--chart", "np", "--trial"], ["1,10", "1,20"], "one sample size"),
])
def test_bad_input_gets_a_clear_error(tmp_path: Path, args: list[str], lines: list[str], message: str) -> None:
    result = spc_check(*args, "--rules", "we", str(write(tmp_path, lines)), "--json")
    assert result.returncode == 2
    assert message in result.stderr
    assert "Traceback" not in result.stderr and result.stdout == ""
