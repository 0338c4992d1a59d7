"""A Modbus TCP server that misbehaves like field devices do, framed by hand (not pymodbus's server).

pymodbus's server always answers correctly; the devices met on site do not:
- a Node.js server answered a read past the end of its table with fewer registers than asked;
- a PLC answered "illegal data address" for one offset inside an otherwise valid range;
- a gateway whose serial side died kept the TCP connection open and answered nothing;
- a converter sent bytes that are not a Modbus answer at all;
- a gateway answered a coil read with a register answer (another function's reply);
- a device sent a frame whose data is shorter than its own byte count says (pymodbus cannot decode it).
Each is a switch on ``MisbehavingModbusServer``. Only the read functions (1-4) and writes (5, 6, 16) are served.
"""

from __future__ import annotations

import asyncio
import struct
from dataclasses import dataclass, field


@dataclass
class Request:
    unit: int
    function: int
    start: int
    count: int


@dataclass
class MisbehavingModbusServer:
    size: int = 1000                      # registers/bits 0..size-1 exist; a read past the end is answered SHORT
    short_answers: bool = True            # False: a read past the end gets exception 2, as a correct device does
    illegal: set[int] = field(default_factory=set)   # offsets answered with exception 2 (illegal data address)
    silent: bool = False                  # read requests, never answer
    garbage: bool = False                 # answer with bytes that are no Modbus answer
    wrong_function: bool = False          # answer every read as if it were "read holding registers"
    truncated: bool = False               # a read answer whose data is cut short of its byte count
    values: dict[int, int] = field(default_factory=dict)
    requests: list[Request] = field(default_factory=list)
    port: int = 0

    def __post_init__(self) -> None:
        self._server: asyncio.Server | None = None
        self._transports: set[asyncio.Transport] = set()

    async def start(self) -> None:
        loop = asyncio.get_running_loop()
        # A protocol, not streams: no task per client, so a test's leak check sees none left behind.
        self._server = await loop.create_server(lambda: _Connection(self), "127.0.0.1", self.port)
        self.port = self._server.sockets[0].getsockname()[1]

    async def stop(self) -> None:
        if self._server is not None:
            self._server.close()
            self.drop_clients()
            await self._server.wait_closed()
            self._server = None

    def drop_clients(self) -> None:
        """Close every client connection (the device rebooted)."""
        for transport in list(self._transports):
            transport.abort()
        self._transports.clear()

    def value(self, offset: int) -> int:
        return self.values.get(offset, offset & 0xFFFF)

    def _frame(self, frame: bytes) -> bytes | None:
        transaction, protocol, _length, unit = struct.unpack(">HHHB", frame[:7])
        answer = self._answer(unit, frame[7:])
        if self.silent or answer is None:
            return None
        if self.garbage:
            return b"\xde\xad\xbe\xef\x00\x01\x02"
        return struct.pack(">HHHB", transaction, protocol, len(answer) + 1, unit) + answer

    def _answer(self, unit: int, pdu: bytes) -> bytes | None:
        function = pdu[0]
        if function in (1, 2, 3, 4):
            start, count = struct.unpack(">HH", pdu[1:5])
            self.requests.append(Request(unit, function, start, count))
            if any(start <= offset < start + count for offset in self.illegal):
                return bytes([function | 0x80, 2])
            available = max(0, min(count, self.size - start))
            if available < count and not self.short_answers:
                return bytes([function | 0x80, 2])
            if self.wrong_function:
                function = 3
            if function in (1, 2):
                bits = [self.value(start + i) & 1 for i in range(available)]
                data = bytes(sum(bit << j for j, bit in enumerate(bits[i:i + 8])) for i in range(0, len(bits), 8))
            else:
                data = b"".join(struct.pack(">H", self.value(start + i)) for i in range(available))
            if self.truncated:
                return bytes([function, len(data) + 2]) + data[:1]
            return bytes([function, len(data)]) + data
        if function in (5, 6):
            offset, value = struct.unpack(">HH", pdu[1:5])
            self.values[offset] = 1 if (function == 5 and value) else value
            return pdu[:5]
        if function == 16:
            offset, count = struct.unpack(">HH", pdu[1:5])
            for i in range(count):
                self.values[offset + i] = struct.unpack(">H", pdu[6 + 2 * i:8 + 2 * i])[0]
            return pdu[:5]
        return bytes([function | 0x80, 1])


class _Connection(asyncio.Protocol):
    def __init__(self, server: MisbehavingModbusServer) -> None:
        self._server = server
        self._buffer = b""
        self._transport: asyncio.Transport | None = None

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        assert isinstance(transport, asyncio.Transport)
        self._transport = transport
        self._server._transports.add(transport)

    def connection_lost(self, exc: Exception | None) -> None:
        if self._transport is not None:
            self._server._transports.discard(self._transport)

    def data_received(self, data: bytes) -> None:
        self._buffer += data
        while len(self._buffer) >= 7:
            length = struct.unpack(">H", self._buffer[4:6])[0]
            if len(self._buffer) < 6 + length:
                return
            frame, self._buffer = self._buffer[:6 + length], self._buffer[6 + length:]
            answer = self._server._frame(frame)
            if answer is not None and self._transport is not None:
                self._transport.write(answer)
