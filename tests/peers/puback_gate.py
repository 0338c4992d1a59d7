"""A TCP relay between an MQTT client and a real broker that reads the packets on the wire: it records every
PUBLISH the client sends (topic, QoS bits, packet id, DUP flag) and can withhold the broker's PUBACKs for
chosen topics until ``release``. The broker has the messages (its subscribers get them) while the client
still waits for the acknowledgements — the moment mosquitto alone cannot hold still.

MQTT 3.1.1 fixed header: byte 0 is the packet type (high nibble) and flags (DUP 0x08, QoS 0x06, RETAIN
0x01 for PUBLISH); a PUBLISH's variable header is the topic (2-byte length) then, for QoS > 0, the packet
id; a PUBACK (0x40) carries just the packet id.
"""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections.abc import Callable
from dataclasses import dataclass

from tests.mqtt_relay import MqttRelay, _encode, publish_topic
from tests.stalling_broker import _read_packet

PUBLISH, PUBACK = 0x30, 0x40


@dataclass(frozen=True, slots=True)
class Publish:
    topic: str
    qos: int
    packet_id: int | None
    dup: bool
    at: float            # time.monotonic() when the client sent it


@dataclass(frozen=True, slots=True)
class Ack:
    packet_id: int
    topic: str
    at: float            # when the client got it from here


def parse_publish(packet: bytes) -> Publish:
    topic = publish_topic(packet)
    assert topic is not None
    qos = (packet[0] >> 1) & 3
    at = 3 + len(topic.encode())
    return Publish(topic=topic, qos=qos, packet_id=int.from_bytes(packet[at:at + 2], "big") if qos else None,
                   dup=bool(packet[0] & 0x08), at=time.monotonic())


class PubackGate(MqttRelay):
    def __init__(self, *, broker_port: int, withhold: Callable[[str], bool]) -> None:
        """``withhold(topic)``: whether the broker's PUBACK of a PUBLISH on that topic waits while ``holding``."""
        super().__init__(broker_port=broker_port)
        self.holding = False
        self.publishes: list[Publish] = []
        self.acks: list[Ack] = []           # PUBACKs handed to the client, in order
        self.held: list[Ack] = []           # PUBACKs the broker sent that the client has not got yet
        self._withhold = withhold
        self._topics: dict[int, str] = {}   # packet id -> topic of the client's last PUBLISH with that id

    async def release(self) -> None:
        """Hand the client every withheld PUBACK, in the broker's order, and stop withholding."""
        self.holding = False
        held, self.held = self.held, []
        if self._client is None:
            return
        for ack in held:
            self._client.write(bytes([PUBACK, 2]) + ack.packet_id.to_bytes(2, "big"))
            self.acks.append(Ack(ack.packet_id, ack.topic, time.monotonic()))
        await self._client.drain()

    def client_packet(self, packet: bytes) -> bool:
        if packet[0] & 0xF0 == PUBLISH:
            publish = parse_publish(packet)
            self.publishes.append(publish)
            if publish.packet_id is not None:
                self._topics[publish.packet_id] = publish.topic
        return True

    async def _down(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        with contextlib.suppress(ConnectionError, asyncio.IncompleteReadError):
            while True:
                _kind, packet = await _read_packet(reader)
                if packet[0] & 0xF0 == PUBACK:
                    packet_id = int.from_bytes(packet[1:3], "big")
                    ack = Ack(packet_id, self._topics.get(packet_id, ""), time.monotonic())
                    if self.holding and self._withhold(ack.topic):
                        self.held.append(ack)
                        continue
                    self.acks.append(ack)
                writer.write(_encode(packet))
                await writer.drain()
