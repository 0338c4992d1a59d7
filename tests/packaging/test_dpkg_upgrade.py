"""Real dpkg, in a fake root: install, upgrade to a newer version, remove, purge. Config and records survive."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from hmi import __version__
from tests.packaging.conftest import Package
from tests.packaging.test_deb_package import _stub

# The first test builds the bundle (PyInstaller, minutes; 5+ on a loaded 2-core machine).
pytestmark = [pytest.mark.packaging, pytest.mark.slow, pytest.mark.timeout(1500)]


def test_install_upgrade_remove_purge_keep_the_records(package: Package, tmp_path: Path) -> None:
    root, stubs, log = tmp_path / "root", tmp_path / "bin", tmp_path / "calls.log"
    for folder in ("var/lib/dpkg/info", "var/lib/dpkg/updates"):
        (root / folder).mkdir(parents=True)
    (root / "var/lib/dpkg/status").touch()
    passwd = tmp_path / "passwd"
    passwd.write_text("root:x:0:0::/root:/bin/sh\n")
    stubs.mkdir()
    # The maintainer scripts run outside the root (DPKG_ROOT): user tools are stand-ins, never the host's.
    _stub(stubs, "getent", f'[ "$1" = passwd ] && grep "^$2:" {passwd}')
    _stub(stubs, "adduser", f'echo "adduser $*" >> {log}; for last; do :; done; '
                            f'echo "$last:x:999:999::/var/lib/station-hmi:/usr/sbin/nologin" >> {passwd}; exit 0')
    for tool in ("chown", "systemctl", "id"):
        _stub(stubs, tool, f'echo "{tool} $*" >> {log}; exit 0')
    env = {"PATH": f"{stubs}:/usr/sbin:/usr/bin:/sbin:/bin", "LANG": "C.UTF-8"}
    dpkg = ["dpkg", f"--root={root}", "--force-script-chrootless", "--force-depends", "--force-not-root",
            "--log=/dev/null"]

    def run_dpkg(*args: str) -> None:
        done = subprocess.run([*dpkg, *args], env=env, capture_output=True, text=True)
        assert done.returncode == 0, done.stdout + done.stderr

    def installed_version() -> str:
        return subprocess.run(["dpkg-query", f"--admindir={root}/var/lib/dpkg", "-W", "-f=${Version} ${Status}",
                               "station-hmi"], capture_output=True, text=True).stdout

    run_dpkg("-i", str(package.deb))
    assert installed_version() == f"{__version__} install ok installed"
    config = root / "etc/station-hmi/station.toml"
    data = root / "var/lib/station-hmi"
    with config.open("a", encoding="utf-8") as edited:
        edited.write("# edited on site\n")
    added = package.run(["users", "add", "1001", "--name", "Kim", "--role", "admin", "--pin-stdin", "--config",
                         str(config), "--data-dir", str(data)], tmp=tmp_path, stdin="2468\n")
    assert added.returncode == 0, added.stderr

    run_dpkg("-i", str(_newer_package(package.deb, tmp_path)))
    assert installed_version() == f"{__version__}+1 install ok installed"
    assert config.read_text(encoding="utf-8").endswith("# edited on site\n"), "local config edits survive upgrades"
    listed = package.run(["users", "list", "--config", str(config), "--data-dir", str(data)], tmp=tmp_path)
    assert listed.returncode == 0 and "1001" in listed.stdout, listed.stderr
    assert sum(1 for line in log.read_text().splitlines() if line.startswith("adduser --system")) == 1

    run_dpkg("--remove", "station-hmi")
    assert not (root / "opt/station-hmi/station-hmi").exists()
    assert config.exists() and (data / "station.db").exists()
    run_dpkg("--purge", "station-hmi")
    assert not config.exists()
    assert (data / "station.db").exists(), "purge keeps the station's records"


def _newer_package(deb: Path, tmp: Path) -> Path:
    """The same package with a higher version, as the next release would be."""
    tree = tmp / "newer"
    subprocess.run(["dpkg-deb", "-R", str(deb), str(tree)], check=True)
    control = tree / "DEBIAN" / "control"
    control.write_text(control.read_text().replace(f"Version: {__version__}\n", f"Version: {__version__}+1\n"))
    newer = tmp / "newer.deb"
    subprocess.run(["dpkg-deb", "--root-owner-group", "-Zgzip", "-z1", "--build", str(tree), str(newer)], check=True,
                   stdout=subprocess.DEVNULL)
    return newer
