"""`hmi demo`: its own data folder (a reset deletes only what the demo made) and peers that listen before
the station connects."""

from __future__ import annotations

import socket
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from hmi.demo import DEMO_MARKER, DemoDataRefused, demo_data_dir, prepare_demo_data
from hmi.demo_peers import DemoPeerFailed, DemoPeers, accepts


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def test_the_demo_keeps_its_records_apart_and_a_reset_starts_afresh(tmp_path: Path) -> None:
    folder = prepare_demo_data(tmp_path / "demo", reset=False)
    assert (folder / DEMO_MARKER).is_file()
    sqlite3.connect(folder / "station.db").close()
    (folder / "logs").mkdir()
    assert prepare_demo_data(folder, reset=False) == folder and (folder / "station.db").exists()  # kept
    prepare_demo_data(folder, reset=True)
    assert sorted(p.name for p in folder.iterdir()) == [DEMO_MARKER]                           # fresh
    assert demo_data_dir().name == "demo"


@pytest.mark.parametrize("reset", [True, False])
def test_a_folder_the_demo_did_not_make_is_neither_used_nor_deleted(tmp_path: Path, reset: bool) -> None:
    station = tmp_path / "ANO-01"          # a real station's records, say
    station.mkdir()
    sqlite3.connect(station / "station.db").close()
    with pytest.raises(DemoDataRefused, match="may be a real station's records"):
        prepare_demo_data(station, reset=reset)
    assert sorted(p.name for p in station.iterdir()) == ["station.db"]
    empty = tmp_path / "empty"
    empty.mkdir()
    assert (prepare_demo_data(empty, reset=reset) / DEMO_MARKER).is_file()


@pytest.fixture
def peers() -> Iterator[DemoPeers]:
    with DemoPeers(ready_timeout_s=90) as started:
        yield started


def test_the_peers_accept_connections_once_wait_ready_returns(peers: DemoPeers, tmp_path: Path) -> None:
    opcua, modbus, mes = _free_port(), _free_port(), _free_port()
    peers.start(["simulate", "--opcua-port", str(opcua), "--modbus-port", str(modbus)], ports=(opcua, modbus))
    peers.start(["mes-sim", "--port", str(mes), "--db", str(tmp_path / "mes.db")], ports=(mes,))
    peers.wait_ready()
    assert accepts("127.0.0.1", opcua) and accepts("127.0.0.1", modbus)
    assert httpx.get(f"http://127.0.0.1:{mes}/sim/events", timeout=10).status_code < 500


def test_a_peer_that_cannot_start_is_named(peers: DemoPeers, tmp_path: Path) -> None:
    with socket.socket() as held:
        held.bind(("127.0.0.1", 0))
        held.listen()
        busy = int(held.getsockname()[1])
        with pytest.raises(DemoPeerFailed, match=f"port {busy} on 127.0.0.1 is already in use"):
            peers.start(["mes-sim", "--port", str(busy)], ports=(busy,))
    port = _free_port()
    peers.start(["mes-sim", "--port", "not-a-port"], ports=(port,))
    with pytest.raises(DemoPeerFailed, match=r"`hmi mes-sim --port not-a-port` ended \(exit 2\)"):
        peers.wait_ready()


def _system_deps(tmp_path: Path, *args: str) -> str:
    """What packaging/system-deps.sh asks for on a machine with nothing installed, as a user without sudo."""
    import os
    import subprocess

    fake = tmp_path / "bin"
    fake.mkdir(exist_ok=True)
    for name, body in (("dpkg-query", "exit 1"), ("id", "echo 1000"), ("sudo", "exit 1")):
        (fake / name).write_text(f"#!/bin/sh\n{body}\n", encoding="utf-8")
        (fake / name).chmod(0o755)
    script = Path(__file__).resolve().parents[2] / "packaging" / "system-deps.sh"
    result = subprocess.run(["bash", str(script), *args], capture_output=True, text=True, timeout=30,
                            env={**os.environ, "PATH": f"{fake}:{os.environ['PATH']}"})
    assert result.returncode == 1, result.stderr
    return result.stderr


def test_make_demo_xvfb_gets_xvfb_and_xauth_on_a_fresh_machine(tmp_path: Path) -> None:
    demo = _system_deps(tmp_path, "--demo").split()
    assert "xvfb" in demo and "xauth" in demo and "fonts-nanum" in demo and "mosquitto" not in demo
    plain = _system_deps(tmp_path).split()
    assert "xvfb" not in plain and "fonts-nanum" in plain
    makefile = (Path(__file__).resolve().parents[2] / "Makefile").read_text(encoding="utf-8")
    target = makefile.split("\ndemo-xvfb:")[1].split("\n")[0]
    assert "demo-deps" in target and "system-deps.sh --demo" in makefile
