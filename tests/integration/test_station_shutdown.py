"""A station stops promptly whatever its connections are doing (peers down, reconnecting, half-dead).

The bug this guards: the OPC-UA driver dropped a failed client inside ``suppress(BaseException)``,
so a stop landing there was swallowed, the reconnect loop went on, and ``station.stop()`` (and
with it ``hmi run`` and the kiosk) never returned.
"""

from __future__ import annotations

import asyncio
import os
import signal
import socket
import subprocess
import sys
import tomllib
from pathlib import Path
from typing import Any

import pytest
from asyncua import Client

from hmi.config import StationConfig, parse_config
from hmi.station import Station
from hmi.status import Health
from plugins.opcua.driver import OpcUaDriver, OpcUaOptions
from tests.conftest import DEMO_CONFIG
from tests.equipment_support import RecordingSink, until

pytestmark = pytest.mark.integration

HANG_S = 10.0   # not a performance limit: a stop that takes this long is hung


def closed_port() -> int:
    """A loopback port nobody listens on (bound once, then released)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def unreachable_raw() -> dict[str, Any]:
    """The demo config with every connection and the MES pointed at closed loopback ports."""
    raw = tomllib.loads(DEMO_CONFIG.read_text(encoding="utf-8"))
    raw["connections"]["line_opcua"].update(endpoint=f"opc.tcp://127.0.0.1:{closed_port()}/sim",
                                            reconnect_min_s=0.05, reconnect_max_s=0.2, timeout_s=1.0)
    raw["connections"]["rectifier_plc"].update(port=closed_port(), reconnect_min_s=0.05, reconnect_max_s=0.2)
    raw["mes"] = {"driver": "rest", "base_url": f"http://127.0.0.1:{closed_port()}/api/v1", "timeout_s": 1}
    return raw


def unreachable_config() -> StationConfig:
    return parse_config(unreachable_raw(), source=DEMO_CONFIG)


async def stop_or_hang(station: Station) -> bool:
    """True when station.stop() returned; never waits for a hung stop longer than HANG_S."""
    task = asyncio.create_task(station.stop())
    done, _ = await asyncio.wait({task}, timeout=HANG_S)
    if not done:
        task.cancel()
    return bool(done)


@pytest.mark.parametrize("wait_s", [0.0, 0.13, 0.3, 0.55, 0.8])
async def test_station_stops_while_every_connection_is_reconnecting(tmp_path: Path, wait_s: float) -> None:
    station = Station(config=unreachable_config(), data_dir=tmp_path / "data").open()
    try:
        await station.start()
        await until(lambda: all(c.value.health is Health.FAILED for c in station.equipment.connections.values()))
        await asyncio.sleep(wait_s)   # somewhere in connect / drop / backoff: each run stops elsewhere
        assert await stop_or_hang(station), "station.stop() hung"
    finally:
        station.close()


class _SlowGoodbye:
    """A half-dead server: the client's disconnect (CloseSession) takes its time."""

    def __init__(self) -> None:
        self.entered = asyncio.Event()

    async def disconnect(self, *_client: Client) -> None:
        self.entered.set()
        await asyncio.sleep(1.0)


async def test_opcua_stop_during_a_slow_disconnect_is_not_swallowed(monkeypatch: pytest.MonkeyPatch) -> None:
    goodbye = _SlowGoodbye()
    async def disconnect(client: Client) -> None:
        await goodbye.disconnect(client)

    monkeypatch.setattr(Client, "disconnect", disconnect)
    options = OpcUaOptions(endpoint=f"opc.tcp://127.0.0.1:{closed_port()}", reconnect_min_s=0.01,
                           reconnect_max_s=0.01)
    driver = OpcUaDriver(connection="line", options=options, tags=[], sink=RecordingSink())
    await driver.start()
    await asyncio.wait_for(goodbye.entered.wait(), 5)   # refused at once; now dropping that client
    task = asyncio.create_task(driver.stop())
    done, _ = await asyncio.wait({task}, timeout=HANG_S)
    assert done, "the driver's stop was swallowed by the client's disconnect"


class _Stubborn:
    """A component whose stop ignores cancellation: the station must name it and go on."""

    name = "stubborn"

    def __init__(self) -> None:
        self.released = asyncio.Event()

    async def start(self) -> None:
        pass

    async def stop(self) -> None:
        while not self.released.is_set():
            try:
                await self.released.wait()
            except asyncio.CancelledError:
                continue


class _Plain:
    name = "plain"

    def __init__(self) -> None:
        self.stopped = False

    async def start(self) -> None:
        pass

    async def stop(self) -> None:
        self.stopped = True


async def test_station_names_a_component_that_overruns_and_stops_the_others(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture) -> None:
    monkeypatch.setattr("hmi.station.COMPONENT_STOP_TIMEOUT_S", 0.2)
    station = Station(config=unreachable_config(), data_dir=tmp_path / "data").open()
    plain, stubborn = _Plain(), _Stubborn()
    station.components = [plain, stubborn]  # type: ignore[list-item]
    try:
        await station.start()
        assert await stop_or_hang(station)
        assert plain.stopped
        assert "stopping stubborn: did not finish within 0.2 s" in caplog.text
    finally:
        stubborn.released.set()   # let the task left behind end, for the leak check
        await asyncio.sleep(0.05)
        station.close()


def test_headless_run_exits_on_sigterm_while_reconnecting(tmp_path: Path) -> None:
    text = DEMO_CONFIG.read_text(encoding="utf-8")
    for old, new in (("127.0.0.1:48400", f"127.0.0.1:{closed_port()}"), ("port = 15020", f"port = {closed_port()}"),
                     ("127.0.0.1:18080", f"127.0.0.1:{closed_port()}"), ("reconnect_max_s = 10", "reconnect_max_s = 0.2")):
        assert old in text
        text = text.replace(old, new)
    config = tmp_path / "station.toml"
    config.write_text(text, encoding="utf-8")
    for _ in range(2):
        proc = subprocess.Popen([sys.executable, "-m", "hmi.cli.main", "run", "--headless", "--config", str(config),
                                 "--data-dir", str(tmp_path / "data")],
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=dict(os.environ))
        try:
            assert proc.stdout is not None
            assert "running headless" in proc.stdout.readline()
            proc.send_signal(signal.SIGTERM)
            code = proc.wait(timeout=HANG_S + 5)
        finally:
            if proc.poll() is None:
                proc.kill()
                proc.wait()
        assert code == 0, proc.stderr.read() if proc.stderr else ""
