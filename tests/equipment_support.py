"""Helpers for the equipment tests: the simulator on its own thread, configs pointing at it."""

from __future__ import annotations

import asyncio
import threading
import tomllib
from collections.abc import Callable, Coroutine
from pathlib import Path
from typing import Any

from hmi.config import StationConfig, parse_config
from hmi.status import ComponentStatus
from hmi.tags import Quality, Sample, TagBus
from plugins.simulators.equipment import EquipmentSimulator
from tests.mosquitto import free_port

REPO = Path(__file__).resolve().parent.parent
DEMO_CONFIG = REPO / "resources" / "demo" / "station.toml"


class RecordingSink:
    """A driver's sink that keeps what the driver said: its samples and its connection states."""

    def __init__(self) -> None:
        self.samples: list[Sample] = []
        self.states: list[ComponentStatus] = []

    def publish(self, sample: Sample) -> None:
        self.samples.append(sample)

    def set_state(self, state: ComponentStatus) -> None:
        self.states.append(state)

    def alive(self) -> None:
        pass

    def latest(self, tag: str) -> Sample | None:
        found = [s for s in self.samples if s.tag == tag]
        return found[-1] if found else None

    async def wait_all(self, tags: list[str], within: float = 10.0) -> None:
        loop = asyncio.get_running_loop()
        deadline = loop.time() + within
        while loop.time() < deadline:
            if all(self.latest(t) is not None for t in tags):
                return
            await asyncio.sleep(0.02)
        raise AssertionError(f"missing samples for {[t for t in tags if self.latest(t) is None]}")


async def until(predicate: Callable[[], bool], within: float = 5.0) -> None:
    """Wait (polling, no fixed sleep) until ``predicate()`` holds; fail after ``within`` seconds."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + within
    while loop.time() < deadline:
        if predicate():
            return
        await asyncio.sleep(0.02)
    raise AssertionError("condition not met in time")


class ThreadedSimulator:
    """The simulator on its own loop and thread, so one (slow to start) server serves many tests."""

    def __init__(self, **options: Any) -> None:
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._loop.run_forever, name="equipment-simulator", daemon=True)
        self._thread.start()
        self.sim = self.call(lambda: _make(options))
        self.call(self.sim.start)

    def call(self, fn: Callable[[], Coroutine[Any, Any, Any]]) -> Any:
        return asyncio.run_coroutine_threadsafe(fn(), self._loop).result(timeout=60)

    async def acall(self, fn: Callable[[], Coroutine[Any, Any, Any]]) -> Any:
        return await asyncio.wrap_future(asyncio.run_coroutine_threadsafe(fn(), self._loop))

    def close(self) -> None:
        self.call(self.sim.stop)
        self.call(_cancel_leftovers)
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(timeout=10)
        self._loop.close()


async def _cancel_leftovers() -> None:
    """Server-side session tasks asyncua leaves behind after stop()."""
    me = asyncio.current_task()
    others = [t for t in asyncio.all_tasks() if t is not me]
    for task in others:
        task.cancel()
    await asyncio.gather(*others, return_exceptions=True)


async def _make(options: dict[str, Any]) -> EquipmentSimulator:
    return EquipmentSimulator(**options)


def demo_raw(**sections: Any) -> dict[str, Any]:
    """The demo config as read from its file, with ``sections`` replaced."""
    raw = tomllib.loads(DEMO_CONFIG.read_text(encoding="utf-8"))
    raw.update(sections)
    if "tags" in sections and "oee" not in sections:
        raw.pop("oee", None)    # its state tag is one of the demo's tags, which were replaced
    return raw


def config_for(sim: EquipmentSimulator, *, tags: dict[str, Any] | None = None, opcua: dict[str, Any] | None = None,
               **overrides: Any) -> StationConfig:
    """The demo config with its connections pointed at ``sim`` (and fast reconnects for tests).

    ``opcua`` adds options to the OPC-UA connection (security, login).
    """
    raw = demo_raw() if tags is None else demo_raw(tags=tags)   # an "oee" override comes back below
    raw["connections"]["line_opcua"].update(endpoint=sim.opcua_endpoint, reconnect_min_s=0.2, reconnect_max_s=1.0,
                                            watchdog_s=0.3, timeout_s=2.0, **(opcua or {}))
    raw["connections"]["rectifier_plc"].update(port=sim.modbus.port, reconnect_min_s=0.2, reconnect_max_s=1.0)
    # The demo's MES port is fixed (18080): a demo or soak running on the same machine would take this test
    # station's events. Unless a test brings its own MES, the station's MES is a loopback port nobody serves.
    raw["mes"] = {**raw["mes"], "base_url": f"http://127.0.0.1:{free_port()}/api/v1"}
    for key, value in overrides.items():
        raw[key] = value
    return parse_config(raw, source=DEMO_CONFIG)


class Recorder:
    """Keeps every sample published on a bus."""

    def __init__(self, bus: TagBus) -> None:
        self.samples: list[Sample] = []
        self.unsubscribe = bus.subscribe(self.samples.append)

    def of(self, tag: str) -> list[Sample]:
        return [s for s in self.samples if s.tag == tag]

    async def wait_for(self, predicate: Callable[[Sample], bool], *, within: float = 15.0) -> Sample:
        loop = asyncio.get_running_loop()
        deadline = loop.time() + within
        seen = 0
        while loop.time() < deadline:
            for sample in self.samples[seen:]:
                if predicate(sample):
                    return sample
            seen = len(self.samples)
            await asyncio.sleep(0.05)
        last = {s.tag: (s.quality.value, s.value, s.error) for s in self.samples[-20:]}
        raise AssertionError(f"no matching sample within {within} s; last: {last}")


def good(tag: str) -> Callable[[Sample], bool]:
    return lambda s: s.tag == tag and s.quality is Quality.GOOD
