"""Unsafe MES settings that work (verify = false, a token over http://) are said at every start and by check-config."""

from __future__ import annotations

import logging
import subprocess
import sys
from pathlib import Path

import pytest

from hmi.station import Station
from tests.conftest import DEMO_CONFIG, station_config

TOKEN_OVER_HTTP = {"driver": "rest", "base_url": "http://127.0.0.1:9/api/v1", "token": "s3cret", "timeout_s": 1}
NO_VERIFY = {"driver": "rest", "base_url": "https://127.0.0.1:9/api/v1", "verify": False, "timeout_s": 1}


def demo_with_mes(tmp_path: Path, mes_lines: str) -> Path:
    text = DEMO_CONFIG.read_text(encoding="utf-8")
    start = text.index("[mes]\n")
    end = text.find("\n[", start + 1)
    path = tmp_path / "station.toml"
    path.write_text(text[:start] + mes_lines + (text[end:] if end >= 0 else ""), encoding="utf-8")
    return path


def check_config(path: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "hmi.cli.main", "check-config", str(path)], capture_output=True,
                          text=True, timeout=120, cwd=DEMO_CONFIG.parent)


def test_check_config_warns_of_a_token_over_http_and_of_verify_false(tmp_path: Path) -> None:
    http = check_config(demo_with_mes(tmp_path, '[mes]\ndriver = "rest"\nbase_url = "http://mes.local/api/v1"\n'
                                                'token = "s3cret"\n'))
    assert http.returncode == 0, http.stderr
    assert "warning: [mes] the bearer token is sent over plain http://" in http.stdout
    assert "s3cret" not in http.stdout + http.stderr
    unverified = check_config(demo_with_mes(tmp_path, '[mes]\ndriver = "rest"\nbase_url = "https://mes.local/api/v1"\n'
                                                      'verify = false\n'))
    assert unverified.returncode == 0, unverified.stderr
    assert "warning: [mes] verify = false" in unverified.stdout
    clean = check_config(demo_with_mes(tmp_path, '[mes]\ndriver = "rest"\nbase_url = "https://mes.local/api/v1"\n'
                                                 'token = "s3cret"\n'))
    assert "warning" not in clean.stdout


@pytest.mark.parametrize(("mes", "expected"), [(TOKEN_OVER_HTTP, "sent over plain http://"),
                                               (NO_VERIFY, "verify = false")])
async def test_every_start_logs_the_warning_and_the_sync_status_shows_it(
        make_station: object, mes: dict[str, object], expected: str, caplog: pytest.LogCaptureFixture,
        tmp_path: Path) -> None:
    caplog.set_level(logging.WARNING, logger="hmi.sync.engine")
    for run in range(2):                            # at every start, not once per installation
        station = make_station(station_config(mes=mes), data_dir=tmp_path / f"run{run}")  # type: ignore[operator]
        assert isinstance(station, Station)
        await station.sync.start()
        try:
            assert any(expected in w for w in station.sync.snapshot.value.warnings)
        finally:
            await station.sync.stop()
    logged = [r.getMessage() for r in caplog.records if expected in r.getMessage()]
    assert len(logged) == 2
    assert all("s3cret" not in r.getMessage() for r in caplog.records)
