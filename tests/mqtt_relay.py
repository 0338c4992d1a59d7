"""A TCP relay on loopback in front of a real broker that reads the client's MQTT packets one at a time.

Test peers that must misbehave at an exact packet (cut the link at a DBIRTH, hold a PUBACK) subclass it:
``client_packet`` sees each packet the client sends (False cuts the link there), ``_down`` relays the
broker's side (raw bytes unless overridden).
"""

from __future__ import annotations

import asyncio
import contextlib

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


class MqttRelay:
    def __init__(self, *, broker_port: int) -> None:
        self.broker_port = broker_port
        self.port = 0
        self.connections = 0
        self._client: asyncio.StreamWriter | None = None
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

    def client_packet(self, packet: bytes) -> bool:
        """One packet from the client, before it is relayed; False: cut the link instead."""
        return True

    def _end(self, writer: asyncio.StreamWriter) -> None:
        writer.close()

    async def _serve(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self.connections += 1
        self._client = writer
        up_reader, up_writer = await asyncio.open_connection("127.0.0.1", self.broker_port)
        down = asyncio.create_task(self._down(up_reader, writer))
        self._tasks.add(down)
        try:
            while True:
                _kind, packet = await _read_packet(reader)
                if not self.client_packet(packet):
                    break
                up_writer.write(_encode(packet))
                await up_writer.drain()
        except (asyncio.IncompleteReadError, ConnectionError):
            pass
        finally:
            for w in (up_writer, writer):
                self._end(w)
            down.cancel()
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await down
            self._tasks.discard(down)

    async def _down(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        with contextlib.suppress(ConnectionError, asyncio.IncompleteReadError):
            while data := await reader.read(65536):
                writer.write(data)
                await writer.drain()
