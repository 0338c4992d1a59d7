"""A TCP relay in front of a real broker that drops the link when the client publishes a chosen message.

The broker "goes away" at an exact point (say, between two DBIRTHs), which killing mosquitto from the
outside cannot hit reliably. The packet that triggers the cut is not forwarded; the broker sees the
link close uncleanly, so it publishes the client's will. Later connections are relayed as they are.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Callable

from tests.stalling_broker import _read_packet


def publish_topic(packet: bytes) -> str | None:
    if packet[0] & 0xF0 != 0x30:
        return None
    length = int.from_bytes(packet[1:3], "big")
    return packet[3:3 + length].decode()


def _encode(packet: bytes) -> bytes:
    """A packet from ``_read_packet`` (first byte + body) back to its bytes on the wire."""
    body, length, out = packet[1:], len(packet) - 1, bytearray()
    while True:
        byte, length = length & 0x7F, length >> 7
        out.append(byte | (0x80 if length else 0))
        if not length:
            break
    return bytes([packet[0]]) + bytes(out) + body


class CuttingProxy:
    def __init__(self, *, broker_port: int, cut_when: Callable[[str], bool]) -> None:
        self.broker_port = broker_port
        self.port = 0
        self.cuts = 0
        self.connections = 0
        self._cut_when: Callable[[str], bool] | None = cut_when
        self._server: asyncio.Server | None = None
        self._tasks: set[asyncio.Task[None]] = set()

    async def start(self) -> None:
        self._server = await asyncio.start_server(self._serve, "127.0.0.1", 0)
        self.port = self._server.sockets[0].getsockname()[1]

    async def stop(self) -> None:
        if self._server is not None:
            self._server.close()
            await self._server.wait_closed()
        for task in list(self._tasks):
            task.cancel()
        for task in list(self._tasks):
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await task

    async def _serve(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self.connections += 1
        up_reader, up_writer = await asyncio.open_connection("127.0.0.1", self.broker_port)
        down = asyncio.create_task(self._pipe(up_reader, writer))
        self._tasks.add(down)
        try:
            while True:
                _kind, packet = await _read_packet(reader)
                topic = publish_topic(packet)
                if topic is not None and self._cut_when is not None and self._cut_when(topic):
                    self._cut_when = None         # once: the reconnect goes through
                    self.cuts += 1
                    break
                up_writer.write(_encode(packet))
                await up_writer.drain()
        except (asyncio.IncompleteReadError, ConnectionError):
            pass
        finally:
            for w in (up_writer, writer):
                w.transport.abort()               # no DISCONNECT: the broker must send the will
            down.cancel()
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await down
            self._tasks.discard(down)

    @staticmethod
    async def _pipe(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        with contextlib.suppress(ConnectionError, asyncio.IncompleteReadError):
            while data := await reader.read(65536):
                writer.write(data)
                await writer.drain()
