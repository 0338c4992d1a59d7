"""The X server going away stops the station cleanly: every component's stop runs, the exit code says so."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

pytestmark = [pytest.mark.integration,
              pytest.mark.skipif(shutil.which("Xvfb") is None, reason="Xvfb is installed by system-deps.sh --test")]


def _wait_for(path: Path, text: str, *, within: float) -> str:
    deadline = time.monotonic() + within
    while time.monotonic() < deadline:
        found = path.read_text(encoding="utf-8", errors="replace") if path.exists() else ""
        if text in found:
            return found
        time.sleep(0.2)
    raise AssertionError(f"{text!r} not in {path} within {within} s")


def test_losing_the_display_stops_every_component_then_exits_1(tmp_path: Path) -> None:
    config = tmp_path / "station.toml"
    config.write_text('[station]\nid = "S1"\nname = "Display test"\nlocale = "en"\n', encoding="utf-8")
    read_fd, write_fd = os.pipe()
    xvfb = subprocess.Popen(["Xvfb", "-displayfd", str(write_fd), "-screen", "0", "1024x768x24", "-nolisten", "tcp"],
                            pass_fds=(write_fd,), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    os.close(write_fd)
    with os.fdopen(read_fd) as displays:
        display = displays.readline().strip()
    env = {k: v for k, v in os.environ.items() if k not in ("QT_QPA_PLATFORM", "WAYLAND_DISPLAY")}
    env["DISPLAY"] = f":{display}"
    station = subprocess.Popen([sys.executable, "-m", "hmi.cli.main", "run", "--config", str(config),
                                "--data-dir", str(tmp_path / "data")], env=env,
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        log = tmp_path / "data" / "logs" / "station.log"
        _wait_for(log, "starting heartbeat", within=120)
        xvfb.terminate()
        xvfb.wait(timeout=30)
        output, _ = station.communicate(timeout=120)
    finally:
        for process in (station, xvfb):
            if process.poll() is None:
                process.kill()
                process.wait()
    written = log.read_text(encoding="utf-8")
    assert station.returncode == 1, output
    for component in ("heartbeat", "sync", "equipment", "historian", "store-health"):
        assert f"stopping {component}" in written, written[-3000:]
    assert "Event loop stopped before Future completed" not in written
    assert "no running event loop" not in written
