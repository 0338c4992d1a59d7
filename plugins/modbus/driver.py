"""The Modbus driver: polls coalesced blocks per interval, one request at a time per gateway.

pymodbus changes keywords and behaviour between minor releases, so every call to it is in this
file and nothing of its types leaves it. pymodbus' own reconnect is off (``reconnect_delay=0``);
this driver reconnects with capped exponential backoff and jitter.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import random
import time
from typing import Any, ClassVar

from pymodbus.client import AsyncModbusSerialClient, AsyncModbusTcpClient
from pymodbus.exceptions import ModbusException

from hmi.config import DataType
from hmi.equipment import registers
from hmi.equipment.driver import DriverSink, EquipmentDriver, TagBinding, WriteError
from hmi.shutdown import cancel_and_wait
from hmi.status import ComponentStatus, Health
from hmi.tags.address import AddressError, ModbusTable, parse_modbus
from hmi.tags.sample import Quality, Sample, Value
from plugins.modbus.blocks import Block, Item, plan_blocks
from plugins.modbus.options import ModbusOptions

log = logging.getLogger(__name__)

_EXCEPTIONS = {
    1: "illegal function", 2: "illegal data address", 3: "illegal data value", 4: "device failure",
    5: "acknowledge", 6: "device busy", 10: "gateway path unavailable", 11: "gateway target did not respond",
}


STOP_TIMEOUT_S = 3.0

_GATEWAY_LOCKS: dict[tuple[int, str], asyncio.Lock] = {}


def _gateway_lock(name: str) -> asyncio.Lock:
    key = (id(asyncio.get_running_loop()), name)
    lock = _GATEWAY_LOCKS.get(key)
    if lock is None:
        lock = _GATEWAY_LOCKS[key] = asyncio.Lock()
    return lock


class _Lost(Exception):
    """The connection is gone or timed out: reconnect."""


class ModbusDriver(EquipmentDriver):
    config_model: ClassVar[type[ModbusOptions]] = ModbusOptions

    def __init__(self, *, connection: str, options: ModbusOptions, tags: list[TagBinding], sink: DriverSink) -> None:
        super().__init__(connection=connection, options=options, tags=tags, sink=sink)
        self._opts = options
        self._items: dict[str, Item] = {}
        self._bad_tags: dict[str, str] = {}
        for tag in tags:
            try:
                address = parse_modbus(tag.address, data_type=tag.data_type)
            except AddressError as exc:
                self._bad_tags[tag.name] = str(exc)
                continue
            self._items[tag.name] = Item(tag=tag.name, address=address,
                                         unit=address.unit if address.unit is not None else options.unit,
                                         interval_s=tag.interval_s)
        self.blocks = plan_blocks(self._items.values(), max_gap=options.max_gap,
                                  max_registers=options.max_registers, max_bits=options.max_bits)
        self._client: Any = None
        self._connect_lock = asyncio.Lock()
        self._tasks: list[asyncio.Task[None]] = []
        self._stopping = False
        self._failures = 0
        self._last_ok: float | None = None
        self.requests = 0  # read requests sent (for benchmarks and the status detail)

    @property
    def _gateway(self) -> str:
        return self._opts.gateway or (self._opts.serial_port or f"{self._opts.host}:{self._opts.port}")

    async def start(self) -> None:
        self._stopping = False
        for tag, error in self._bad_tags.items():
            self.sink.publish(Sample(tag=tag, ts=time.time(), value=None, quality=Quality.BAD, error=error))
        self.sink.set_state(ComponentStatus(Health.CONNECTING, f"connecting to {self._gateway}"))
        intervals = sorted({b.interval_s for b in self.blocks})
        for interval in intervals:
            blocks = [b for b in self.blocks if b.interval_s == interval]
            self._tasks.append(asyncio.create_task(self._poll(interval, blocks),
                                                   name=f"modbus-poll-{self.connection}-{interval:g}"))
        if not intervals:
            self._tasks.append(asyncio.create_task(self._connect_only(), name=f"modbus-connect-{self.connection}"))

    async def stop(self) -> None:
        """Ends within a few seconds whatever the connection is doing (connecting, polling, backing off)."""
        self._stopping = True
        tasks, self._tasks = self._tasks, []
        await cancel_and_wait(tasks, timeout_s=STOP_TIMEOUT_S, what=f"modbus {self.connection}")
        self._drop()

    # Connection -------------------------------------------------------------------------------
    async def _ensure_client(self) -> Any:
        async with self._connect_lock:
            if self._client is not None and self._client.connected:
                return self._client
            self._drop()
            o = self._opts
            client: Any
            if o.serial_port:
                client = AsyncModbusSerialClient(o.serial_port, baudrate=o.baudrate, parity=o.parity,
                                                 timeout=o.timeout_s, retries=0, reconnect_delay=0)
            else:
                client = AsyncModbusTcpClient(o.host, port=o.port, timeout=o.timeout_s, retries=0, reconnect_delay=0)
            try:
                connected = await asyncio.wait_for(client.connect(), timeout=o.timeout_s + 1)
            except (TimeoutError, OSError, ModbusException) as exc:
                client.close()
                raise _Lost(f"cannot connect to {self._gateway}: {exc or type(exc).__name__}") from None
            if not connected:
                client.close()
                raise _Lost(f"cannot connect to {self._gateway} (refused or unreachable)")
            self._client = client
            return client

    def _drop(self) -> None:
        if self._client is not None:
            with contextlib.suppress(Exception):
                self._client.close()
            self._client = None

    async def _backoff(self, error: str) -> None:
        self._failures += 1
        health = Health.FAILED if self._failures > 1 or self._last_ok is None else Health.CONNECTING
        self.sink.set_state(ComponentStatus(health, "reconnecting", last_error=error, last_ok=self._last_ok))
        delay = min(self._opts.reconnect_max_s, self._opts.reconnect_min_s * 2 ** min(self._failures - 1, 16))
        await asyncio.sleep(delay * random.uniform(0.5, 1.0))

    def _ok(self) -> None:
        if self._failures or self._last_ok is None:
            self._failures = 0
            self.sink.set_state(ComponentStatus(Health.OK, f"connected to {self._gateway}", last_ok=time.time()))
        self._last_ok = time.time()
        self.sink.alive()

    async def _connect_only(self) -> None:
        while not self._stopping:
            try:
                await self._ensure_client()
                self._ok()
                return
            except _Lost as exc:
                await self._backoff(str(exc))

    # Polling ----------------------------------------------------------------------------------
    async def _poll(self, interval: float, blocks: list[Block]) -> None:
        loop = asyncio.get_running_loop()
        next_at = loop.time()
        while not self._stopping:
            try:
                for block in blocks:
                    await self._read_block(block)
                self._ok()
            except _Lost as exc:
                self._drop()
                await self._backoff(str(exc))
                next_at = loop.time()
                continue
            next_at += interval
            delay = next_at - loop.time()
            if delay < 0:  # overran: skip missed cycles rather than bursting
                next_at = loop.time()
                delay = 0
            await asyncio.sleep(delay)

    async def read_block_values(self, block: Block) -> list[int] | list[bool]:
        """One request for a block; raises _Lost on transport trouble, ModbusError text on exception."""
        client = await self._ensure_client()
        reader = {
            ModbusTable.COIL: client.read_coils, ModbusTable.DISCRETE_INPUT: client.read_discrete_inputs,
            ModbusTable.INPUT_REGISTER: client.read_input_registers,
            ModbusTable.HOLDING_REGISTER: client.read_holding_registers,
        }[block.table]
        async with _gateway_lock(self._gateway):
            self.requests += 1
            try:
                response = await reader(block.start, count=block.count, device_id=block.unit)
            except (ModbusException, TimeoutError, OSError) as exc:
                raise _Lost(f"{self._gateway}: {exc or type(exc).__name__}") from None
        if response.isError():
            code = getattr(response, "exception_code", 0)
            raise _DeviceException(f"Modbus exception {code} ({_EXCEPTIONS.get(code, 'unknown')}) reading "
                                   f"{block.table.value} {block.start}..{block.end - 1} of unit {block.unit}")
        if block.table.is_bits:
            return [bool(b) for b in response.bits[:block.count]]
        return list(response.registers)

    async def _read_block(self, block: Block) -> None:
        try:
            values = await self.read_block_values(block)
        except _DeviceException as exc:
            now = time.time()
            for item in block.items:
                self.sink.publish(Sample(tag=item.tag, ts=now, value=None, quality=Quality.BAD, error=str(exc)))
            return
        now = time.time()
        for item in block.items:
            self.sink.publish(self._decode(item, block, values, now))

    def _decode(self, item: Item, block: Block, values: list[Any], now: float) -> Sample:
        a = item.address
        chunk = values[a.offset - block.start:a.end - block.start]
        try:
            value: Value = registers.decode(list(chunk), a.data_type, byte_order=a.byte_order, word_order=a.word_order)
        except (registers.ConversionError, ValueError, IndexError) as exc:
            return Sample(tag=item.tag, ts=now, value=None, quality=Quality.BAD, error=f"cannot decode: {exc}")
        return Sample(tag=item.tag, ts=now, value=value, quality=Quality.GOOD)

    # One-off read and write -------------------------------------------------------------------
    async def read(self, tag: str) -> Sample:
        if tag in self._bad_tags:
            return Sample(tag=tag, ts=time.time(), value=None, quality=Quality.BAD, error=self._bad_tags[tag])
        item = self._items[tag]
        block = Block(unit=item.unit, table=item.address.table, interval_s=item.interval_s,
                      start=item.address.offset, end=item.address.end, items=[item])
        try:
            values = await self.read_block_values(block)
        except (_DeviceException, _Lost) as exc:
            quality = Quality.BAD
            return Sample(tag=tag, ts=time.time(), value=None, quality=quality, error=str(exc))
        return self._decode(item, block, values, time.time())

    async def write(self, tag: str, value: Value) -> None:
        item = self._items.get(tag)
        if item is None:
            raise WriteError(self._bad_tags.get(tag, f"{tag} is not on this connection"))
        a = item.address
        if a.table in (ModbusTable.DISCRETE_INPUT, ModbusTable.INPUT_REGISTER):
            raise WriteError(f"{tag}: {a.table.value} is read-only in Modbus")
        try:
            client = await self._ensure_client()
        except _Lost as exc:
            raise WriteError(str(exc)) from None
        try:
            words = registers.encode(value, a.data_type, length=a.length, byte_order=a.byte_order,
                                     word_order=a.word_order) if a.table is ModbusTable.HOLDING_REGISTER else []
        except registers.ConversionError as exc:
            raise WriteError(f"{tag}: {exc}") from None
        async with _gateway_lock(self._gateway):
            try:
                if a.table is ModbusTable.COIL:
                    response = await client.write_coil(a.offset, bool(value), device_id=item.unit)
                elif len(words) == 1:
                    response = await client.write_register(a.offset, words[0], device_id=item.unit)
                else:
                    response = await client.write_registers(a.offset, words, device_id=item.unit)
            except (ModbusException, TimeoutError, OSError) as exc:
                self._drop()
                raise WriteError(f"{tag}: {exc or type(exc).__name__}") from None
        if response.isError():
            code = getattr(response, "exception_code", 0)
            raise WriteError(f"{tag}: Modbus exception {code} ({_EXCEPTIONS.get(code, 'unknown')})")


class _DeviceException(Exception):
    """The device answered with a Modbus exception: only this block is affected."""


__all__ = ["DataType", "ModbusDriver", "ModbusOptions"]
