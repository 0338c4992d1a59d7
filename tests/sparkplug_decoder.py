"""An independent Sparkplug B decoder for the tests: the spec's Payload fields by number, in a private pool.

The schema is written here from the Sparkplug B specification (the fields the tests read), not taken
from the product's compiled messages, so a payload the product encodes wrongly reads wrongly here.
Messages caught by a subscriber on ``spBv1.0/#`` come back as plain dataclasses.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from typing import Any

import aiomqtt
from google.protobuf import descriptor_pb2, descriptor_pool, message_factory

# Sparkplug B datatypes (spec, "Datatypes").
INT16, INT32, INT64, UINT16, UINT32, UINT64, FLOAT, DOUBLE, BOOLEAN, STRING = 2, 3, 4, 6, 7, 8, 9, 10, 11, 12

_T = descriptor_pb2.FieldDescriptorProto
_OPT, _REP = _T.LABEL_OPTIONAL, _T.LABEL_REPEATED


def _message(file: descriptor_pb2.FileDescriptorProto | descriptor_pb2.DescriptorProto, name: str,
             fields: list[tuple[str, int, int, int, str]]) -> descriptor_pb2.DescriptorProto:
    msg = file.message_type.add() if isinstance(file, descriptor_pb2.FileDescriptorProto) else file.nested_type.add()
    msg.name = name
    for fname, number, kind, label, type_name in fields:
        f = msg.field.add(name=fname, number=number, type=kind, label=label)  # type: ignore[arg-type]
        if type_name:
            f.type_name = type_name
    return msg


def _payload_class() -> Any:
    file = descriptor_pb2.FileDescriptorProto(name="test_sparkplug_b.proto", package="testspb", syntax="proto2")
    payload = _message(file, "Payload", [
        ("timestamp", 1, _T.TYPE_UINT64, _OPT, ""), ("metrics", 2, _T.TYPE_MESSAGE, _REP, ".testspb.Payload.Metric"),
        ("seq", 3, _T.TYPE_UINT64, _OPT, "")])
    _message(payload, "PropertyValue", [
        ("type", 1, _T.TYPE_UINT32, _OPT, ""), ("is_null", 2, _T.TYPE_BOOL, _OPT, ""),
        ("int_value", 3, _T.TYPE_UINT32, _OPT, ""), ("long_value", 4, _T.TYPE_UINT64, _OPT, ""),
        ("float_value", 5, _T.TYPE_FLOAT, _OPT, ""), ("double_value", 6, _T.TYPE_DOUBLE, _OPT, ""),
        ("boolean_value", 7, _T.TYPE_BOOL, _OPT, ""), ("string_value", 8, _T.TYPE_STRING, _OPT, "")])
    _message(payload, "PropertySet", [
        ("keys", 1, _T.TYPE_STRING, _REP, ""), ("values", 2, _T.TYPE_MESSAGE, _REP, ".testspb.Payload.PropertyValue")])
    _message(payload, "Metric", [
        ("name", 1, _T.TYPE_STRING, _OPT, ""), ("alias", 2, _T.TYPE_UINT64, _OPT, ""),
        ("timestamp", 3, _T.TYPE_UINT64, _OPT, ""), ("datatype", 4, _T.TYPE_UINT32, _OPT, ""),
        ("is_historical", 5, _T.TYPE_BOOL, _OPT, ""), ("is_transient", 6, _T.TYPE_BOOL, _OPT, ""),
        ("is_null", 7, _T.TYPE_BOOL, _OPT, ""),
        ("properties", 9, _T.TYPE_MESSAGE, _OPT, ".testspb.Payload.PropertySet"),
        ("int_value", 10, _T.TYPE_UINT32, _OPT, ""), ("long_value", 11, _T.TYPE_UINT64, _OPT, ""),
        ("float_value", 12, _T.TYPE_FLOAT, _OPT, ""), ("double_value", 13, _T.TYPE_DOUBLE, _OPT, ""),
        ("boolean_value", 14, _T.TYPE_BOOL, _OPT, ""), ("string_value", 15, _T.TYPE_STRING, _OPT, "")])
    pool = descriptor_pool.DescriptorPool()
    pool.Add(file)
    return message_factory.GetMessageClass(pool.FindMessageTypeByName("testspb.Payload"))


_PAYLOAD = _payload_class()
_VALUES = ("int_value", "long_value", "float_value", "double_value", "boolean_value", "string_value")


@dataclass(frozen=True)
class Metric:
    name: str
    datatype: int
    timestamp: int
    value: Any
    is_null: bool
    is_historical: bool
    properties: dict[str, Any]


@dataclass(frozen=True)
class Message:
    topic: str
    kind: str                  # NBIRTH, NDEATH, DBIRTH, DDATA, NDATA, NCMD…
    node: str
    device: str
    timestamp: int
    seq: int | None            # None where the payload has none (NDEATH)
    metrics: list[Metric] = field(default_factory=list)

    def metric(self, name: str) -> Metric:
        return next(m for m in self.metrics if m.name == name)


def _value(pb: Any) -> Any:
    which = [name for name in _VALUES if pb.HasField(name)]
    return getattr(pb, which[0]) if which else None


def decode(topic: str, raw: bytes) -> Message:
    parts = topic.split("/")
    assert parts[0] == "spBv1.0", topic
    payload = _PAYLOAD.FromString(raw)
    metrics = []
    for m in payload.metrics:
        props = {key: _value(value) for key, value in zip(m.properties.keys, m.properties.values, strict=True)}
        metrics.append(Metric(m.name, m.datatype, m.timestamp, _value(m), m.is_null, m.is_historical, props))
    return Message(topic, parts[2], parts[3], parts[4] if len(parts) > 4 else "", payload.timestamp,
                   payload.seq if payload.HasField("seq") else None, metrics)


def rebirth_command() -> bytes:
    """An NCMD a host application sends to ask for the births again."""
    payload = _PAYLOAD(timestamp=1)
    payload.metrics.add(name="Node Control/Rebirth", datatype=BOOLEAN, boolean_value=True)
    return bytes(payload.SerializeToString())


class Listener:
    """A host application's view: every Sparkplug message on the broker, decoded, in arrival order."""

    def __init__(self, port: int) -> None:
        self.port = port
        self.messages: list[Message] = []
        self._task: asyncio.Task[None] | None = None
        self._client: aiomqtt.Client | None = None
        self._ready = asyncio.Event()

    async def _run(self) -> None:
        async with aiomqtt.Client("127.0.0.1", self.port, identifier="test-host") as client:
            self._client = client
            await client.subscribe("spBv1.0/#", qos=1)
            self._ready.set()
            async for message in client.messages:
                assert isinstance(message.payload, bytes)
                self.messages.append(decode(message.topic.value, message.payload))

    async def publish(self, topic: str, payload: bytes) -> None:
        assert self._client is not None
        await self._client.publish(topic, payload, qos=1)

    def of(self, kind: str) -> list[Message]:
        return [m for m in self.messages if m.kind == kind]


@contextlib.asynccontextmanager
async def listening(port: int) -> AsyncIterator[Listener]:
    listener = Listener(port)
    listener._task = asyncio.create_task(listener._run(), name="sparkplug-listener")
    await asyncio.wait_for(listener._ready.wait(), 10)
    try:
        yield listener
    finally:
        listener._task.cancel()
        with contextlib.suppress(asyncio.CancelledError, aiomqtt.MqttError):
            await listener._task
