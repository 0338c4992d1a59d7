"""MQTT connector (aiomqtt): QoS 1 events, persistent session, TLS, last-will, retained master data.

An event counts as delivered when the broker acknowledged it (PUBACK). The MES reads events with a
persistent, QoS 1 (shared) subscription and drops repeats by ``event_id``; the envelope's ``seq``
gives the per-station order. Per-event rejections have no path back over MQTT: the MES reports them
in its own system, and the station's quarantine is used by the REST connector only.
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import json
import logging
import ssl
from collections.abc import Callable, Sequence
from typing import Any

import aiomqtt

from hmi import jsonutil
from hmi.connections.supervisor import TaskFailed
from hmi.outbox import OutboxEvent
from hmi.sync.connector import (
    ConnectorContext,
    EventOutcome,
    MasterdataBundle,
    MesConfigurationError,
    MesUnavailable,
    Outcome,
)
from plugins.mes.mqtt_topics import Topics
from plugins.mes.options import MqttOptions
from plugins.mqtt_connack import login_refused as _login_refused
from plugins.mqtt_pipeline import publish_pipelined
from plugins.tls_client import client_tls_context

log = logging.getLogger(__name__)


class MqttConnector:
    config_model = MqttOptions
    name = "mqtt"

    def __init__(self, *, options: MqttOptions, context: ConnectorContext) -> None:
        self._options = options
        self._context = context
        self.topics = Topics(prefix=options.prefix.rstrip("/"), site=options.site,
                             line=context.line or "line", station=context.station_id)
        self._client: aiomqtt.Client | None = None
        self._reader: asyncio.Task[None] | None = None
        self._masterdata: bytes | None = None
        self._on_masterdata: Callable[[], None] | None = None
        self._died: Exception | None = None     # what ended the reader of the current client

    def warnings(self) -> list[str]:
        return self._options.warnings()

    @classmethod
    def from_options(cls, options: dict[str, Any], context: ConnectorContext) -> MqttConnector:
        return cls(options=MqttOptions.model_validate(options), context=context)

    def watch_masterdata(self, callback: Callable[[], None]) -> None:
        """Call ``callback`` when a bundle arrives: the retained one comes just after the subscription,
        usually after the engine's first fetch, and must not wait for the next periodic pull."""
        self._on_masterdata = callback

    def _tls_context(self) -> ssl.SSLContext | None:
        opts = self._options
        if not opts.tls:
            return None
        return client_tls_context(ca_file=opts.ca_file, client_cert=opts.client_cert, client_key=opts.client_key,
                                  verify=opts.verify, resolve=self._context.resolve)

    def _status(self, state: str) -> bytes:
        return json.dumps({"station_id": self._context.station_id, "state": state}).encode()

    async def open(self) -> None:
        if self._client is not None:
            return
        opts = self._options
        where = f"mqtt{'s' if opts.tls else ''}://{opts.host}:{opts.port}"
        try:
            tls = self._tls_context()
        except (OSError, ssl.SSLError) as exc:
            raise MesConfigurationError(f"cannot load the TLS files for {where}: {exc}") from None
        client = aiomqtt.Client(
            opts.host, opts.port,
            identifier=opts.client_id or f"hmi-{self._context.station_id}",
            clean_session=False,                          # the broker keeps our session across outages
            username=opts.username or None,
            password=opts.password.get_secret_value() if opts.password else None,
            will=aiomqtt.Will(self.topics.status, self._status("offline"), qos=1, retain=True),
            keepalive=opts.keepalive_s, timeout=opts.timeout_s, tls_context=tls,
            # A window of publishes awaiting PUBACK: larger windows cost more than they gain
            # (paho and aiomqtt scan their pending lists on every acknowledgement).
            max_inflight_messages=opts.max_inflight, max_concurrent_outgoing_calls=opts.max_inflight,
            logger=log,
        )
        client.pending_calls_threshold = 1_000_000   # a batch is many publishes in flight by design
        try:
            await client.__aenter__()
            await client.publish(self.topics.status, self._status("online"), qos=1, retain=True)
            await client.subscribe(self.topics.masterdata, qos=1)
        except aiomqtt.MqttError as exc:
            with contextlib.suppress(Exception):
                await client.__aexit__(None, None, None)
            text = str(exc)
            if "CERTIFICATE_VERIFY_FAILED" in text or "certificate verify failed" in text:
                raise MesConfigurationError(
                    f"the broker at {where} presented a certificate this station does not trust ({text});"
                    " check [mes] ca_file") from None
            if _login_refused(exc):
                who = f"user {opts.username!r}" if opts.username else "an anonymous login"
                raise MesConfigurationError(
                    f"the broker at {where} refused {who} ({text}); check [mes] username and password") from None
            raise MesUnavailable(f"cannot reach the MQTT broker at {where}: {text}") from None
        self._client = client
        self._died = None
        self._reader = asyncio.create_task(self._read(client, where), name="mqtt-masterdata")

    async def _read(self, client: aiomqtt.Client, where: str) -> None:
        """Master data as it arrives; its end (the broker gone while idle) is said at once, not swallowed."""
        try:
            async for message in client.messages:
                if isinstance(message.payload, bytes | bytearray):
                    self._masterdata = bytes(message.payload)
                    if self._on_masterdata is not None:
                        self._on_masterdata()
            self._died = MesUnavailable(f"the connection to the MQTT broker at {where} ended")
        except aiomqtt.MqttError as exc:
            self._died = MesUnavailable(f"lost the connection to the MQTT broker at {where}: {exc}")
        except Exception as exc:  # a bug in the reader: FAILED with its reason, restarted
            log.error("the MQTT master data reader for %s crashed", where, exc_info=exc)
            self._died = TaskFailed(f"the MQTT master data reader crashed: {type(exc).__name__}: {exc}")
            return
        log.warning("%s", self._died)

    def check_alive(self) -> None:
        """Raise what ended the reader (the broker went away while there was nothing to send)."""
        if self._client is not None and self._died is not None:
            raise self._died

    async def close(self) -> None:
        client, self._client = self._client, None
        if client is None:
            return
        with contextlib.suppress(aiomqtt.MqttError, asyncio.TimeoutError):
            await client.publish(self.topics.status, self._status("offline"), qos=1, retain=True, timeout=2)
        await self._drop(client)

    async def _drop(self, client: aiomqtt.Client) -> None:
        if self._reader is not None:
            self._reader.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._reader
            self._reader = None
        with contextlib.suppress(Exception):
            await client.__aexit__(None, None, None)

    async def send_batch(self, events: Sequence[OutboxEvent]) -> list[EventOutcome]:
        await self.open()
        client = self._client
        assert client is not None
        messages = [(self.topics.event(e.type), jsonutil.dumps_strict(e.envelope()).encode()) for e in events]
        errors = await publish_pipelined(client, messages, timeout_s=self._options.timeout_s)
        outcomes: list[EventOutcome] = []
        failure: str | None = None
        for event, error in zip(events, errors, strict=True):
            if error is not None:
                failure = failure or error
                outcomes.append(EventOutcome(event.event_id, Outcome.TRANSIENT, f"not acknowledged by the broker: {error}"))
            else:
                outcomes.append(EventOutcome(event.event_id, Outcome.DELIVERED))
        if failure is not None:
            # The connection is gone or stuck: start over with a fresh client next time.
            self._client = None
            await self._drop(client)
        return outcomes

    async def fetch_masterdata(self, etag: str | None) -> MasterdataBundle | None:
        await self.open()
        payload = self._masterdata
        if payload is None:
            return None
        tag = '"' + hashlib.sha256(payload).hexdigest()[:20] + '"'
        if tag == etag:
            return None
        try:
            data = json.loads(payload)
        except ValueError:
            raise MesUnavailable(f"master data on {self.topics.masterdata} is not JSON") from None
        version = str(data.get("version") or tag) if isinstance(data, dict) else tag
        return MasterdataBundle(version=version, etag=tag, data=data, source="mes:mqtt")
