"""A third-party equipment driver, as a site would ship it in its own package: ``pulse://<connection>/<name>``.

Its addresses carry options of its own (``?start=5&step=2``), which it parses and checks itself; the
station knows it only by its ``hmi.equipment`` entry point (``tests/unit/test_third_party_driver.py``).
"""

from __future__ import annotations

import asyncio
import time
from typing import ClassVar

from pydantic import BaseModel, ConfigDict

from hmi.equipment.driver import DriverSink, EquipmentDriver, TagBinding, WriteError
from hmi.status import ComponentStatus, Health
from hmi.tags.address import AddressError, TagAddress, split_url
from hmi.tags.sample import Quality, Sample, Value

KNOWN = ("start", "step")


class PulseOptions(BaseModel):
    model_config = ConfigDict(extra="forbid")
    period_s: float = 0.05


def parse_address(raw: str, scheme: str, rest: str) -> TagAddress:
    address = split_url(raw, scheme, rest, example="start=5&step=2")
    unknown = sorted(set(address.options) - set(KNOWN))
    if unknown:
        raise AddressError(f"{raw!r}: unknown option(s) {', '.join(unknown)}; known: {', '.join(KNOWN)}")
    for key, text in address.options.items():
        if not text.lstrip("-").isdigit():
            raise AddressError(f"{raw!r}: {key} must be a whole number, not {text!r}")
    return address


class PulseDriver(EquipmentDriver):
    """Counts from ``start`` by ``step`` every period, on every tag."""

    config_model: ClassVar[type[PulseOptions]] = PulseOptions
    parse_address = staticmethod(parse_address)

    def __init__(self, *, connection: str, options: PulseOptions, tags: list[TagBinding], sink: DriverSink) -> None:
        super().__init__(connection=connection, options=options, tags=tags, sink=sink)
        self._values = {tag.name: int(tag.address.options.get("start", "0")) for tag in tags}
        self._steps = {tag.name: int(tag.address.options.get("step", "1")) for tag in tags}
        self._task: asyncio.Task[None] | None = None

    async def start(self) -> None:
        self.sink.set_state(ComponentStatus(Health.OK, "counting"))
        self._task = asyncio.create_task(self._run(), name=f"pulse-{self.connection}")

    async def _run(self) -> None:
        while True:
            for name, value in self._values.items():
                self.sink.publish(Sample(name, time.time(), value, Quality.GOOD))
                self._values[name] = value + self._steps[name]
            await asyncio.sleep(self.options.period_s)

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            await asyncio.gather(self._task, return_exceptions=True)

    async def read(self, tag: str) -> Sample:
        return Sample(tag, 0.0, self._values[tag], Quality.GOOD)

    async def write(self, tag: str, value: Value) -> None:
        raise WriteError("a pulse cannot be written")
