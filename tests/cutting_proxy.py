"""A TCP relay in front of a real broker that drops the link when the client publishes a chosen message.

The broker "goes away" at an exact point (say, between two DBIRTHs), which killing mosquitto from the
outside cannot hit reliably. The packet that triggers the cut is not forwarded; the broker sees the
link close uncleanly, so it publishes the client's will. Later connections are relayed as they are.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable

from tests.mqtt_relay import MqttRelay, publish_topic


class CuttingProxy(MqttRelay):
    def __init__(self, *, broker_port: int, cut_when: Callable[[str], bool]) -> None:
        super().__init__(broker_port=broker_port)
        self.cuts = 0
        self._cut_when: Callable[[str], bool] | None = cut_when

    def client_packet(self, packet: bytes) -> bool:
        topic = publish_topic(packet)
        if topic is not None and self._cut_when is not None and self._cut_when(topic):
            self._cut_when = None         # once: the reconnect goes through
            self.cuts += 1
            return False
        return True

    def _end(self, writer: asyncio.StreamWriter) -> None:
        writer.transport.abort()          # no DISCONNECT: the broker must send the will
