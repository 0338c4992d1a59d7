"""The demo's simulated peers (equipment servers, reference MES), run as child processes on loopback.

The peers start first and the demo waits until each accepts connections on its ports, so the station
never opens with "connection refused". Each area that adds a simulator starts it here with its ports.
"""

from __future__ import annotations

import logging
import socket
import subprocess
import sys
import time
from pathlib import Path
from types import TracebackType

log = logging.getLogger(__name__)

READY_TIMEOUT_S = 60.0   # a cold start of the OPC-UA server on a loaded machine takes a few seconds


class DemoPeerFailed(RuntimeError):
    """A peer ended before it listened, or did not listen in time: the demo cannot start with it."""


def accepts(host: str, port: int, *, timeout_s: float = 0.5) -> bool:
    """Whether something accepts a TCP connection on host:port right now."""
    try:
        with socket.create_connection((host, port), timeout=timeout_s):
            return True
    except OSError:
        return False


class DemoPeers:
    def __init__(self, *, host: str = "127.0.0.1", ready_timeout_s: float = READY_TIMEOUT_S) -> None:
        self._host = host
        self._ready_timeout_s = ready_timeout_s
        self._processes: list[tuple[subprocess.Popen[bytes], str, tuple[int, ...]]] = []

    def config_path(self, demo_config: Path) -> Path:
        """The config the demo station uses (the shipped one; peers listen on its fixed loopback ports)."""
        return demo_config

    def start(self, argv: list[str], *, ports: tuple[int, ...] = ()) -> None:
        """Start one peer (``hmi <argv>``); ``ports`` are the ones it listens on when it is ready."""
        busy = [p for p in ports if accepts(self._host, p, timeout_s=0.2)]
        if busy:
            raise DemoPeerFailed(
                f"cannot start `hmi {' '.join(argv)}`: port {', '.join(map(str, busy))} on {self._host} is already "
                "in use (another demo still running?). Stop it and start the demo again.")
        log.info("starting demo peer: %s", " ".join(argv))
        process = subprocess.Popen([sys.executable, "-m", "hmi.cli.main", *argv])
        self._processes.append((process, " ".join(argv), ports))

    def wait_ready(self) -> None:
        """Return once every peer accepts connections on all its ports; DemoPeerFailed if one ended first
        or did not listen within the timeout (the message names it)."""
        deadline = time.monotonic() + self._ready_timeout_s
        for process, name, ports in self._processes:
            for port in ports:
                while not accepts(self._host, port):
                    code = process.poll()
                    if code is not None:
                        raise DemoPeerFailed(f"demo peer `hmi {name}` ended (exit {code}) before it listened on "
                                             f"port {port}; see its messages above")
                    if time.monotonic() > deadline:
                        raise DemoPeerFailed(f"demo peer `hmi {name}` did not listen on {self._host}:{port} within "
                                             f"{self._ready_timeout_s:g} s")
                    time.sleep(0.1)
            log.info("demo peer ready: %s", name)

    def __enter__(self) -> DemoPeers:
        return self

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None) -> None:
        for process, _name, _ports in self._processes:
            process.terminate()
        for process, _name, _ports in self._processes:
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(timeout=10)
