"""Modbus: 2,000 registers on 10 devices — requests per poll cycle, coalesced vs one-per-tag.

The devices are 10 pymodbus TCP servers in a child process (so their CPU is not ours). Per device:
120 uint16 tags and 40 float32 tags (200 registers), with small holes between groups. The
baseline reads each tag with its own request, in the same run. Devices are polled in parallel
(one gateway each); requests to one device are serialized, as the driver does.

    .venv/bin/python benchmarks/modbus_coalescing.py [--idle-only | --under-load]   (idle, then under stress-ng --cpu 2)
"""

from __future__ import annotations

import argparse
import asyncio
import multiprocessing
import statistics
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks import load

DEVICES = 10
CYCLES = 20


def serve(conn: Any) -> None:
    from plugins.simulators.modbus_server import ModbusSimServer, RegisterBank

    async def main() -> None:
        servers = [ModbusSimServer(bank=RegisterBank(units=(1,), size=1000)) for _ in range(DEVICES)]
        for server in servers:
            await server.start()
        conn.send([s.port for s in servers])
        await asyncio.get_running_loop().run_in_executor(None, conn.recv)
        conn.send(sum(s.bank.total_requests() for s in servers))
        for server in servers:
            await server.stop()

    asyncio.run(main())


class NullSink:
    def publish(self, sample: Any) -> None:
        pass

    def set_state(self, state: Any) -> None:
        pass

    def alive(self) -> None:
        pass


def tags_for_device() -> list[Any]:
    from hmi.config import DataType
    from hmi.equipment.driver import TagBinding
    from hmi.tags.address import parse_address

    tags = []
    offset = 0
    for i in range(120):
        if i % 30 == 0 and i:
            offset += 3           # a small hole every 30 registers
        tags.append(TagBinding(name=f"u{i}", address=parse_address(f"modbus://dev/hr/{offset}"),
                               data_type=DataType.UINT16, interval_s=1.0))
        offset += 1
    offset += 5
    for i in range(40):
        tags.append(TagBinding(name=f"f{i}", address=parse_address(f"modbus://dev/hr/{offset}?type=float32"),
                               data_type=DataType.FLOAT32, interval_s=1.0))
        offset += 2
    return tags


async def run(ports: list[int]) -> dict[str, Any]:
    from plugins.modbus.driver import ModbusDriver, ModbusOptions

    drivers = [ModbusDriver(connection=f"dev{n}", options=ModbusOptions(host="127.0.0.1", port=port, unit=1),
                            tags=tags_for_device(), sink=NullSink()) for n, port in enumerate(ports)]
    tag_count = sum(len(d.tags) for d in drivers)
    reg_count = sum(sum(b.count for b in d.blocks) for d in drivers)

    async def coalesced_cycle(driver: ModbusDriver) -> None:
        for block in driver.blocks:
            await driver.read_block_values(block)

    async def per_tag_cycle(driver: ModbusDriver) -> None:
        for tag in driver.tags:
            await driver.read(tag)

    results: dict[str, Any] = {"tags": tag_count, "registers_read_per_cycle": reg_count}
    for name, cycle in (("one-per-tag", per_tag_cycle), ("coalesced", coalesced_cycle)):
        for d in drivers:
            await cycle(d)                   # connect and warm up
            d.requests = 0
        times = []
        for _ in range(CYCLES):
            start = time.perf_counter()
            await asyncio.gather(*(cycle(d) for d in drivers))
            times.append(time.perf_counter() - start)
        results[name] = {"requests_per_cycle": sum(d.requests for d in drivers) / CYCLES,
                         "cycle_ms_p50": statistics.median(times) * 1000, "cycle_ms_max": max(times) * 1000}
    for d in drivers:
        await d.stop()
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    load.add_options(parser)
    args = parser.parse_args()
    for label in load.passes(args):
        print(f"[{label}]")
        one_pass()


def one_pass() -> None:
    parent, child = multiprocessing.Pipe()
    proc = multiprocessing.Process(target=serve, args=(child,), daemon=True)
    proc.start()
    ports = parent.recv()
    results = asyncio.run(run(ports))
    parent.send("done")
    served = parent.recv()
    proc.join(timeout=10)
    base, coal = results["one-per-tag"], results["coalesced"]
    print(f"Modbus coalescing: {DEVICES} devices, {results['tags']} tags "
          f"({DEVICES * 200} registers of data; {results['registers_read_per_cycle']} read incl. holes), {CYCLES} cycles")
    print(f"  one-per-tag (baseline): {base['requests_per_cycle']:.0f} requests/cycle, "
          f"cycle {base['cycle_ms_p50']:.1f} ms p50 ({base['cycle_ms_max']:.1f} ms max)")
    print(f"  coalesced:              {coal['requests_per_cycle']:.0f} requests/cycle, "
          f"cycle {coal['cycle_ms_p50']:.1f} ms p50 ({coal['cycle_ms_max']:.1f} ms max)")
    print(f"  reduction: {base['requests_per_cycle'] / coal['requests_per_cycle']:.0f}x fewer requests "
          f"(target >= 50x), cycle {base['cycle_ms_p50'] / coal['cycle_ms_p50']:.0f}x faster")
    print(f"  requests answered by the servers in total: {served}")


if __name__ == "__main__":
    main()
