"""Every connection kind (equipment, MES, printer, history sink) runs under the one ConnectionSupervisor,
and no status chip says OK before the connections behind it are OK (issue 16)."""

from __future__ import annotations

import socket
from collections.abc import Callable
from pathlib import Path

import pytest

from hmi.connections.supervisor import ConnectionState, ConnectionSupervisor
from hmi.station import Station
from hmi.status import ComponentStatus, Health
from plugins.mes.reference_mes.server import ReferenceMes
from tests.conftest import station_config
from tests.equipment_support import until
from tests.peers.modbus_peer import MisbehavingModbusServer

pytestmark = pytest.mark.integration

# The chip each kind of connection reports to, by the supervisor's name.
KINDS = {"equipment": "modbus ", "mes": "mes ", "printer": "printer ", "history": "history sink "}


def closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def supervisors(kind: str) -> list[ConnectionSupervisor]:
    return [s for s in list(ConnectionSupervisor.running) if s.name.startswith(KINDS[kind])]


async def test_every_connection_kind_reports_through_the_one_supervisor_and_ok_means_ok(
        make_station: Callable[..., Station], tmp_path: Path) -> None:
    peer = MisbehavingModbusServer(size=100)
    await peer.start()
    mes = ReferenceMes(db_path=tmp_path / "mes.db")
    await mes.start()
    config = station_config(
        connections={"plc": {"driver": "modbus", "host": "127.0.0.1", "port": peer.port,
                             "reconnect_min_s": 0.1, "reconnect_max_s": 0.5}},
        tags={"counter": {"address": "modbus://plc/hr/10"}},
        mes={"driver": "rest", "base_url": mes.base_url, "timeout_s": 2},
        sync={"poll_interval_s": 0.05, "backoff_initial_s": 0.05, "backoff_max_s": 0.2},
        printers={"files": {"driver": "folder", "path": str(tmp_path / "labels")}},
        labels={"status_interval_s": 0},
        history={"sinks": [{"name": "central", "driver": "postgres", "host": "127.0.0.1", "port": closed_port(),
                            "sslmode": "disable", "connect_timeout_s": 1}]})
    station = make_station(config)
    # Every chip change, checked as it happens: OK only while every supervisor behind it says OK.
    early: list[str] = []
    seen: dict[str, list[ComponentStatus]] = {kind: [] for kind in KINDS}

    def watch(kind: str) -> Callable[[ComponentStatus], None]:
        def check(status: ComponentStatus) -> None:
            seen[kind].append(status)
            behind = supervisors(kind)
            if status.health is Health.OK and (not behind or any(s.state is not ConnectionState.OK for s in behind)):
                early.append(f"{kind}: OK while {[(s.name, s.state.value) for s in behind]}")
        return check

    for kind in KINDS:
        station.status[kind].subscribe(watch(kind), replay=False)
    await station.start()
    try:
        await until(lambda: all(station.status[k].value.health is Health.OK for k in ("equipment", "mes", "printer")),
                    within=30)
        await until(lambda: station.status["history"].value.health is Health.FAILED, within=30)
        names = sorted(s.name for s in ConnectionSupervisor.running)
        for kind, prefix in KINDS.items():
            assert [n for n in names if n.startswith(prefix)], f"no {kind} connection under the supervisor: {names}"
        assert [s.state for s in supervisors("history")] == [ConnectionState.OFFLINE]   # nothing listens there
        for kind in ("equipment", "mes", "printer"):
            assert all(s.state is ConnectionState.OK for s in supervisors(kind))
            # The chip went through "not yet" before OK: it never starts out OK.
            assert seen[kind][0].health is not Health.OK, (kind, seen[kind][0])
        assert early == []
    finally:
        await station.stop()
        await mes.stop()
        mes.close()
        await peer.stop()
    assert not [s for s in ConnectionSupervisor.running if s.name.startswith(tuple(KINDS.values()))]
