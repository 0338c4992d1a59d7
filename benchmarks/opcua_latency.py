"""OPC-UA: 1,000 monitored items changing every 100 ms on the simulator.

Prints the latency from the server's source timestamp to the sample on the station's tag bus
(p50/p99/max), the samples per second received, and the CPU of the station process (this
process; the simulator runs as a child process). Target: p99 < 50 ms + the publishing interval,
at most one core.

    .venv/bin/python benchmarks/opcua_latency.py [--items 1000] [--seconds 30] [--publishing-ms 100] [--servers 5]

By default 1,000 and then 5,000 items over 5 simulator processes (one connection each: the server is not the
limit), idle and then under ``stress-ng --cpu 2``; it prints the station's CPU per 1,000 changes/s.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import re
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import psutil

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks import load
from hmi.clock import SystemClock
from hmi.config import parse_config
from hmi.equipment.service import EquipmentService
from hmi.heap import settle_after_start
from hmi.status import StatusBoard
from hmi.tags import Quality, Sample, TagBus

NAMESPACE = "urn:station-hmi:anodizing-line"


def start_simulator(items: int) -> tuple[subprocess.Popen[str], str]:
    """One simulator process serving ``items`` changing variables; returns it and its endpoint."""
    proc = subprocess.Popen([sys.executable, "-m", "hmi.cli.main", "simulate", "--opcua-port", "0",
                             "--modbus-port", "0", "--bench-items", str(items), "--tick", "0.1"],
                            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    assert proc.stdout is not None
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        line = proc.stdout.readline()
        found = re.search(r"(opc\.tcp://\S+)", line)
        if found:
            return proc, found.group(1)
    proc.kill()
    raise SystemExit("the simulator did not start")


async def measure(endpoints: list[str], items: int, seconds: float, publishing_ms: float,
                  simulators: list[psutil.Process]) -> None:
    per_server = items // len(endpoints)
    tags = {f"item{i:04d}": {"address": f"opcua://sim{i // per_server}/nsu={NAMESPACE};s=Bench.Item{i % per_server:04d}",
                             "interval_s": 0.1} for i in range(per_server * len(endpoints))}
    items = len(tags)
    config = parse_config({
        "station": {"id": "BENCH", "name": "bench"},
        "connections": {f"sim{n}": {"driver": "opcua", "endpoint": endpoint,
                                    "publishing_interval_s": publishing_ms / 1000, "queue_size": 1}
                        for n, endpoint in enumerate(endpoints)},
        "tags": tags,
    })
    bus = TagBus()
    service = EquipmentService(config=config, bus=bus, status=StatusBoard(), clock=SystemClock())
    latencies: list[float] = []
    recording = False
    bad = 0

    def on_sample(sample: Sample) -> None:
        nonlocal bad
        if not recording:
            return
        if sample.quality is Quality.GOOD:
            latencies.append(time.time() - sample.ts)
        else:
            bad += 1

    bus.subscribe(on_sample)
    await service.start()
    settle_after_start()                              # as `hmi run` does after start-up
    try:
        last = f"item{items - 1:04d}"
        first_value = asyncio.Event()
        bus.subscribe(lambda _s: first_value.set(), tags=[last])
        await first_value.wait()
        await asyncio.sleep(3.0)                       # warm-up
        me = psutil.Process()
        cpu_before = me.cpu_times()
        sim_before = [p.cpu_times() for p in simulators]
        wall = time.monotonic()
        recording = True
        await asyncio.sleep(seconds)
        recording = False
        elapsed = time.monotonic() - wall
        cpu_after = me.cpu_times()
        sim_after = [p.cpu_times() for p in simulators]
    finally:
        await service.stop()
    cpu = (cpu_after.user - cpu_before.user + cpu_after.system - cpu_before.system) / elapsed
    sim_cpu = [(a.user - b.user + a.system - b.system) / elapsed for a, b in zip(sim_after, sim_before, strict=True)]
    latencies.sort()
    ms = [x * 1000 for x in latencies]
    p99 = ms[int(len(ms) * 0.99) - 1]
    print(f"OPC-UA latency: {items} monitored items changing every 100 ms on {len(endpoints)} simulator process(es), "
          f"publishing interval {publishing_ms:g} ms, {seconds:g} s measured; load average {psutil.getloadavg()[0]:.1f} "
          f"on {psutil.cpu_count()} CPUs")
    print(f"  samples on the bus: {len(ms)} ({len(ms) / elapsed:.0f}/s; expected {items * 10}/s), non-GOOD: {bad}")
    print(f"  source timestamp -> bus: p50 {statistics.median(ms):.1f} ms, p99 {p99:.1f} ms, max {ms[-1]:.1f} ms "
          f"(target p99 < {50 + publishing_ms:g} ms)")
    rate = len(ms) / elapsed
    print(f"  changes arrived: {len(ms)} of {items * 10 * seconds:.0f} sent (target: every one)")
    print(f"  station process CPU: {cpu * 100:.0f}% of one core = {cpu * 100 / max(rate / 1000, 1e-9):.1f}% per 1,000"
          " changes/s (target <= 10 %)")
    print("  simulator CPU: " + ", ".join(f"{c * 100:.0f}%" for c in sim_cpu)
          + " of one core (at ~100% the server, not the station, limits the rate and the latency)")


async def bare_asyncua(endpoint: str, items: int, seconds: float, publishing_ms: float) -> list[float]:
    """The baseline: asyncua's own client as its examples use it (a handler, no station around it)."""
    from asyncua import Client

    latencies: list[float] = []
    recording = False

    class Handler:
        def datachange_notification(self, node: object, val: object, data: Any) -> None:
            stamp = data.monitored_item.Value.SourceTimestamp
            if recording:
                latencies.append(time.time() - (stamp.replace(tzinfo=dt.UTC) if stamp.tzinfo is None else stamp).timestamp())

    client = Client(endpoint)
    await client.connect()
    try:
        index = await client.get_namespace_index(NAMESPACE)
        nodes = [client.get_node(f"ns={index};s=Bench.Item{i:04d}") for i in range(items)]
        subscription = await client.create_subscription(publishing_ms, Handler())
        await subscription.subscribe_data_change(nodes, queuesize=1)
        await asyncio.sleep(3.0)                       # warm-up
        recording = True
        await asyncio.sleep(seconds)
        recording = False
    finally:
        await client.disconnect()
    return latencies


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--items", type=int, action="append", help="monitored items (1000 and 5000)")
    parser.add_argument("--seconds", type=float, default=None, help="seconds measured (30; 10 with --quick)")
    parser.add_argument("--publishing-ms", type=float, default=100.0)
    parser.add_argument("--servers", type=int, default=5,
                        help="split the items over this many simulator processes and connections (5)")
    parser.add_argument("--no-baseline", action="store_true", help="skip the bare asyncua client run")
    load.add_options(parser)
    args = parser.parse_args()
    args.seconds = args.seconds or (10.0 if args.quick else 30.0)
    sizes: list[int] = args.items or [1000, 5000]
    for label in load.passes(args):
        for items in sizes:
            print(f"[{label}]")
            one_run(args, items)


def one_run(args: argparse.Namespace, items: int) -> None:
    """One measurement of ``items`` monitored items; ``args`` is only read (every pass sees the same settings)."""
    started = [start_simulator(items // args.servers) for _ in range(args.servers)]
    try:
        asyncio.run(measure([e for _, e in started], items, args.seconds, args.publishing_ms,
                            [psutil.Process(p.pid) for p, _ in started]))
        if not args.no_baseline:
            me = psutil.Process()
            before = me.cpu_times()
            wall = time.monotonic()
            ms = sorted(x * 1000 for x in asyncio.run(bare_asyncua(started[0][1], items // args.servers,
                                                                   args.seconds, args.publishing_ms)))
            after = me.cpu_times()
            cpu = (after.user - before.user + after.system - before.system) / (time.monotonic() - wall)
            print(f"  baseline, bare asyncua client with a handler on the same server ({items // args.servers} items): "
                  f"{len(ms) / args.seconds:.0f}/s, p50 {statistics.median(ms):.1f} ms, "
                  f"p99 {ms[int(len(ms) * 0.99) - 1]:.1f} ms, max {ms[-1]:.1f} ms, CPU {cpu * 100:.0f}% of one core")
    finally:
        for proc, _ in started:
            proc.terminate()
        for proc, _ in started:
            proc.wait(timeout=20)


if __name__ == "__main__":
    main()
