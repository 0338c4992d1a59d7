"""Build a station's Debian package: check its config, bundle the station with PyInstaller, wrap it with dpkg-deb.

``make package STATION=path/to/station.toml`` runs this. The result is
``packaging/dist/station-hmi_<version>_<station-id>_amd64.deb``.
"""

from __future__ import annotations

import argparse
import compileall
import re
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

PACKAGING = Path(__file__).resolve().parent
REPO = PACKAGING.parent
DEBIAN = PACKAGING / "debian"
DATA_DIR = "/var/lib/station-hmi"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--station", type=Path, required=True, help="the station's station.toml")
    parser.add_argument("--out", type=Path, default=PACKAGING / "dist", help="where the .deb goes")
    parser.add_argument("--build-dir", type=Path, default=PACKAGING / "build", help="PyInstaller's work folders")
    parser.add_argument("--bundle", type=Path, default=None, help="reuse this already built bundle folder")
    args = parser.parse_args(argv)

    station_id, station_name = check_station_config(args.station)
    config_text = packaged_config(args.station)
    bundle = args.bundle or build_bundle(args.build_dir)
    deb = build_deb(bundle=bundle, config_text=config_text, station_id=station_id, station_name=station_name,
                    stage_root=args.build_dir / "deb", out=args.out)
    print(deb)
    return 0


def check_station_config(path: Path) -> tuple[str, str]:
    """The same check and the same words as ``hmi check-config``; exits 2 on a bad config."""
    from hmi.cli.main import main as hmi_main

    code = hmi_main(["check-config", str(path)])  # raises SystemExit(2) with the problems on stderr
    if code:
        raise SystemExit(code)
    from hmi.config import load_config

    config = load_config(path)
    return config.station.id, config.station.name


def packaged_config(path: Path) -> str:
    """The config as installed: its data folder is the package's, /var/lib/station-hmi."""
    text = path.read_text(encoding="utf-8")
    paths = tomllib.loads(text).get("paths")
    if paths is None:
        return text.rstrip("\n") + f'\n\n# Added by the installer build: the package keeps records here.\n[paths]\ndata_dir = "{DATA_DIR}"\n'
    if paths.get("data_dir") != DATA_DIR:
        raise SystemExit(f"{path}: [paths] data_dir is {paths.get('data_dir', '')!r}; a packaged station keeps its "
                         f"records in {DATA_DIR!r}: set data_dir = \"{DATA_DIR}\" or remove the [paths] table")
    return text


def build_bundle(build_dir: Path) -> Path:
    """The one-folder bundle (minutes): everything in hmi, screens, plugins and resources at this moment."""
    dist = build_dir / "pyinstaller-dist"
    subprocess.run(
        [sys.executable, "-m", "PyInstaller", "--noconfirm", "--log-level", "WARN",
         "--distpath", str(dist), "--workpath", str(build_dir / "pyinstaller-work"),
         str(PACKAGING / "station-hmi.spec")],
        check=True, cwd=REPO,
    )
    bundle = dist / "station-hmi"
    # The station's own modules are bytecode in the archive already; sources shipped as files (by hooks that
    # collect a package's .py) get theirs now, so no start compiles them (PYTHONDONTWRITEBYTECODE kiosks).
    compileall.compile_dir(bundle, quiet=2, workers=0)  # a file that does not compile is not importable anyway
    return bundle


def project_version() -> str:
    from hmi import __version__

    if not re.match(r"^[0-9][A-Za-z0-9.+~-]*$", __version__):
        raise SystemExit(f"the project version {__version__!r} is not a Debian version (reinstall: pip install -e .)")
    return __version__


def deb_name(version: str, station_id: str) -> str:
    safe_id = re.sub(r"[^A-Za-z0-9.+-]+", "-", station_id).strip("-")
    return f"station-hmi_{version}_{safe_id}_amd64.deb"


def build_deb(*, bundle: Path, config_text: str, station_id: str, station_name: str, stage_root: Path,
              out: Path) -> Path:
    version = project_version()
    root = stage_root / deb_name(version, station_id).removesuffix(".deb")
    if root.exists():
        shutil.rmtree(root)
    shutil.copytree(bundle, root / "opt" / "station-hmi", symlinks=True)
    (root / "usr" / "bin").mkdir(parents=True)
    (root / "usr" / "bin" / "station-hmi").symlink_to("/opt/station-hmi/station-hmi")
    _put(root / "etc" / "station-hmi" / "station.toml", config_text, 0o644)
    _put(root / "etc" / "pam.d" / "station-hmi-kiosk", (DEBIAN / "pam-station-hmi-kiosk").read_text(), 0o644)
    _put(root / "usr" / "lib" / "systemd" / "system" / "station-hmi-kiosk.service",
         (DEBIAN / "station-hmi-kiosk.service").read_text(), 0o644)
    _put(root / "usr" / "share" / "doc" / "station-hmi" / "README.Debian", (DEBIAN / "README.Debian").read_text(), 0o644)

    installed_kib = sum(f.lstat().st_size for f in root.rglob("*") if f.is_file() or f.is_symlink()) // 1024 + 1
    control = ((DEBIAN / "control.in").read_text()
               .replace("@VERSION@", version).replace("@INSTALLED_SIZE@", str(installed_kib))
               .replace("@STATION_ID@", station_id).replace("@STATION_NAME@", station_name.replace("\n", " ")))
    _put(root / "DEBIAN" / "control", control, 0o644)
    _put(root / "DEBIAN" / "conffiles", (DEBIAN / "conffiles").read_text(), 0o644)
    for script in ("postinst", "prerm", "postrm"):
        _put(root / "DEBIAN" / script, (DEBIAN / script).read_text(), 0o755)

    out.mkdir(parents=True, exist_ok=True)
    deb = out / deb_name(version, station_id)
    # gzip: every dpkg reads it, and it is several times faster to build than the default xz.
    subprocess.run(["dpkg-deb", "--root-owner-group", "-Zgzip", "-z6", "--build", str(root), str(deb)],
                   check=True, stdout=subprocess.DEVNULL)
    return deb


def _put(path: Path, text: str, mode: int) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    path.chmod(mode)


if __name__ == "__main__":
    sys.exit(main())
