"""Installer figures: bundle size (total, ten biggest parts) and start-to-login time of the bundled binary,
beside the source install's start measured in the same run.

    python benchmarks/installer.py [--bundle packaging/build/pyinstaller-dist/station-hmi] [--runs 5]

Without --bundle it builds one (about a minute or two). "first" is the first start after the build (files
partly in the page cache); the median is over the following starts.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "packaging"))
sys.path.insert(0, str(REPO))

from benchmarks import load  # noqa: E402

STATION = '[station]\nid = "BENCH-01"\nname = "Benchmark station"\nline = "B1"\narea = "Bench"\nlocale = "en"\n'


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--bundle", type=Path, default=None)
    parser.add_argument("--runs", type=int, default=None, help="starts per figure (5; 2 with --quick)")
    load.add_options(parser)
    args = parser.parse_args()
    runs = args.runs or (2 if args.quick else 5)
    with tempfile.TemporaryDirectory(prefix="hmi-bench-installer-") as tmp_name:
        tmp = Path(tmp_name)
        bundle = args.bundle
        if bundle is None:
            from build_deb import build_bundle

            started = time.perf_counter()
            bundle = build_bundle(tmp / "build")
            print(f"bundle build: {time.perf_counter() - started:.0f} s")
        report_size(bundle)
        config = tmp / "station.toml"
        config.write_text(STATION, encoding="utf-8")
        bundled = [str(bundle / "station-hmi")]
        source = [sys.executable, "-m", "hmi.cli.main"]
        for label, command in (("bundle", bundled), ("source", source)):
            data = tmp / f"data-{label}"
            add = subprocess.run([*command, "users", "add", "1001", "--name", "Kim", "--role", "admin",
                                  "--pin-stdin", "--config", str(config), "--data-dir", str(data)],
                                 input="2468\n", capture_output=True, text=True, env=_env(tmp), cwd=REPO)
            if add.returncode:
                raise SystemExit(add.stderr)
        for condition in load.passes(args):  # the source install is the baseline of each pass
            for label, command in (("bundle", bundled), ("source", source)):
                data = tmp / f"data-{label}"
                times = [start_to_login(command, config, data, tmp) for _ in range(runs + 1)]
                print(f"start to login ({label}, {condition}): first {times[0]:.2f} s, median of next {runs}: "
                      f"{statistics.median(times[1:]):.2f} s (min {min(times[1:]):.2f}, max {max(times[1:]):.2f})")
                version = [_timed([*command, "--version"], tmp) for _ in range(3)]
                print(f"--version ({label}, {condition}): median {statistics.median(version):.2f} s")
    return 0


def report_size(bundle: Path) -> None:
    total = _size(bundle)
    print(f"bundle: {bundle}  total {total / 2**20:.1f} MiB in {sum(1 for _ in bundle.rglob('*'))} files")
    internal = bundle / "_internal"
    parts = sorted(((_size(p), p.name) for p in internal.iterdir()), reverse=True)[:10]
    qt = internal / "PySide6" / "Qt"
    for size, name in parts:
        print(f"  {size / 2**20:7.1f} MiB  _internal/{name}")
    if qt.is_dir():
        print(f"  (PySide6/Qt plugins {_size(qt / 'plugins') / 2**20:.1f} MiB, "
              f"translations {_size(qt / 'translations') / 2**20:.1f} MiB, "
              f"Qt libraries libQt6* {sum(_size(p) for p in internal.glob('libQt6*')) / 2**20:.1f} MiB)")


def start_to_login(command: list[str], config: Path, data: Path, tmp: Path) -> float:
    started = time.perf_counter()
    run = subprocess.run([*command, "run", "--config", str(config), "--data-dir", str(data), "--smoke"],
                         capture_output=True, text=True, env=_env(tmp), cwd=REPO)
    elapsed = time.perf_counter() - started
    if run.returncode or "hmi: ready: LoginScreen" not in run.stdout:
        raise SystemExit(f"the station did not reach the login:\n{run.stdout}\n{run.stderr}")
    return elapsed


def _timed(command: list[str], tmp: Path) -> float:
    started = time.perf_counter()
    subprocess.run(command, capture_output=True, env=_env(tmp), cwd=REPO, check=True)
    return time.perf_counter() - started


def _env(tmp: Path) -> dict[str, str]:
    return {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": str(tmp), "LANG": "C.UTF-8",
            "QT_QPA_PLATFORM": "offscreen", "XDG_RUNTIME_DIR": str(tmp)}


def _size(path: Path) -> int:
    if path.is_file() or path.is_symlink():
        return path.lstat().st_size
    return sum(f.lstat().st_size for f in path.rglob("*") if f.is_file() and not f.is_symlink())


if __name__ == "__main__":
    sys.exit(main())
