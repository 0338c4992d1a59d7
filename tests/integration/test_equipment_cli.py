"""Commissioning commands and the headless station, as an integrator runs them."""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from hmi.cli.main import main
from plugins.simulators.modbus_server import ModbusSimServer, RegisterBank
from plugins.simulators.opcua_server import free_port

pytestmark = pytest.mark.integration


@pytest.fixture
def modbus_server() -> Iterator[ModbusSimServer]:
    loop = asyncio.new_event_loop()
    thread = threading.Thread(target=loop.run_forever, name="modbus-server", daemon=True)
    thread.start()
    bank = RegisterBank(size=100)
    bank.set(1, "hr", 0, [0x4148, 0x0000])      # 12.5 as float32 ABCD
    server = ModbusSimServer(bank=bank)
    asyncio.run_coroutine_threadsafe(server.start(), loop).result(10)
    yield server
    asyncio.run_coroutine_threadsafe(server.stop(), loop).result(10)
    loop.call_soon_threadsafe(loop.stop)
    thread.join(10)
    loop.close()


def _config(tmp_path: Path, port: int) -> Path:
    path = tmp_path / "station.toml"
    path.write_text(f"""
[station]
id = "T-1"
name = "test"

[paths]
data_dir = "data"

[connections.plc]
driver = "modbus"
port = {port}
reconnect_min_s = 0.1
reconnect_max_s = 0.3
timeout_s = 0.5

[tags.level]
address = "modbus://plc/hr/40001?type=float32"
unit = "mm"
interval_s = 0.2
""", encoding="utf-8")
    return path


def test_read_an_address_written_with_host_and_port(modbus_server: ModbusSimServer,
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["read", f"modbus://127.0.0.1:{modbus_server.port}/hr/40001?type=float32", "--json"])
    out = capsys.readouterr().out
    assert code == 0, out
    assert '"value": 12.5' in out and '"quality": "GOOD"' in out


def test_read_through_a_named_connection_and_a_bad_register(modbus_server: ModbusSimServer, tmp_path: Path,
                                                             capsys: pytest.CaptureFixture[str]) -> None:
    config = _config(tmp_path, modbus_server.port)
    assert main(["read", "modbus://plc/hr/40001?type=float32", "--config", str(config)]) == 0
    assert "12.5" in capsys.readouterr().out
    assert main(["read", "modbus://plc/hr/500", "--config", str(config)]) == 4
    assert "illegal data address" in capsys.readouterr().out
    assert main(["read", "modbus://plc/hr/oops", "--config", str(config)]) == 4
    assert "not a register number" in capsys.readouterr().out
    assert main(["read", "modbus://nowhere/hr/1", "--config", str(config)]) == 1
    assert "no connection named 'nowhere'" in capsys.readouterr().err


def test_watch_prints_samples_and_fails_when_a_connection_never_comes_up(
        modbus_server: ModbusSimServer, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    good = _config(tmp_path, modbus_server.port)
    assert main(["watch", str(good), "--seconds", "1"]) == 0
    out = capsys.readouterr().out
    assert "level" in out and "12.50 mm" in out and "GOOD" in out and "came up" in out
    dead = _config(tmp_path, free_port())
    assert main(["watch", str(dead), "--seconds", "1.5"]) == 1
    out = capsys.readouterr().out
    assert "NEVER CAME UP" in out and "cannot connect" in out


def test_headless_station_runs_and_stops_cleanly_on_sigterm(modbus_server: ModbusSimServer, tmp_path: Path) -> None:
    config = _config(tmp_path, modbus_server.port)
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    proc = subprocess.Popen([sys.executable, "-m", "hmi.cli.main", "run", "--headless", str(config)],
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=env)
    try:
        assert proc.stdout is not None
        line = proc.stdout.readline()
        assert "running headless" in line, line
        requests_before = modbus_server.bank.total_requests()
        deadline = 50
        while modbus_server.bank.total_requests() <= requests_before and deadline:
            threading.Event().wait(0.1)
            deadline -= 1
        assert modbus_server.bank.total_requests() > requests_before   # it polls the equipment
        proc.send_signal(signal.SIGTERM)
        assert proc.wait(timeout=20) == 0
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    assert (tmp_path / "data" / "station.db").exists()
    assert any((tmp_path / "data").rglob("*.log"))
