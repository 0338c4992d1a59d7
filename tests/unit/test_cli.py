"""The hmi command as an integrator or admin uses it, run as a real process."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import DEMO_CONFIG


def hmi(*args: str, stdin: str | None = None, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "hmi.cli.main", *args], capture_output=True, text=True,
                          input=stdin, timeout=120, env=env)


def station_log_tail(data_dir: Path, lines: int = 60) -> str:
    log_file = data_dir / "logs" / "station.log"
    if not log_file.exists():
        return f"(no {log_file})"
    return f"the end of {log_file}:\n" + "\n".join(log_file.read_text(errors="replace").splitlines()[-lines:])


def test_check_config_accepts_the_demo() -> None:
    result = hmi("check-config", str(DEMO_CONFIG))
    assert result.returncode == 0 and "OK" in result.stdout


def test_check_config_lists_every_problem_and_fails(tmp_path: Path) -> None:
    bad = tmp_path / "station.toml"
    bad.write_text('[station]\nid = "S1"\nlocale = "fr"\nnmae = "typo"\n', encoding="utf-8")
    result = hmi("check-config", str(bad))
    assert result.returncode == 2
    assert "3 problems" in result.stderr
    assert f"{bad}: station.locale: expected one of 'en' or 'ko'; got 'fr'" in result.stderr
    assert f"{bad}: station.nmae: unknown key" in result.stderr
    assert f"{bad}: station.name: required key is missing" in result.stderr
    assert "Traceback" not in result.stderr


def test_users_add_list_disable_reset_and_audit_verify(tmp_path: Path) -> None:
    common = ["--config", str(DEMO_CONFIG), "--data-dir", str(tmp_path)]
    added = hmi("users", "add", "7001", "--name", "Han Ji-min", "--role", "supervisor", "--pin-stdin", *common,
                stdin="4826\n")
    assert added.returncode == 0, added.stderr
    listed = hmi("users", "list", *common)
    assert "7001" in listed.stdout and "Han Ji-min" in listed.stdout and "supervisor" in listed.stdout
    assert hmi("users", "add", "7001", "--name", "X", "--role", "operator", "--pin", "1379", *common).returncode == 1
    weak = hmi("users", "add", "7002", "--name", "X", "--role", "operator", "--pin", "1111", *common)
    assert weak.returncode == 1 and "repeat" in weak.stderr
    assert hmi("users", "disable", "7001", *common).returncode == 0
    assert "disabled" in hmi("users", "list", *common).stdout
    assert hmi("users", "reset-pin", "7001", "--pin", "5937", *common).returncode == 0
    verified = hmi("audit", "verify", *common)
    assert verified.returncode == 0 and "3 entries" in verified.stdout
    # PINs never reach the audit trail or the users table in clear.
    conn = sqlite3.connect(tmp_path / "station.db")
    dump = "\n".join(conn.iterdump())
    conn.close()
    # (as stored values: the digits alone may occur inside a timestamp)
    assert not any(f"'{pin}'" in dump or f'"{pin}"' in dump for pin in ("4826", "5937"))
    assert "scrypt$" in dump


def test_audit_verify_reports_tampering(tmp_path: Path) -> None:
    common = ["--config", str(DEMO_CONFIG), "--data-dir", str(tmp_path)]
    hmi("users", "add", "7001", "--name", "A", "--role", "operator", "--pin", "4826", *common)
    hmi("users", "add", "7002", "--name", "B", "--role", "operator", "--pin", "4827", *common)
    conn = sqlite3.connect(tmp_path / "station.db")
    conn.execute("DROP TRIGGER audit_no_update")
    conn.execute("UPDATE audit SET actor = 'nobody' WHERE seq = 1")
    conn.commit()
    conn.close()
    result = hmi("audit", "verify", *common)
    assert result.returncode == 1 and "BROKEN at entry 1" in result.stdout


def test_demo_without_a_display_says_so_in_one_line() -> None:
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")}
    result = hmi("demo", env=env)
    assert result.returncode == 2
    lines = (result.stdout + result.stderr).strip().splitlines()
    assert len(lines) == 1 and "no display found" in lines[0] and "xvfb-run" in lines[0]


def test_newer_database_is_refused_with_a_message(tmp_path: Path) -> None:
    common = ["--config", str(DEMO_CONFIG), "--data-dir", str(tmp_path)]
    hmi("users", "list", *common)
    conn = sqlite3.connect(tmp_path / "station.db")
    conn.execute("PRAGMA user_version = 999")
    conn.close()
    result = hmi("users", "list", *common)
    assert result.returncode == 3 and "newer release" in result.stderr and "Traceback" not in result.stderr


def test_the_window_refuses_a_bad_config_with_the_same_words(tmp_path: Path) -> None:
    bad = tmp_path / "station.toml"
    bad.write_text('[station]\nid = "S1"\nname = "S"\nlocale = "fr"\n', encoding="utf-8")
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    result = hmi("run", "--config", str(bad), "--data-dir", str(tmp_path / "d"), "--smoke", env=env)
    assert result.returncode == 2
    assert f"{bad}: station.locale: expected one of 'en' or 'ko'; got 'fr'" in result.stderr
    assert "Traceback" not in result.stderr


def test_smoke_start_shows_the_login_screen(tmp_path: Path) -> None:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    try:
        result = hmi("run", "--config", str(DEMO_CONFIG), "--data-dir", str(tmp_path), "--smoke", env=env)
    except subprocess.TimeoutExpired as exc:
        pytest.fail(f"hmi run --smoke did not exit within {exc.timeout} s\nstdout: {exc.stdout!r}\n"
                    f"stderr: {exc.stderr!r}\n{station_log_tail(tmp_path)}")
    assert result.returncode == 0, result.stderr + station_log_tail(tmp_path)
    assert "ready: LoginScreen shown" in result.stdout
