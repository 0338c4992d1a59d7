"""The demo's simulated peers (equipment servers, reference MES), run as child processes on loopback.

Each area that adds a simulator registers it in PEERS; the demo config is written with their ports.
"""

from __future__ import annotations

import logging
import subprocess
import sys
from pathlib import Path
from types import TracebackType

log = logging.getLogger(__name__)


class DemoPeers:
    def __init__(self) -> None:
        self._processes: list[subprocess.Popen[bytes]] = []

    def config_path(self, demo_config: Path) -> Path:
        """The config the demo station uses (the shipped one; peers listen on its fixed loopback ports)."""
        return demo_config

    def start(self, argv: list[str]) -> None:
        log.info("starting demo peer: %s", " ".join(argv))
        self._processes.append(subprocess.Popen([sys.executable, "-m", "hmi.cli.main", *argv]))

    def __enter__(self) -> DemoPeers:
        return self

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None) -> None:
        for process in self._processes:
            process.terminate()
        for process in self._processes:
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
