"""A real pymodbus TCP server over a plain register bank that the simulator and the tests drive.

It counts the requests it answers (the coalescing tests count at the server) and can answer a
chosen address range with a Modbus exception (to test that only that block goes BAD).
"""

from __future__ import annotations

import asyncio
import contextlib
from collections import Counter
from dataclasses import dataclass

from pymodbus.constants import ExcCodes
from pymodbus.datastore import ModbusServerContext
from pymodbus.server import ModbusTcpServer

_TABLE_OF_FC = {1: "co", 5: "co", 15: "co", 2: "di", 3: "hr", 6: "hr", 16: "hr", 22: "hr", 23: "hr", 4: "ir"}


@dataclass(frozen=True, slots=True)
class Fault:
    unit: int
    table: str  # co, di, hr, ir
    start: int
    end: int    # exclusive
    code: int = 2


class RegisterBank(ModbusServerContext):
    """Four tables per unit, each ``size`` long; addresses beyond give "illegal data address"."""

    def __init__(self, *, units: tuple[int, ...] = (1,), size: int = 10000) -> None:  # no super(): pymodbus
        self.old_simulator = True  # the server then calls our async_getValues/async_setValues directly
        self.simdevices = []
        self.size = size
        self.tables: dict[int, dict[str, list[int]]] = {
            unit: {"co": [0] * size, "di": [0] * size, "hr": [0] * size, "ir": [0] * size} for unit in units
        }
        self.requests: Counter[tuple[int, str]] = Counter()
        self.faults: list[Fault] = []
        self.response_delay_s = 0.0   # a slow device: lets tests see overlapping requests
        self.in_flight = 0
        self.max_in_flight = 0

    def device_ids(self) -> list[int]:
        return list(self.tables)

    def set(self, unit: int, table: str, address: int, values: list[int]) -> None:
        self.tables[unit][table][address:address + len(values)] = values

    def get(self, unit: int, table: str, address: int, count: int = 1) -> list[int]:
        return self.tables[unit][table][address:address + count]

    def _check(self, device_id: int, func_code: int, address: int, count: int) -> tuple[str, ExcCodes | None]:
        table = _TABLE_OF_FC.get(func_code)
        if table is None:
            return "", ExcCodes.ILLEGAL_FUNCTION
        if device_id not in self.tables:
            return table, ExcCodes.GATEWAY_NO_RESPONSE
        if address + count > self.size:
            return table, ExcCodes.ILLEGAL_ADDRESS
        for fault in self.faults:
            if fault.unit == device_id and fault.table == table and address < fault.end and fault.start < address + count:
                return table, ExcCodes(fault.code)
        return table, None

    async def async_getValues(self, device_id: int, func_code: int, address: int, count: int = 1):  # type: ignore[no-untyped-def]
        table, error = self._check(device_id, func_code, address, count)
        if func_code in (1, 2, 3, 4):
            self.requests[(device_id, table)] += 1
        if self.response_delay_s:
            self.in_flight += 1
            self.max_in_flight = max(self.max_in_flight, self.in_flight)
            try:
                await asyncio.sleep(self.response_delay_s)
            finally:
                self.in_flight -= 1
        if error is not None:
            return error
        values = self.tables[device_id][table][address:address + count]
        return [bool(v) for v in values] if table in ("co", "di") else list(values)

    async def async_setValues(self, device_id: int, func_code: int, address: int, values):  # type: ignore[no-untyped-def]
        table, error = self._check(device_id, func_code, address, len(values))
        if error is not None:
            return error
        self.tables[device_id][table][address:address + len(values)] = [int(v) for v in values]
        return None

    def total_requests(self) -> int:
        return sum(self.requests.values())


class ModbusSimServer:
    """The bank served on ``host:port`` (port 0 = a free port, see ``port`` after start)."""

    def __init__(self, *, bank: RegisterBank, host: str = "127.0.0.1", port: int = 0) -> None:
        self.bank = bank
        self.host = host
        self.port = port
        self._server: ModbusTcpServer | None = None

    async def start(self) -> None:
        self._server = ModbusTcpServer(self.bank, address=(self.host, self.port))
        await self._server.serve_forever(background=True)
        sockets = getattr(self._server.transport, "sockets", None) or []
        if sockets:
            self.port = sockets[0].getsockname()[1]

    async def stop(self) -> None:
        if self._server is not None:
            with contextlib.suppress(Exception):
                await self._server.shutdown()
            self._server = None

    def drop_connections(self) -> None:
        """Close every client connection (a flaky cable); the server keeps listening."""
        if self._server is None:
            return
        for protocol in list(self._server.active_connections.values()):
            with contextlib.suppress(Exception):
                protocol.close()
