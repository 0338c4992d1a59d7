"""One way for every benchmark to measure idle and then under load (issue 17).

"Under load" is ``stress-ng --cpu 2`` in the background, as a busy panel PC is. A benchmark adds
the common options and runs its measurement once per pass::

    parser = argparse.ArgumentParser()
    load.add_options(parser)            # --quick, --idle-only, --under-load
    args = parser.parse_args()
    for label in load.passes(args):     # "idle", then "under load" with stress-ng running
        measure_and_print(label)

Each pass measures its baseline again, so a figure is always printed beside a baseline taken under
the same conditions. stress-ng is started in its own process group, ended with the pass, and told
to end should this process die first (a killed benchmark leaves no CPU burner behind).
"""

from __future__ import annotations

import argparse
import contextlib
import ctypes
import os
import shutil
import signal
import subprocess
import time
from collections.abc import Iterator

IDLE = "idle"
LOADED = "under load (stress-ng --cpu 2)"
_PR_SET_PDEATHSIG = 1


def add_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--quick", action="store_true", help="smaller settings: every benchmark in minutes")
    which = parser.add_mutually_exclusive_group()
    which.add_argument("--idle-only", action="store_true", help="skip the pass under stress-ng --cpu 2")
    which.add_argument("--under-load", action="store_true", help="only the pass under stress-ng --cpu 2")


def passes(args: argparse.Namespace) -> Iterator[str]:
    """The labels of the passes to run; stress-ng runs while the loaded pass's body does."""
    if not getattr(args, "under_load", False):
        _announce(IDLE)
        yield IDLE
    if getattr(args, "idle_only", False):
        return
    with cpu_load():
        _announce(LOADED)
        yield LOADED


def _announce(label: str) -> None:
    average = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    print(f"--- {label} (load average {average} on {os.cpu_count()} CPUs)", flush=True)


def _die_with_parent() -> None:
    """In the child before exec: SIGTERM when the benchmark process dies (Linux)."""
    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGTERM, 0, 0, 0)


@contextlib.contextmanager
def cpu_load(command: list[str] | None = None, *, settle_s: float = 1.0) -> Iterator[subprocess.Popen[bytes]]:
    """``stress-ng --cpu 2`` (or ``command``) in the background for the duration of the block."""
    argv = command or ["stress-ng", "--cpu", "2", "--timeout", "3600s", "--quiet"]
    if shutil.which(argv[0]) is None:
        raise SystemExit(f"{argv[0]} is not installed (packaging/system-deps.sh --test installs it)")
    process = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                               start_new_session=True, preexec_fn=_die_with_parent)
    try:
        time.sleep(settle_s)  # let it reach full load
        yield process
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=10)
