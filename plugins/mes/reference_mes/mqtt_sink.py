"""The reference MES's MQTT side: a persistent QoS 1 (optionally shared) subscription to every
station's events, recorded once per event_id in the same SQLite file as the REST side.

It acknowledges a message only after recording it (paho's manual ack): a message the broker
handed over just before a crash or a broker restart is sent again, never lost in a client queue.
"""

from __future__ import annotations

import asyncio
import json
import threading
from typing import Any

import paho.mqtt.client as paho
from paho.mqtt.enums import CallbackAPIVersion

from plugins.mes.mqtt_topics import Topics
from plugins.mes.reference_mes.received import ReceivedEvents


class MqttEventSink:
    def __init__(self, *, received: ReceivedEvents, host: str, port: int, prefix: str = "hmi", site: str = "site",
                 client_id: str = "reference-mes", share_group: str | None = None) -> None:
        self._received = received
        self._host = host
        self._port = port
        self._topic = Topics(prefix=prefix, site=site, line="", station="").all_events(share_group=share_group)
        self._connected = threading.Event()
        self._client = paho.Client(callback_api_version=CallbackAPIVersion.VERSION2, client_id=client_id,
                                   clean_session=False, manual_ack=True)
        self._client.on_connect = self._on_connect
        self._client.on_disconnect = lambda *_: self._connected.clear()
        self._client.on_message = self._on_message
        self._client.reconnect_delay_set(min_delay=1, max_delay=2)

    async def start(self) -> None:
        self._client.connect_async(self._host, self._port, keepalive=10)
        self._client.loop_start()
        if not await asyncio.to_thread(self._connected.wait, 10):
            raise RuntimeError(f"the reference MES cannot reach the broker at {self._host}:{self._port}")

    async def stop(self) -> None:
        self._client.disconnect()
        await asyncio.to_thread(self._client.loop_stop)

    def _on_connect(self, client: paho.Client, userdata: Any, flags: Any, reason: Any, properties: Any) -> None:
        if not reason.is_failure:
            client.subscribe(self._topic, qos=1)
            self._connected.set()

    def _on_message(self, client: paho.Client, userdata: Any, message: paho.MQTTMessage) -> None:
        try:
            event = json.loads(message.payload)
        except ValueError:
            event = None
        if isinstance(event, dict):
            self._received.record(str(event.get("station_id", "")), [event], rejects={}, via="mqtt")
        client.ack(message.mid, message.qos)
