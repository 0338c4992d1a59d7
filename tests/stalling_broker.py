"""A minimal MQTT 3.1.1 broker that stops acknowledging QoS 1 publishes on demand (a stuck broker or a
half-dead link), which mosquitto cannot be made to do. It acknowledges, and records, nothing else."""

from __future__ import annotations

import asyncio
import json
from typing import Any


class StallingBroker:
    def __init__(self) -> None:
        self.acking = True
        self.published: list[dict[str, Any]] = []     # event envelopes, in the order they arrived
        self.connections = 0
        self.port = 0
        self._server: asyncio.Server | None = None
        self._writers: set[asyncio.StreamWriter] = set()

    async def start(self) -> None:
        self._server = await asyncio.start_server(self._serve, "127.0.0.1", 0)
        self.port = self._server.sockets[0].getsockname()[1]

    async def stop(self) -> None:
        for writer in list(self._writers):
            writer.close()
        if self._server is not None:
            self._server.close()
            await self._server.wait_closed()

    async def _serve(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self.connections += 1
        self._writers.add(writer)
        try:
            while True:
                kind, body = await _read_packet(reader)
                if kind == 0x10:                                   # CONNECT
                    writer.write(b"\x20\x02\x00\x00")
                elif kind == 0x30:                                 # PUBLISH (flags in the low bits)
                    self._publish(body, writer, qos=(body[0] >> 1) & 3)
                elif kind == 0x80:                                 # SUBSCRIBE: grant QoS 1
                    topics = _count_topics(body[3:])
                    writer.write(bytes([0x90, 2 + topics]) + body[1:3] + b"\x01" * topics)
                elif kind == 0xC0:                                 # PINGREQ
                    writer.write(b"\xd0\x00")
                elif kind == 0xE0:                                 # DISCONNECT
                    break
                await writer.drain()
        except (asyncio.IncompleteReadError, ConnectionError):
            pass
        finally:
            self._writers.discard(writer)
            writer.close()

    def _publish(self, packet: bytes, writer: asyncio.StreamWriter, *, qos: int) -> None:
        body = packet[1:]
        length = int.from_bytes(body[:2], "big")
        topic = body[2:2 + length].decode()
        rest = body[2 + length:]
        packet_id, payload = (rest[:2], rest[2:]) if qos else (b"", rest)
        if "/events/" in topic:
            if not self.acking:
                return                                             # taken, never acknowledged
            self.published.append(json.loads(payload))
        if qos:
            writer.write(b"\x40\x02" + packet_id)


async def _read_packet(reader: asyncio.StreamReader) -> tuple[int, bytes]:
    """(packet type, the first byte followed by the variable header and payload)."""
    first = (await reader.readexactly(1))[0]
    length, shift = 0, 0
    while True:
        byte = (await reader.readexactly(1))[0]
        length |= (byte & 0x7F) << shift
        shift += 7
        if not byte & 0x80:
            break
    return first & 0xF0, bytes([first]) + await reader.readexactly(length)


def _count_topics(filters: bytes) -> int:
    count = 0
    while filters:
        length = int.from_bytes(filters[:2], "big")
        filters = filters[2 + length + 1:]
        count += 1
    return count
