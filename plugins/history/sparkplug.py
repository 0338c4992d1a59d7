"""The Sparkplug B sink: the station as an edge node of the plant's unified namespace (MQTT).

Each MQTT session (one ``open``) gets the next ``bdSeq`` (0–255): the NDEATH carrying it is the
MQTT will, so the broker announces the node's death when the link drops; the NBIRTH carries the
same bdSeq. After the NBIRTH (seq 0) comes one DBIRTH per device (an equipment connection; tags of
no connection are the node's own metrics), each metric with its datatype and properties (unit,
engineering range), then NDATA/DDATA, the seq running on from the births and wrapping at 255.
Every value carries its quality in the ``Quality`` property; backfilled rows are sent with
``is_historical``. An NCMD ``Node Control/Rebirth`` makes the node send its births again, seq from 0.

A batch is acknowledged once the broker acknowledged every message (QoS 1), so the uploader's
cursor semantics hold: after a crash a batch is sent again, and the namespace's consumers key
values by (group, node, device, metric, timestamp). Rollups stay in PostgreSQL: the namespace
carries samples. Topics and payloads: plugins/history/SCHEMA.md.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import ssl
import time
from collections.abc import Sequence
from typing import Any

import aiomqtt

from hmi.connections.supervisor import NeedsConfiguration, Unavailable
from hmi.historian.sinks import RawBatch, RollupBatch, SinkContext, TagMeta
from plugins.history import sparkplug_payload as spb
from plugins.history.sparkplug_options import SparkplugOptions
from plugins.mqtt_connack import login_refused
from plugins.mqtt_pipeline import publish_pipelined
from plugins.tls_client import client_tls_context

log = logging.getLogger(__name__)

NODE = ""    # the device key of the node's own metrics


def _now_ms() -> int:
    return round(time.time() * 1000)


class SparkplugSink:
    config_model = SparkplugOptions

    def __init__(self, *, options: SparkplugOptions, context: SinkContext) -> None:
        self._options = options
        self._context = context
        self.group = options.group_id
        self.node = options.edge_node_id or context.station_id
        # Metrics per device, in the order of station.toml; tags history.db holds beyond it join the node.
        self._devices: dict[str, dict[str, TagMeta]] = {NODE: {}}
        self._device_of: dict[str, str] = {}
        for name, meta in context.tags.items():
            self._devices.setdefault(meta.device, {})[name] = meta
            self._device_of[name] = meta.device
        self._last: dict[str, spb.Value] = {}
        # bdSeq survives restarts (a kill -9 too), so a late will never matches a newer birth.
        self._bd_seq_file = (None if context.state_dir is None
                             else context.state_dir / f"sparkplug-{self.group}-{self.node}.bdseq")
        self.bd_seq: int | None = None
        self._seq = 0
        self._client: aiomqtt.Client | None = None
        self._reader: asyncio.Task[None] | None = None
        self._lock = asyncio.Lock()       # births and data leave in one order
        self._broken: str | None = None
        self.rebirths = 0

    @classmethod
    def from_options(cls, options: dict[str, Any], context: SinkContext) -> SparkplugSink:
        return cls(options=SparkplugOptions.model_validate(options), context=context)

    def warnings(self) -> list[str]:
        return self._options.warnings()

    # Topics ------------------------------------------------------------------------------------------
    def topic(self, kind: str, device: str = NODE) -> str:
        base = f"{spb.NAMESPACE}/{self.group}/{kind}/{self.node}"
        return f"{base}/{device}" if device else base

    def _data_topic(self, device: str, *, birth: bool) -> str:
        if device == NODE:
            return self.topic("NBIRTH" if birth else "NDATA")
        return self.topic("DBIRTH" if birth else "DDATA", device)

    def _next_seq(self) -> int:
        seq, self._seq = self._seq, (self._seq + 1) % 256
        return seq

    # Connection --------------------------------------------------------------------------------------
    def _tls_context(self) -> ssl.SSLContext | None:
        opts = self._options
        if not opts.tls:
            return None
        return client_tls_context(ca_file=opts.ca_file, client_cert=opts.client_cert, client_key=opts.client_key,
                                  verify=opts.verify, resolve=self._context.resolve)

    def _password(self) -> str | None:
        if not self._options.password_file:
            return None
        path = self._context.resolve(self._options.password_file)
        try:
            return path.read_text(encoding="utf-8").strip()
        except OSError as exc:
            raise NeedsConfiguration(f"the password file {path} cannot be read ({exc.strerror or exc})") from None

    def _next_bd_seq(self) -> int:
        """The last session's bdSeq + 1 (0 for the first), saved before it is used."""
        last = self.bd_seq
        path = self._bd_seq_file
        if last is None and path is not None:
            with contextlib.suppress(OSError, ValueError):
                last = int(path.read_text(encoding="ascii"))
        bd_seq = 0 if last is None else (last + 1) % 256
        if path is not None:
            try:
                path.parent.mkdir(parents=True, exist_ok=True)
                temporary = path.with_suffix(".tmp")
                temporary.write_text(str(bd_seq), encoding="ascii")
                temporary.replace(path)
            except OSError as exc:
                log.warning("cannot keep the Sparkplug bdSeq in %s: %s", path, exc)
        return bd_seq

    async def open(self) -> str:
        opts = self._options
        where = f"mqtt{'s' if opts.tls else ''}://{opts.host}:{opts.port}"
        try:
            tls = self._tls_context()
        except (OSError, ssl.SSLError) as exc:
            raise NeedsConfiguration(f"cannot load the TLS files for {where}: {exc}") from None
        password = self._password()
        self.bd_seq = await asyncio.to_thread(self._next_bd_seq)
        client = aiomqtt.Client(
            opts.host, opts.port,
            identifier=opts.client_id or f"spb-{self.group}-{self.node}",
            clean_session=True,                          # Sparkplug: every session is born anew
            username=opts.username or None, password=password,
            will=aiomqtt.Will(self.topic("NDEATH"), spb.death(now_ms=_now_ms(), bd_seq=self.bd_seq), qos=1,
                              retain=False),
            keepalive=opts.keepalive_s, timeout=opts.timeout_s, tls_context=tls,
            max_inflight_messages=opts.max_inflight, max_concurrent_outgoing_calls=opts.max_inflight,
            logger=log)
        client.pending_calls_threshold = 1_000_000
        try:
            await client.__aenter__()
            await client.subscribe(self.topic("NCMD"), qos=1)      # before the birth, as the spec asks
        except aiomqtt.MqttError as exc:
            with contextlib.suppress(Exception):
                await client.__aexit__(None, None, None)
            text = str(exc)
            if "CERTIFICATE_VERIFY_FAILED" in text or "certificate verify failed" in text:
                raise NeedsConfiguration(f"the broker at {where} presented a certificate this station does not"
                                         f" trust ({text}); check ca_file") from None
            if login_refused(exc):
                raise NeedsConfiguration(f"the broker at {where} refused the login: {text}") from None
            raise Unavailable(f"cannot reach the MQTT broker at {where}: {text}") from None
        self._client, self._broken = client, None
        self._reader = asyncio.create_task(self._read(client), name=f"sparkplug-ncmd-{self.node}")
        async with self._lock:
            await self._birth()
        return f"Sparkplug B {where} {self.group}/{self.node} (bdSeq {self.bd_seq})"

    async def _read(self, client: aiomqtt.Client) -> None:
        try:
            async for message in client.messages:
                payload = message.payload
                if isinstance(payload, bytes | bytearray) and spb.rebirth_requested(bytes(payload)):
                    async with self._lock:
                        if self._client is client:
                            await self._birth()
                            self.rebirths += 1
        except (aiomqtt.MqttError, Unavailable) as exc:
            self._broken = str(exc) or type(exc).__name__

    async def _birth(self) -> None:
        """NBIRTH (seq 0) and every DBIRTH, in one pipelined send; the caller holds the lock."""
        now = _now_ms()
        self._seq = 0
        messages = [(self.topic("NBIRTH"), spb.birth(now_ms=now, seq=self._next_seq(), metrics=self._devices[NODE],
                                                     last=self._last, bd_seq=self.bd_seq))]
        messages += [(self.topic("DBIRTH", device), spb.birth(now_ms=now, seq=self._next_seq(), metrics=metrics,
                                                              last=self._last))
                     for device, metrics in self._devices.items() if device != NODE]
        await self._publish(messages, qos=1)

    async def _publish(self, messages: Sequence[tuple[str, bytes]], *, qos: int) -> None:
        client = self._client
        if client is None or self._broken is not None:
            raise Unavailable(f"Sparkplug broker: {self._broken or 'not connected'}")
        errors = await publish_pipelined(client, messages, timeout_s=self._options.timeout_s, qos=qos)
        failure = next((error for error in errors if error is not None), None)
        if failure is not None:
            self._broken = failure
            raise Unavailable(f"Sparkplug broker did not acknowledge: {failure}")

    # Writes ------------------------------------------------------------------------------------------
    async def write_raw(self, batch: RawBatch) -> None:
        if not batch.rows:
            return
        async with self._lock:
            await self._announce({tag for tag, _ts, _value, _quality in batch.rows})
            by_device: dict[str, list[tuple[str, TagMeta, spb.Value]]] = {}
            for tag, ts_ms, value, quality in batch.rows:
                device = self._device_of[tag]
                by_device.setdefault(device, []).append((tag, self._devices[device][tag],
                                                         spb.Value(ts_ms, value, quality)))
            now, step = _now_ms(), self._options.max_metrics_per_message
            messages = [(self._data_topic(device, birth=False),
                         spb.data(now_ms=now, seq=self._next_seq(), rows=rows[at:at + step],
                                  historical=batch.historical))
                        for device, rows in by_device.items() for at in range(0, len(rows), step)]
            await self._publish(messages, qos=self._options.qos)
            for rows in by_device.values():
                for name, _meta, sent in rows:
                    known = self._last.get(name)
                    if known is None or sent.ts_ms >= known.ts_ms:
                        self._last[name] = sent

    async def _announce(self, tags: set[str]) -> None:
        """Tags not born yet join the node's metrics: a metric must be in a birth before its data."""
        new = sorted(tag for tag in tags if tag not in self._device_of)
        if not new:
            return
        for tag in new:
            self._devices[NODE][tag] = TagMeta()
            self._device_of[tag] = NODE
        await self._birth()      # a new node metric needs a new NBIRTH, and the DBIRTHs follow it

    async def write_rollups(self, batch: RollupBatch) -> None:
        """The namespace carries samples; rollups are PostgreSQL's (acknowledged as kept nowhere here)."""

    async def close(self) -> None:
        client, self._client = self._client, None
        reader, self._reader = self._reader, None
        if reader is not None:
            reader.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await reader
        if client is None:
            return
        if self._broken is None and self.bd_seq is not None:    # a clean goodbye: what the will would say
            with contextlib.suppress(aiomqtt.MqttError, asyncio.TimeoutError):
                await client.publish(self.topic("NDEATH"), spb.death(now_ms=_now_ms(), bd_seq=self.bd_seq), qos=1,
                                     timeout=2)
        with contextlib.suppress(Exception):
            await client.__aexit__(None, None, None)
