"""The package's postinst writes an audit key only where none could have signed anything.

It runs against a fake root (DPKG_ROOT) with stand-ins for the user tools, and the real ``hmi`` command
in the bundle's place: the count postinst asks for is the one a station answers.
"""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from hmi import audit
from hmi.auth import Role
from hmi.auth.users import add_user
from hmi.store import Store
from tests.conftest import DEMO_CONFIG

REPO = Path(__file__).resolve().parents[2]
POSTINST = REPO / "packaging" / "debian" / "postinst"


def _tool(folder: Path, name: str, body: str) -> None:
    (folder / name).write_text(f"#!/bin/sh\n{body}\n")
    (folder / name).chmod(0o755)


@pytest.fixture
def root(tmp_path: Path) -> Path:
    """A fake root: the config, the bundle's command (this checkout's hmi) and no data folder yet."""
    root = tmp_path / "root"
    (root / "etc" / "station-hmi").mkdir(parents=True)
    bundle = root / "opt" / "station-hmi"
    bundle.mkdir(parents=True)
    _tool(bundle, "station-hmi", f'PYTHONPATH={REPO} exec {sys.executable} -m hmi.cli.main "$@"')
    return root


def _data(root: Path) -> Path:
    data = root / "var" / "lib" / "station-hmi"
    data.mkdir(parents=True, exist_ok=True)
    return data


def _postinst(root: Path, tmp_path: Path) -> subprocess.CompletedProcess[str]:
    stubs = tmp_path / "bin"
    stubs.mkdir(exist_ok=True)
    for tool, body in (("getent", "exit 0"), ("adduser", "exit 0"), ("chown", "exit 0"), ("systemctl", "exit 0"),
                       ("id", "echo station-hmi video input render")):
        _tool(stubs, tool, body)
    env = {"PATH": f"{stubs}:/usr/bin:/bin", "DPKG_ROOT": str(root), "HOME": str(tmp_path)}
    return subprocess.run(["sh", str(POSTINST), "configure", ""], env=env, capture_output=True, text=True,
                          timeout=120)


def _records(data: Path, *, keyed: bool) -> None:
    """A station's records with entries: signed with its key, or (an older release) with none."""
    key = data / audit.KEY_FILE if keyed else None
    with Store(path=data / "station.db", audit_key_file=key, create_audit_key=keyed) as store:
        store.write_blocking(lambda db: add_user(db, username="9001", display_name="Choi Admin", role=Role.ADMIN,
                                                 pin="9753", badge=None, min_pin_length=4, ts=1.0, station="S1",
                                                 actor="test"))
        for i in range(4):
            store.write_blocking(lambda db, i=i: audit.append(db, ts=2.0 + i, station="S1", actor="9001",
                                                              action="lot.start", object_type="lot",
                                                              object_id=f"L{i}"))


def _files(data: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(data.iterdir())}


def test_a_fresh_install_gets_a_private_key(root: Path, tmp_path: Path) -> None:
    run = _postinst(root, tmp_path)
    assert run.returncode == 0, run.stderr
    key = _data(root) / audit.KEY_FILE
    assert stat.S_IMODE(key.stat().st_mode) == 0o600
    assert len(bytes.fromhex(json.loads(key.read_text())["key"])) == 32
    assert "audit" not in run.stderr


def test_a_lost_key_beside_signed_entries_is_not_made_again(root: Path, tmp_path: Path) -> None:
    data = _data(root)
    _records(data, keyed=True)
    (data / audit.KEY_FILE).unlink()
    before = _files(data)
    run = _postinst(root, tmp_path)
    assert run.returncode == 0, run.stderr      # an install never stops halfway
    assert not (data / audit.KEY_FILE).exists()
    assert _files(data) == before, "the count leaves nothing beside station.db"
    assert f"{data / audit.KEY_FILE} is missing" in run.stderr and "5 audit entries" in run.stderr
    assert "restore audit.key from the backup" in run.stderr
    assert "runuser -u station-hmi -- station-hmi audit new-key --key-is-lost" in run.stderr
    assert "Traceback" not in run.stderr + run.stdout
    # The station then refuses to start, and says why, naming the file; it makes no key either.
    started = subprocess.run([sys.executable, "-m", "hmi.cli.main", "run", "--config", str(DEMO_CONFIG),
                              "--data-dir", str(data), "--smoke"], capture_output=True, text=True, cwd=REPO,
                             env={**os.environ, "PYTHONPATH": str(REPO), "QT_QPA_PLATFORM": "offscreen"},
                             timeout=120)
    assert started.returncode == 2, started.stdout + started.stderr
    assert f"{data / audit.KEY_FILE}: the audit key file is missing, but station.db holds 5" in started.stderr
    assert "hmi audit new-key" in started.stderr and "Traceback" not in started.stderr
    assert not (data / audit.KEY_FILE).exists()


def test_records_that_cannot_be_counted_get_no_key_either(root: Path, tmp_path: Path) -> None:
    data = _data(root)
    (data / "station.db").write_bytes(b"not a database, but someone's records" * 100)
    run = _postinst(root, tmp_path)
    assert run.returncode == 0, run.stderr
    assert not (data / audit.KEY_FILE).exists()
    assert "could not be counted" in run.stderr


def test_a_present_key_is_left_as_it_is(root: Path, tmp_path: Path) -> None:
    data = _data(root)
    _records(data, keyed=True)
    key = data / audit.KEY_FILE
    text, stamp = key.read_bytes(), key.stat().st_mtime_ns
    run = _postinst(root, tmp_path)
    assert run.returncode == 0, run.stderr
    assert key.read_bytes() == text and key.stat().st_mtime_ns == stamp
    assert "missing" not in run.stderr


def test_an_older_releases_unsigned_trail_gets_its_first_key(root: Path, tmp_path: Path) -> None:
    """The upgrade path: no release before the key signed anything; the first start keys from the next entry."""
    data = _data(root)
    _records(data, keyed=False)
    run = _postinst(root, tmp_path)
    assert run.returncode == 0, run.stderr
    written = json.loads((data / audit.KEY_FILE).read_text())
    assert "keyed_from" not in written and stat.S_IMODE((data / audit.KEY_FILE).stat().st_mode) == 0o600


def test_the_count_reads_a_running_stations_wal(tmp_path: Path) -> None:
    """Entries still in the WAL are counted, and the -shm the station made stays as it was."""
    data = tmp_path / "data"
    data.mkdir()
    _records(data, keyed=True)
    with Store(path=data / "station.db", audit_key_file=data / audit.KEY_FILE) as store:
        store.write_blocking(lambda db: audit.append(db, ts=9.0, station="S1", actor="9001", action="lot.finish",
                                                     object_type="lot", object_id="L3"))
        assert (data / "station.db-wal").stat().st_size > 0
        counted = subprocess.run([sys.executable, "-m", "hmi.cli.main", "audit", "count", "--signed",
                                  "--data-dir", str(data)], capture_output=True, text=True, cwd=REPO,
                                 env={**os.environ, "PYTHONPATH": str(REPO)}, timeout=60)
        assert counted.returncode == 0, counted.stderr
        assert counted.stdout.strip() == "6"
