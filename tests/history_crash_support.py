"""The kill -9 upload tests' worker process, driven from the test: fork, run, kill, drain (any sink)."""

from __future__ import annotations

import json
import os
import queue
import random
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

WORKER = Path(__file__).parent / "integration" / "history_upload_crash_worker.py"
REPO = WORKER.parent.parent.parent


class Worker:
    """The forking worker process and a thread that collects what it prints."""

    def __init__(self, path: Path, driver: str, options: dict[str, object]) -> None:
        env = {**os.environ, "PYTHONPATH": str(REPO)}
        self.proc = subprocess.Popen([sys.executable, str(WORKER), str(path), driver, json.dumps(options)],
                                     stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, env=env,
                                     cwd=REPO)
        self.lines: queue.Queue[str] = queue.Queue()
        self.thread = threading.Thread(target=self._read, name="history-crash-reader")
        self.thread.start()

    def _read(self) -> None:
        assert self.proc.stdout is not None
        for line in self.proc.stdout:
            self.lines.put(line.strip())

    def next_line(self, seen: list[str], prefix: str, timeout: float = 60) -> str:
        while True:
            try:
                line = self.lines.get(timeout=timeout)
            except queue.Empty:
                pytest.fail(f"the worker printed no {prefix!r}; last lines: {seen[-5:]}")
            seen.append(line)
            if line.startswith(prefix):
                return line

    def command(self, line: str) -> int:
        assert self.proc.stdin is not None
        self.proc.stdin.write(line + "\n")
        self.proc.stdin.flush()
        return int(self.next_line([], "CHILD").split()[1])

    def run_until_killed(self, rng: random.Random) -> None:
        pid = self.command("GO")
        seen: list[str] = []
        self.next_line(seen, "READY")
        time.sleep(rng.uniform(0.0, 0.4))
        os.kill(pid, signal.SIGKILL)
        reaped = self.next_line(seen, "REAPED")
        assert int(reaped.split()[2]) == signal.SIGKILL, "the uploader stopped by itself: " + "\n".join(seen[-5:])

    def drain(self) -> None:
        self.command("DRAIN")
        seen: list[str] = []
        self.next_line(seen, "DONE", timeout=240)
        reaped = self.next_line(seen, "REAPED")
        assert int(reaped.split()[2]) == 0

    def close(self) -> None:
        assert self.proc.stdin is not None
        self.proc.stdin.close()
        self.proc.wait(timeout=30)
        self.thread.join()
