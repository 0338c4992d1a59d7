"""The Modbus driver: polls coalesced blocks per interval, one request at a time per gateway.

pymodbus changes keywords and behaviour between minor releases, so every call to it is in this
file and nothing of its types leaves it. pymodbus' own reconnect is off (``reconnect_delay=0``);
the ConnectionSupervisor reconnects with the project's backoff (``hmi.sync.backoff``).

Field devices misbehave, and one device's fault must cost only the tags it concerns:
- a short answer (fewer registers than asked) makes the tags it does not cover BAD, with the count; a
  short coil/input answer (fewer bytes than asked) is re-read tag by tag, since padding hides which bits
  are missing (a short answer whose byte count is right cannot be told from a full one);
- bytes that are no answer make the request unanswered, said as "malformed answer from …";
- a Modbus exception for a coalesced block re-reads the block in halves until the refused address is
  alone; the plan then keeps it apart, so its neighbours stay GOOD on every later cycle;
- a device that does not answer makes every tag BAD after ``retries`` unanswered requests;
- the connection's life (connect, poll, lose, reconnect, backoff, health) belongs to the one
  ``ConnectionSupervisor``; a poll that fails with a bug is logged at once, FAILED, and restarted.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import struct
import time
from typing import Any, ClassVar

from pymodbus.client import AsyncModbusSerialClient, AsyncModbusTcpClient
from pymodbus.exceptions import ModbusException, ModbusIOException

from hmi.config import DataType
from hmi.connections.supervisor import ConnectionState, ConnectionSupervisor, Offline, Unavailable
from hmi.equipment.driver import DriverSink, EquipmentDriver, TagBinding, WriteError
from hmi.shutdown import cancel_and_wait
from hmi.status import ComponentStatus, Health
from hmi.tags.address import AddressError
from hmi.tags.sample import Quality, Sample, Value
from plugins.modbus import registers
from plugins.modbus.address import ModbusTable, parse_modbus, parse_url
from plugins.modbus.blocks import Block, Item, plan_blocks
from plugins.modbus.options import ModbusOptions

log = logging.getLogger(__name__)

_EXCEPTIONS = {
    1: "illegal function", 2: "illegal data address", 3: "illegal data value", 4: "device failure",
    5: "acknowledge", 6: "device busy", 10: "gateway path unavailable", 11: "gateway target did not respond",
}


STOP_TIMEOUT_S = 3.0

_FUNCTIONS = {ModbusTable.COIL: 1, ModbusTable.DISCRETE_INPUT: 2, ModbusTable.HOLDING_REGISTER: 3,
              ModbusTable.INPUT_REGISTER: 4}

_GATEWAY_LOCKS: dict[tuple[int, str], asyncio.Lock] = {}


def _gateway_lock(name: str) -> asyncio.Lock:
    key = (id(asyncio.get_running_loop()), name)
    lock = _GATEWAY_LOCKS.get(key)
    if lock is None:
        lock = _GATEWAY_LOCKS[key] = asyncio.Lock()
    return lock


async def _acquire_within(lock: asyncio.Lock, timeout_s: float) -> bool:
    """Take ``lock`` if it comes free within ``timeout_s``. No helper task: a cancelled or timed-out
    ``Lock.acquire`` never leaves the lock taken, and nothing outlives the caller."""
    try:
        async with asyncio.timeout(timeout_s):
            await lock.acquire()
    except TimeoutError:
        return False
    return True


class _Lost(Exception):
    """The connection is gone: reconnect."""


class _NoAnswer(Exception):
    """The request got no answer in time (a silent device or gateway, or bytes that are no answer)."""


class _ShortBits(Exception):
    """Fewer coil/input bytes than asked: which bits are missing is unknown (the last byte is padded)."""

    def __init__(self, message: str, *, sure: int) -> None:
        super().__init__(message)
        self.sure = sure   # bits from the block's start that the answer surely covers


class _Undecodable(Exception):
    """pymodbus could not decode the bytes that came back (raised into the waiting request)."""


class _Malformed(Exception):
    """An answer that pymodbus framed but that does not answer the request (another function)."""


class ModbusDriver(EquipmentDriver):
    config_model: ClassVar[type[ModbusOptions]] = ModbusOptions
    parse_address = staticmethod(parse_url)   # also its own light entry point (hmi.equipment.addresses)
    default_data_type: ClassVar[DataType] = DataType.UINT16   # one register

    @classmethod
    def one_shot_options(cls, endpoint: str) -> dict[str, Any]:
        host, _, port = endpoint.rpartition(":")
        return {"host": host or endpoint, "port": int(port) if host else 502, "reconnect_max_s": 2.0}

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
        self._polls: list[asyncio.Task[None]] = []   # serve()'s loops; stop() ends them even if serve() could not
        self._stopping = False
        self._unanswered = 0
        self._supervisor: ConnectionSupervisor | None = None
        self._refused: dict[tuple[int, ModbusTable, int], str] = {}   # addresses the device refused, reported once
        self._last_ok: float | None = None
        self._heard = bytearray()   # bytes received since the current request was sent (trace_packet)
        self.requests = 0  # read requests sent (for benchmarks and the status detail)

    @property
    def _gateway(self) -> str:
        return self._opts.gateway or self._device

    @property
    def _device(self) -> str:
        return self._opts.serial_port or f"{self._opts.host}:{self._opts.port}"

    async def start(self) -> None:
        self._stopping = False
        for tag, error in self._bad_tags.items():
            self.sink.publish(Sample(tag=tag, ts=time.time(), value=None, quality=Quality.BAD, error=error))
        self.sink.set_state(ComponentStatus(Health.CONNECTING, f"connecting to {self._gateway}"))
        self._supervisor = ConnectionSupervisor(name=f"modbus {self.connection}", connection=self,
                                                report=self.sink.set_state, initial_s=self._opts.reconnect_min_s,
                                                max_s=self._opts.reconnect_max_s)
        self._tasks.append(asyncio.create_task(self._supervisor.run(), name=f"modbus-{self.connection}"))

    async def stop(self) -> None:
        """Ends within a few seconds whatever the connection is doing (connecting, polling, backing off)."""
        self._stopping = True
        tasks, self._tasks = self._tasks, []
        # The polls too: a supervisor cancelled again while serve() stops them leaves them to us.
        polls = [t for t in self._polls if not t.done()]   # one that ended has said why to serve()
        await cancel_and_wait([*tasks, *polls], timeout_s=STOP_TIMEOUT_S, what=f"modbus {self.connection}")
        self._polls = []
        self._drop()

    # Connection life (run by the ConnectionSupervisor) -------------------------------------------
    async def connect(self) -> str:
        """Connected means answering: the first cycle of every block is read before OK is said."""
        try:
            await self._ensure_client()
            while True:
                try:
                    for block in list(self.blocks):
                        await self._read_block(block)
                except _NoAnswer as exc:
                    await self._no_answer(str(exc))    # raises Offline after `retries` of them
                    continue
                self._ok()
                return self._summary()
        except _Lost as exc:
            raise Unavailable(str(exc)) from None

    async def serve(self) -> None:
        """One poll loop per interval; the first that loses the connection ends them all."""
        intervals = sorted({b.interval_s for b in self.blocks})
        if not intervals:   # no tags: connected is all there is to say
            await asyncio.Event().wait()
        tasks = [asyncio.create_task(self._poll(interval), name=f"modbus-poll-{self.connection}-{interval:g}")
                 for interval in intervals]
        self._polls = tasks
        try:
            done, _pending = await asyncio.wait(tasks, return_when=asyncio.FIRST_EXCEPTION)
            for task in done:
                task.result()
        finally:
            # The loop that ended has said why (raised above); only the others are stopped here, so a
            # routine loss is not logged as a task that ended with an error.
            for task in tasks:
                if task.done() and not task.cancelled():
                    task.exception()
            await cancel_and_wait([t for t in tasks if not t.done()], timeout_s=STOP_TIMEOUT_S,
                                  what=f"modbus {self.connection} polls")

    async def close(self) -> None:
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
                                                 timeout=o.timeout_s, retries=0, reconnect_delay=0,
                                                 trace_packet=self._trace)
            else:
                client = AsyncModbusTcpClient(o.host, port=o.port, timeout=o.timeout_s, retries=0, reconnect_delay=0,
                                              trace_packet=self._trace)
            try:
                connected = await asyncio.wait_for(client.connect(), timeout=o.timeout_s + 1)
            except (TimeoutError, OSError, ModbusException) as exc:
                client.close()
                raise _Lost(f"cannot connect to {self._gateway}: {exc or type(exc).__name__}") from None
            if not connected:
                client.close()
                raise _Lost(f"cannot connect to {self._gateway} (refused or unreachable)")
            self._catch_undecodable(client)
            self._client = client
            return client

    def _catch_undecodable(self, client: Any) -> None:
        """pymodbus decodes answers inside the transport's data_received: a frame it cannot decode raises
        there, which asyncio logs as a fatal error with a traceback (the GUI shows it as an unhandled
        error) while the request waits for its timeout. Here such a frame fails the request at once."""
        manager = getattr(client, "ctx", None)
        if manager is None or not hasattr(manager, "callback_data"):
            return
        decode = manager.callback_data

        def callback_data(data: bytes, addr: tuple[str, int] | None = None) -> int:
            try:
                return int(decode(data, addr=addr))
            except Exception as exc:
                future = getattr(manager, "response_future", None)
                if future is not None and not future.done():
                    future.set_exception(_Undecodable(f"{exc}".replace("Modbus Error: ", "")))
                return len(data)   # drop what was buffered: the stream is out of step

        manager.callback_data = callback_data

    def _trace(self, sending: bool, data: bytes) -> bytes:
        """pymodbus hands every packet here: the bytes heard tell a malformed answer from silence."""
        if not sending and len(self._heard) < 256:
            self._heard += data
        return data

    def _unanswered_why(self, timeout: float) -> str:
        if not self._heard:
            return f"no answer from {self._device} within {timeout:g} s"
        heard = bytes(self._heard[:16]).hex(" ") + (" …" if len(self._heard) > 16 else "")
        return (f"malformed answer from {self._device}: {len(self._heard)} byte(s) that are no Modbus answer "
                f"to the request ({heard}), and no valid answer within {timeout:g} s")

    def _drop(self) -> None:
        if self._client is not None:
            with contextlib.suppress(Exception):
                self._client.close()
            self._client = None

    def _summary(self) -> str:
        text = f"connected to {self._gateway}"
        if self._refused:
            where = ", ".join(f"{table.value} {offset}" + (f" of unit {unit}" if unit != self._opts.unit else "")
                              for unit, table, offset in sorted(self._refused, key=lambda k: (k[0], k[1].value, k[2])))
            text += f"; the device refuses {where}"
        return text

    def _ok(self) -> None:
        """A cycle was answered: unchanged values are unchanged, not stale."""
        self._unanswered = 0
        self.sink.alive()

    async def _no_answer(self, error: str) -> None:
        """One more unanswered request; after ``retries`` of them every tag of the connection is BAD."""
        self._unanswered += 1
        if self._unanswered < self._opts.retries:
            return
        now = time.time()
        reason = f"{error} ({self._unanswered} request(s) of {self._opts.timeout_s:g} s each)"
        self._unanswered = 0
        for name in self._items:
            self.sink.publish(Sample(tag=name, ts=now, value=None, quality=Quality.BAD, error=reason))
        raise Offline(reason)

    # Polling ----------------------------------------------------------------------------------
    async def _poll(self, interval: float) -> None:
        loop = asyncio.get_running_loop()
        next_at = loop.time() + interval    # connect() read the first cycle
        while True:
            delay = next_at - loop.time()
            if delay < 0:  # overran: skip missed cycles rather than bursting
                next_at = loop.time()
                delay = 0
            await asyncio.sleep(delay)
            try:
                # Taken anew each cycle: a block split after a refusal stays split.
                for block in [b for b in self.blocks if b.interval_s == interval]:
                    await self._read_block(block)
                self._ok()
            except _NoAnswer as exc:
                await self._no_answer(str(exc))    # raises Offline after `retries` of them; else try again now
                next_at = loop.time()
                continue
            except _Lost as exc:
                raise Unavailable(str(exc)) from None
            next_at += interval

    async def read_block_values(self, block: Block) -> list[int] | list[bool]:
        """One request for a block. Raises _Lost on transport trouble, _NoAnswer when the device is silent,
        _DeviceException on a Modbus exception. A short answer returns fewer values than asked."""
        client = await self._ensure_client()
        reader = {
            ModbusTable.COIL: client.read_coils, ModbusTable.DISCRETE_INPUT: client.read_discrete_inputs,
            ModbusTable.INPUT_REGISTER: client.read_input_registers,
            ModbusTable.HOLDING_REGISTER: client.read_holding_registers,
        }[block.table]
        timeout = self._opts.timeout_s
        lock = _gateway_lock(self._gateway)
        # Waiting for the gateway counts against the timeout: connections queued behind a silent
        # gateway must go BAD as fast as the one whose request is unanswered.
        if not await _acquire_within(lock, timeout):
            raise _NoAnswer(f"no answer from {self._device}: gateway {self._gateway} does not answer "
                            "the requests ahead of this one")
        try:
            self.requests += 1
            self._heard.clear()
            try:
                response = await asyncio.wait_for(reader(block.start, count=block.count, device_id=block.unit),
                                                  timeout=timeout + 1.0)
            except (TimeoutError, ModbusIOException) as exc:
                if isinstance(exc, ModbusIOException) and "no response" not in str(exc).lower():
                    raise _Lost(f"{self._gateway}: {exc}") from None
                self._drop()    # an answer that arrives late would be taken for the next request's
                raise _NoAnswer(self._unanswered_why(timeout)) from None
            except _Undecodable as exc:
                self._drop()
                heard = bytes(self._heard[:16]).hex(" ")
                raise _Malformed(f"malformed answer from {self._device}: {exc} ({heard}) reading "
                                 f"{block.table.value} {block.start}..{block.end - 1}") from None
            except (ModbusException, OSError) as exc:
                raise _Lost(f"{self._gateway}: {exc or type(exc).__name__}") from None
        finally:
            lock.release()
        if response.isError():
            code = getattr(response, "exception_code", 0)
            raise _DeviceException(f"Modbus exception {code} ({_EXCEPTIONS.get(code, 'unknown')}) reading "
                                   f"{block.table.value} {block.start}..{block.end - 1} of unit {block.unit}")
        function = _FUNCTIONS[block.table]
        if getattr(response, "function_code", function) & 0x7F != function:
            raise _Malformed(f"malformed answer from {self._device}: function {response.function_code} answered "
                             f"a function {function} request for {block.table.value} {block.start}..{block.end - 1}")
        if block.table.is_bits:
            # pymodbus pads the bits to whole bytes, so a short answer is seen by its byte count only.
            bits = [bool(b) for b in (response.bits or [])]
            asked = (block.count + 7) // 8
            sent = len(bits) // 8
            if sent < asked and len(block.items) > 1:
                raise _ShortBits(f"answered {sent} of {asked} bytes for {block.count} bits at "
                                 f"{block.table.value} {block.start}", sure=max(0, 8 * (sent - 1)))
            return bits[:min(block.count, 8 * sent) if sent < asked else block.count]
        return [int(r) for r in (response.registers or [])]

    async def _read_block(self, block: Block) -> None:
        try:
            values = await self.read_block_values(block)
        except _DeviceException as exc:
            if len(block.items) > 1:
                await self._split(block, str(exc))
            else:
                self._refuse(block, str(exc))
            return
        except _ShortBits as exc:
            await self._split_short(block, exc)
            return
        except _Malformed as exc:
            now = time.time()
            for item in block.items:
                self.sink.publish(Sample(tag=item.tag, ts=now, value=None, quality=Quality.BAD, error=str(exc)))
            return
        now = time.time()
        for item in block.items:
            self.sink.publish(self._decode(item, block, values, now))

    async def _split(self, block: Block, error: str) -> None:
        """Re-read a refused block in halves, and keep the halves in the plan (they read well apart)."""
        items = sorted(block.items, key=lambda i: (i.address.offset, i.address.end))
        middle = len(items) // 2
        parts = [Block(unit=block.unit, table=block.table, interval_s=block.interval_s,
                       start=min(i.address.offset for i in half), end=max(i.address.end for i in half), items=half)
                 for half in (items[:middle], items[middle:])]
        index = next((n for n, b in enumerate(self.blocks) if b is block), None)
        if index is not None:
            self.blocks[index:index + 1] = parts
            log.warning("modbus %s: %s; reading %s and %s apart from now on", self.connection, error,
                        _span(parts[0]), _span(parts[1]))
        for part in parts:
            await self._read_block(part)

    async def _split_short(self, block: Block, short: _ShortBits) -> None:
        """A short coil/input answer: the bits it surely covers stay one block, every other tag is read
        alone from now on (one bit per request cannot be mistaken for padding)."""
        sure = [i for i in block.items if i.address.end - block.start <= short.sure]
        rest = sorted((i for i in block.items if i not in sure), key=lambda i: i.address.offset)
        parts = [Block(unit=block.unit, table=block.table, interval_s=block.interval_s, start=i.address.offset,
                       end=i.address.end, items=[i]) for i in rest]
        if sure:
            parts.insert(0, Block(unit=block.unit, table=block.table, interval_s=block.interval_s,
                                  start=min(i.address.offset for i in sure), end=max(i.address.end for i in sure),
                                  items=sure))
        index = next((n for n, b in enumerate(self.blocks) if b is block), None)
        if index is not None:
            self.blocks[index:index + 1] = parts
            log.warning("modbus %s: the device %s (short answer); reading %s apart from now on", self.connection,
                        short, ", ".join(_span(p) for p in parts))
        for part in parts:
            await self._read_block(part)

    def _refuse(self, block: Block, error: str) -> None:
        """A tag's own address is refused: its tag is BAD; the address is reported once."""
        now = time.time()
        for item in block.items:
            self.sink.publish(Sample(tag=item.tag, ts=now, value=None, quality=Quality.BAD, error=error))
        key = (block.unit, block.table, block.start)
        if key in self._refused or not any(b is block for b in self.blocks):
            return
        self._refused[key] = error
        tags = ", ".join(item.tag for item in block.items)
        log.warning("modbus %s: the device refuses %s (tag %s): %s", self.connection, _span(block), tags, error)
        supervisor = self._supervisor
        if supervisor is not None and supervisor.state is ConnectionState.OK:
            self.sink.set_state(ComponentStatus(Health.OK, self._summary(), last_ok=supervisor.last_ok,
                                                details={"state": ConnectionState.OK.value}))

    def _decode(self, item: Item, block: Block, values: list[Any], now: float) -> Sample:
        a = item.address
        chunk = values[a.offset - block.start:a.end - block.start]
        wanted = a.end - a.offset
        if len(chunk) < wanted:
            unit = "bits" if block.table.is_bits else "registers"
            return Sample(tag=item.tag, ts=now, value=None, quality=Quality.BAD,
                          error=f"answered {len(chunk)} of {wanted} {unit} at {a.table.value} {a.offset} "
                                f"(the device sent {len(values)} of the {block.count} asked from {block.start})")
        try:
            value: Value = registers.decode(list(chunk), a.data_type, byte_order=a.byte_order, word_order=a.word_order)
        except (registers.ConversionError, ValueError, IndexError, struct.error) as exc:
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
        except (_DeviceException, _Lost, _NoAnswer, _Malformed) as exc:
            return Sample(tag=tag, ts=time.time(), value=None, quality=Quality.BAD, error=str(exc))
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


def _span(block: Block) -> str:
    last = block.end - 1
    where = f"{block.table.value} {block.start}" + (f"..{last}" if last > block.start else "")
    return where + f" of unit {block.unit}"


class _DeviceException(Exception):
    """The device answered with a Modbus exception: only this block is affected."""


__all__ = ["DataType", "ModbusDriver", "ModbusOptions"]
