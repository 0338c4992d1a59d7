"""What the audit key notice costs (issue 15, audit key).

1. The System screen asks for the key replacement each time it opens (SystemService.audit_key_replacement:
   the replacing entry by its key, the actor's name by username). Its time on a trail of many entries,
   against two baselines read on the same store in the same pass: the chain's head (the cheapest read the
   store has) and the full ``audit.verify`` walk that "Verify audit trail" runs.
2. The package's postinst asks ``hmi audit count --signed`` before it writes a key: the command's wall
   time, against the same interpreter starting ``hmi --version`` (startup alone).

Both parts run idle and then under ``stress-ng --cpu 2`` (benchmarks/load.py).

Run: .venv/bin/python benchmarks/audit_key_notice.py [--quick] [--idle-only | --under-load]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks import load
from hmi import audit
from hmi.auth import Role
from hmi.auth.users import add_user
from hmi.store import Store
from hmi.system_service import key_replacement

REPO = Path(__file__).resolve().parent.parent


def build(folder: Path, entries: int) -> None:
    """A keyed trail of ``entries``, the MES's acknowledged head half-way, then the key lost and replaced."""
    folder.mkdir(parents=True)
    with Store(path=folder / "station.db", audit_key_file=folder / audit.KEY_FILE, create_audit_key=True) as store:
        store.write_blocking(lambda db: add_user(db, username="9001", display_name="Choi Admin", role=Role.ADMIN,
                                                 pin="9753", badge=None, min_pin_length=4, ts=1.0, station="B",
                                                 actor="bench"))
        for first, last in ((2, entries // 2), (entries // 2 + 1, entries)):
            for start in range(first, last + 1, 2000):
                rows = [audit.NewEntry(ts=1.7e9 + seq, station="B", actor="9001", action="lot.count",
                                       object_type="lot", object_id=f"L{seq // 500}", after={"good": seq})
                        for seq in range(start, min(start + 2000, last + 1))]
                store.write_blocking(lambda db, rows=rows: audit.append_many(db, rows))
            if first == 2:   # the MES acknowledged the head half-way
                store.write_blocking(lambda db: audit.acknowledge_head(db, audit.head(db)))
    (folder / audit.KEY_FILE).unlink()
    with Store(path=folder / "station.db", audit_key_file=None) as store:
        store.write_blocking(lambda db: audit.replace_lost_key(db, folder / audit.KEY_FILE, ts=1.8e9, station="B",
                                                               actor="9001"))


def timed(fn: Callable[[], Any], repeat: int) -> list[float]:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return times


def line(what: str, times: list[float]) -> str:
    ms = sorted(t * 1000 for t in times)
    p95 = ms[min(len(ms) - 1, int(len(ms) * 0.95))]
    return f"  {what:<52} median {statistics.median(ms):9.3f} ms, p95 {p95:9.3f} ms ({len(ms)} runs)"


def measure(folder: Path, label: str, *, reads: int, walks: int, runs: int) -> None:
    with Store(path=folder / "station.db", audit_key_file=folder / audit.KEY_FILE) as store:
        found = store.read_blocking(key_replacement)
        assert found is not None and found.by == "Choi Admin", found
        entries = store.read_blocking(lambda db: audit.head(db).seq)
        print(f"[{label}] trail of {entries:,} entries, key replaced at #{found.seq}, MES head at #{found.anchored}")
        print(line("baseline: the chain's head (one read)", timed(lambda: store.read_blocking(audit.head), reads)))
        print(line("audit_key_replacement (System screen opens)",
                   timed(lambda: store.read_blocking(key_replacement), reads)))
        verified = store.read_blocking(audit.verify)
        assert verified.ok and verified.key_change is not None, verified
        print(line("baseline: audit.verify (Verify audit trail)",
                   timed(lambda: store.read_blocking(audit.verify), walks)))
    env = {**os.environ, "PYTHONPATH": str(REPO)}

    def hmi(*args: str) -> Callable[[], None]:
        return lambda: subprocess.run([sys.executable, "-m", "hmi.cli.main", *args], check=True, env=env,
                                      stdout=subprocess.DEVNULL)

    counted = subprocess.run([sys.executable, "-m", "hmi.cli.main", "audit", "count", "--signed", "--data-dir",
                              str(folder)], capture_output=True, text=True, env=env, check=True).stdout.strip()
    assert counted == str(entries), counted
    print(line("baseline: hmi --version (interpreter + CLI startup)", timed(hmi("--version"), runs)))
    print(line("hmi audit count --signed (postinst's question)",
               timed(hmi("audit", "count", "--signed", "--data-dir", str(folder)), runs)))


def main() -> None:
    parser = argparse.ArgumentParser()
    load.add_options(parser)
    args = parser.parse_args()
    entries = 20_000 if args.quick else 200_000
    with tempfile.TemporaryDirectory(prefix="hmi-bench-audit-key-") as tmp:
        folder = Path(tmp) / "data"
        started = time.perf_counter()
        build(folder, entries)
        print(f"built {entries:,} entries in {time.perf_counter() - started:.1f} s")
        for label in load.passes(args):
            measure(folder, label, reads=200, walks=3 if args.quick else 2, runs=5)


if __name__ == "__main__":
    main()
