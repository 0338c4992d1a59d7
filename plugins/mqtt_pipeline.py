"""Many MQTT publishes in one go on an aiomqtt client: used by the MES connector and the Sparkplug B sink."""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from typing import Any

import aiomqtt
import paho.mqtt.client as paho_mqtt


async def publish_pipelined(client: aiomqtt.Client, messages: Sequence[tuple[str, bytes]], *,
                            timeout_s: float, qos: int = 1) -> list[str | None]:
    """Publish messages (QoS 1: acknowledged) in order and await their PUBACKs together; per message None or the error.

    aiomqtt's ``publish`` costs a task, a semaphore and a scan of every pending call per message;
    here paho gets the whole batch at once (in order, on one connection, so the broker keeps the
    order) and keeps its window of ``max_inflight`` messages in flight, and one future waits for
    the last acknowledgement. paho stays inside the plugins.
    """
    paho = client._client
    loop = asyncio.get_running_loop()
    waiting: dict[int, int] = {}
    errors: list[str | None] = [None] * len(messages)
    acked = loop.create_future()
    previous = paho.on_publish
    submitted = False

    def on_publish(c: Any, userdata: Any, mid: int, reason_code: Any, properties: Any) -> None:
        if waiting.pop(mid, None) is None:
            if previous is not None:
                previous(c, userdata, mid, reason_code, properties)  # type: ignore[call-arg]
            return
        if submitted and not waiting and not acked.done():
            acked.set_result(None)

    paho.on_publish = on_publish
    try:
        for index, (topic, payload) in enumerate(messages):
            info = paho.publish(topic, payload, qos=qos)
            if info.rc != paho_mqtt.MQTT_ERR_SUCCESS:
                reason = paho_mqtt.error_string(info.rc)
                for rest in range(index, len(messages)):
                    errors[rest] = reason
                break
            if not info.is_published():
                waiting[info.mid] = index
        submitted = True
        if waiting and not acked.done():
            try:
                await asyncio.wait_for(asyncio.shield(acked), timeout_s)
            except TimeoutError:
                for index in waiting.values():
                    errors[index] = f"no acknowledgement within {timeout_s:g} s"
    finally:
        paho.on_publish = previous
    return errors
