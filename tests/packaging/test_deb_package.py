"""The .deb itself: name, control fields, conffiles, maintainer scripts, kiosk unit, and `make package`'s check."""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from hmi import __version__
from tests.packaging.conftest import BUILD_DEB, REPO, Package

# The first test builds the bundle (PyInstaller, minutes; 5+ on a loaded 2-core machine).
pytestmark = [pytest.mark.packaging, pytest.mark.slow, pytest.mark.timeout(1500)]


def _field(package: Package, name: str) -> str:
    return subprocess.run(["dpkg-deb", "-f", str(package.deb), name], capture_output=True, text=True,
                          check=True).stdout.strip()


def test_file_name_carries_version_and_station(package: Package) -> None:
    assert package.deb.name == f"station-hmi_{__version__}_PKG-01_amd64.deb"


def test_control_fields(package: Package) -> None:
    assert _field(package, "Package") == "station-hmi"
    assert _field(package, "Version") == __version__
    assert _field(package, "Architecture") == "amd64"
    depends = {d.strip().split(" ")[0] for d in _field(package, "Depends").split(",")}
    assert {"adduser", "cage", "fonts-noto-cjk", "libegl1", "libxkbcommon0"} <= depends
    assert "PKG-01" in _field(package, "Description")
    assert int(_field(package, "Installed-Size")) > 10_000  # KiB: the whole bundle is counted


def test_conffiles_hold_the_station_config(package: Package) -> None:
    conffiles = (package.control / "conffiles").read_text().split()
    assert "/etc/station-hmi/station.toml" in conffiles
    for path in conffiles:
        assert (package.root / path.lstrip("/")).is_file(), path


def test_layout_command_and_kiosk_unit(package: Package) -> None:
    command = package.root / "usr" / "bin" / "station-hmi"
    assert command.is_symlink() and os.readlink(command) == "/opt/station-hmi/station-hmi"
    assert package.binary.stat().st_mode & stat.S_IXUSR
    unit = (package.root / "usr/lib/systemd/system/station-hmi-kiosk.service").read_text()
    assert ("ExecStart=/usr/bin/cage -s -- /opt/station-hmi/station-hmi run --kiosk "
            "--config /etc/station-hmi/station.toml") in unit
    assert "Restart=always" in unit and "User=station-hmi" in unit and "TTYPath=/dev/tty1" in unit
    assert "WantedBy=graphical.target" in unit
    assert not (package.root / "var" / "lib" / "station-hmi").exists(), "records are never shipped in the package"


def test_maintainer_scripts_are_executable_shell(package: Package) -> None:
    for script in ("postinst", "prerm", "postrm"):
        path = package.control / script
        assert path.stat().st_mode & stat.S_IXUSR, script
        subprocess.run(["sh", "-n", str(path)], check=True)


def test_postinst_is_idempotent_and_never_touches_systemd_outside_it(package: Package, tmp_path: Path) -> None:
    """Run postinst twice against a fake root with stand-ins for the user tools: one user, same end state."""
    root, stubs, log = tmp_path / "root", tmp_path / "bin", tmp_path / "calls.log"
    (root / "etc" / "station-hmi").mkdir(parents=True)
    (root / "etc" / "station-hmi" / "station.toml").write_text("[station]\n")
    stubs.mkdir()
    passwd = tmp_path / "passwd"
    passwd.write_text("root:x:0:0::/root:/bin/sh\n")
    _stub(stubs, "getent", f'echo "getent $*" >> {log}; [ "$1" = passwd ] && grep "^$2:" {passwd}')
    _stub(stubs, "adduser", f'echo "adduser $*" >> {log}; for last; do :; done; '
                            f'case "$*" in *--system*) echo "$last:x:999:999::/var/lib/station-hmi:/usr/sbin/nologin"'
                            f' >> {passwd};; esac; exit 0')
    for tool in ("chown", "systemctl", "id"):
        _stub(stubs, tool, f'echo "{tool} $*" >> {log}; exit 0')
    env = {"PATH": f"{stubs}:/usr/bin:/bin", "DPKG_ROOT": str(root), "DPKG_MAINTSCRIPT_NAME": "postinst"}
    states = []
    for attempt in range(2):
        run = subprocess.run(["sh", str(package.control / "postinst"), "configure", "" if attempt == 0 else __version__],
                             env=env, capture_output=True, text=True)
        assert run.returncode == 0, run.stderr
        data = root / "var" / "lib" / "station-hmi"
        states.append((passwd.read_text(), data.is_dir(), oct(data.stat().st_mode & 0o777),
                       oct((root / "etc/station-hmi/station.toml").stat().st_mode & 0o777)))
    assert states[0] == states[1]
    assert states[0][1:] == (True, "0o700", "0o640")
    key = root / "var" / "lib" / "station-hmi" / "audit.key"
    assert oct(key.stat().st_mode & 0o777) == "0o600" and len(bytes.fromhex(json.loads(key.read_text())["key"])) == 32
    calls = log.read_text().splitlines()
    assert sum(1 for c in calls if c.startswith("adduser") and "--system" in c) == 1
    assert f"chown station-hmi:station-hmi {root}/var/lib/station-hmi" in calls
    if not Path("/run/systemd/system").is_dir():
        assert not any(c.startswith("systemctl") for c in calls), "no systemd here: the unit must not be touched"


def test_make_package_refuses_a_bad_config_with_check_configs_words(tmp_path: Path) -> None:
    bad = tmp_path / "station.toml"
    bad.write_text('[station]\nid = "X"\nname = "X"\nline = "L"\narea = "A"\nlocale = "fr"\n')
    build = subprocess.run([sys.executable, str(BUILD_DEB), "--station", str(bad), "--out", str(tmp_path / "dist"),
                            "--build-dir", str(tmp_path / "build")], capture_output=True, text=True, cwd=REPO)
    check = subprocess.run([sys.executable, "-m", "hmi.cli.main", "check-config", str(bad)], capture_output=True,
                           text=True, cwd=REPO)
    assert build.returncode == check.returncode == 2
    assert build.stderr == check.stderr and "locale" in build.stderr
    assert not (tmp_path / "dist").exists() and not (tmp_path / "build").exists()


def test_make_package_refuses_a_data_folder_other_than_the_packages(tmp_path: Path) -> None:
    config = tmp_path / "station.toml"
    config.write_text('[station]\nid = "X"\nname = "X"\nline = "L"\narea = "A"\nlocale = "en"\n'
                      '[paths]\ndata_dir = "/srv/records"\n')
    build = subprocess.run([sys.executable, str(BUILD_DEB), "--station", str(config), "--out", str(tmp_path / "dist"),
                            "--build-dir", str(tmp_path / "build")], capture_output=True, text=True, cwd=REPO)
    assert build.returncode == 1
    assert "/var/lib/station-hmi" in build.stderr and "/srv/records" in build.stderr


def _stub(folder: Path, name: str, body: str) -> None:
    path = folder / name
    path.write_text(f"#!/bin/sh\n{body}\n")
    path.chmod(0o755)
