"""How long station.stop() takes while every connection and the MES are unreachable and reconnecting.

Prints each run's total stop time and the slowest component. Idle, then under ``stress-ng --cpu 2``.
Run: python benchmarks/shutdown.py [RUNS] [--quick] [--idle-only | --under-load]
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import random
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks import load
from hmi.station import Station
from tests.integration.test_station_shutdown import unreachable_config


async def one_run(wait_s: float) -> tuple[float, str]:
    station = Station(config=unreachable_config(), data_dir=Path(tempfile.mkdtemp()) / "data").open()
    await station.start()
    await asyncio.sleep(wait_s)
    slowest, slowest_s = "", 0.0
    started = time.perf_counter()
    for component in reversed(list(station._started)):
        t = time.perf_counter()
        await component.stop()
        if time.perf_counter() - t >= slowest_s:
            slowest, slowest_s = component.name, time.perf_counter() - t
    station._started.clear()
    total = time.perf_counter() - started
    station.close()
    return total, f"{slowest} {slowest_s * 1000:.1f} ms"


async def stop_times(runs: int) -> None:
    rng = random.Random(7)
    totals = []
    for i in range(runs):
        wait_s = rng.uniform(0.1, 3.0)
        total, slowest = await one_run(wait_s)
        totals.append(total)
        print(f"run {i}: stopped {wait_s:.2f} s after start in {total * 1000:.1f} ms (slowest: {slowest})")
    print(f"stop time over {runs} runs: median {sorted(totals)[runs // 2] * 1000:.1f} ms, worst {max(totals) * 1000:.1f} ms")



def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("runs", type=int, nargs="?", default=None, help="stops per pass (10; 4 with --quick)")
    load.add_options(parser)
    args = parser.parse_args()
    for label in load.passes(args):
        print(f"[{label}]")
        asyncio.run(stop_times(args.runs or (4 if args.quick else 10)))


if __name__ == "__main__":
    logging.basicConfig(level=logging.CRITICAL)
    main()
