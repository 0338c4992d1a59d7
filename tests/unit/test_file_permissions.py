"""The data folder is 0700 and station.db, history.db, the audit key and the logs 0600, whatever the umask."""

from __future__ import annotations

import json
import logging
import logging.handlers
import os
import stat
import subprocess
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from hmi.logging_setup import setup_logging
from hmi.station import Station

REPO = Path(__file__).resolve().parents[2]


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture
def loose_umask() -> Iterator[None]:
    old = os.umask(0o022)
    try:
        yield
    finally:
        os.umask(old)


async def test_a_source_install_keeps_its_records_private(make_station: Callable[..., Station], tmp_path: Path,
                                                          loose_umask: None) -> None:
    data = tmp_path / "data"
    station = make_station(data_dir=data)
    await station.start()
    await station.store.write(lambda db: db.execute("INSERT INTO settings (key, value) VALUES ('x', '1')"))
    await station.historian.flush()
    try:
        assert _mode(data) == 0o700
        for name in ("station.db", "station.db-wal", "history.db", "audit.key"):
            assert _mode(data / name) == 0o600, name
    finally:
        await station.stop()


def test_the_logs_are_private_and_so_is_every_rotated_file(tmp_path: Path, loose_umask: None) -> None:
    path = setup_logging(tmp_path / "data", console=False)
    handler = next(h for h in logging.getLogger().handlers if getattr(h, "_station_hmi", False))
    try:
        logging.getLogger("test").warning("hello")
        assert isinstance(handler, logging.handlers.RotatingFileHandler)
        handler.doRollover()
        logging.getLogger("test").warning("after the rollover")
        assert _mode(tmp_path / "data") == 0o700 and _mode(path.parent) == 0o700
        assert _mode(path) == 0o600 and _mode(path.with_name("station.log.1")) == 0o600
    finally:
        logging.getLogger().removeHandler(handler)
        handler.close()


def test_postinst_makes_the_same_modes_and_one_audit_key(tmp_path: Path) -> None:
    root, stubs = tmp_path / "root", tmp_path / "bin"
    (root / "etc" / "station-hmi").mkdir(parents=True)
    stubs.mkdir()
    for tool, body in (("getent", "exit 0"), ("adduser", "exit 0"), ("chown", "exit 0"), ("systemctl", "exit 0"),
                       ("id", "echo station-hmi video input render")):
        (stubs / tool).write_text(f"#!/bin/sh\n{body}\n")
        (stubs / tool).chmod(0o755)
    env = {"PATH": f"{stubs}:/usr/bin:/bin", "DPKG_ROOT": str(root)}
    keys = []
    for _ in range(2):
        run = subprocess.run(["sh", str(REPO / "packaging/debian/postinst"), "configure", ""], env=env,
                             capture_output=True, text=True, timeout=60)
        assert run.returncode == 0, run.stderr
        data = root / "var/lib/station-hmi"
        assert _mode(data) == 0o700 and _mode(data / "audit.key") == 0o600
        keys.append(json.loads((data / "audit.key").read_text())["key"])
    assert keys[0] == keys[1] and len(bytes.fromhex(keys[0])) == 32
