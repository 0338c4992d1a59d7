"""One installer build per test session: the .deb of a small test station, unpacked into a temporary root."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
BUILD_DEB = REPO / "packaging" / "build_deb.py"

TEST_STATION = """\
# A station as an integrator writes it: no [paths]; the installer build sets the data folder.
[station]
id = "PKG-01"
name = "Packaging test station"
line = "PKG-1"
area = "Test"
locale = "en"
"""


@dataclass(frozen=True)
class Package:
    deb: Path
    root: Path  # the package's files, unpacked with dpkg-deb -x
    control: Path  # its control files, unpacked with dpkg-deb -e
    binary: Path
    source_config: Path

    def run(self, args: Sequence[str], *, tmp: Path, stdin: str | None = None,
            timeout: float = 120) -> subprocess.CompletedProcess[str]:
        """Run the bundled binary as on a station: no Python environment, no display."""
        home = tmp / "home"
        home.mkdir(exist_ok=True)
        env = {"PATH": "/usr/bin:/bin", "HOME": str(home), "LANG": "C.UTF-8", "QT_QPA_PLATFORM": "offscreen",
               "XDG_RUNTIME_DIR": str(home)}
        return subprocess.run([str(self.binary), *args], env=env, cwd=tmp, input=stdin, capture_output=True,
                              text=True, timeout=timeout)


@pytest.fixture(scope="session")
def package(tmp_path_factory: pytest.TempPathFactory) -> Package:
    """Build the bundle and the .deb once (a few minutes), exactly as `make package` does."""
    work = tmp_path_factory.mktemp("installer")
    config = work / "station.toml"
    config.write_text(TEST_STATION, encoding="utf-8")
    # HMI_TEST_BUNDLE=folder reuses a bundle built before (a developer's shortcut; CI never sets it).
    reuse = ["--bundle", os.environ["HMI_TEST_BUNDLE"]] if os.environ.get("HMI_TEST_BUNDLE") else []
    built = subprocess.run(
        [sys.executable, str(BUILD_DEB), "--station", str(config), "--build-dir", str(work / "build"),
         "--out", str(work / "dist"), *reuse],
        capture_output=True, text=True, cwd=REPO, timeout=1400, env={**os.environ, "PYTHONDONTWRITEBYTECODE": "1"},
    )
    assert built.returncode == 0, built.stdout[-3000:] + built.stderr[-5000:]
    deb = Path(built.stdout.strip().splitlines()[-1])
    root, control = work / "root", work / "control"
    subprocess.run(["dpkg-deb", "-x", str(deb), str(root)], check=True)
    subprocess.run(["dpkg-deb", "-e", str(deb), str(control)], check=True)
    return Package(deb=deb, root=root, control=control, binary=root / "opt" / "station-hmi" / "station-hmi",
                   source_config=config)
