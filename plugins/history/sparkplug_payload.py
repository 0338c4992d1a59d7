"""Sparkplug B payloads from history rows: births with each metric's datatype and properties, data, death.

The protobuf messages are the Eclipse Tahu ``sparkplug_b.proto`` as compiled in the
sparkplug-b-packets package; protobuf does the encoding. Only this module knows them.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from sparkplub_b_packets.core import sparkplug_b_pb2 as pb  # the package's import name is spelled so

from hmi.historian.sinks import TagMeta

NAMESPACE = "spBv1.0"
BD_SEQ = "bdSeq"
REBIRTH = "Node Control/Rebirth"
# Properties: the quality of a value (the codes Ignition and most host applications read), and the
# engineering unit and range of a metric in its birth.
QUALITY = "Quality"
QUALITY_CODES = {0: 192, 1: 64, 2: 0, 3: 500}   # GOOD, UNCERTAIN, BAD, STALE
ENG_UNIT, ENG_LOW, ENG_HIGH = "engUnit", "engLow", "engHigh"

# The station's data types (hmi.config.DataType) as Sparkplug datatypes.
DATATYPES = {"bool": pb.Boolean, "int16": pb.Int16, "uint16": pb.UInt16, "int32": pb.Int32, "uint32": pb.UInt32,
             "int64": pb.Int64, "float32": pb.Float, "float64": pb.Double, "string": pb.String}
_INT32 = (pb.Int8, pb.Int16, pb.Int32, pb.UInt8, pb.UInt16, pb.UInt32)
_INT64 = (pb.Int64, pb.UInt64)


@dataclass(frozen=True, slots=True)
class Value:
    ts_ms: int
    value: float | None
    quality: int


def datatype(meta: TagMeta) -> int:
    return int(DATATYPES.get(meta.data_type, pb.Double))


def _set_value(metric: pb.Payload.Metric, kind: int, value: float | None) -> None:
    if value is None:
        metric.is_null = True
    elif kind == pb.Boolean:
        metric.boolean_value = value != 0
    elif kind in _INT32:
        metric.int_value = int(value) & 0xFFFF_FFFF          # two's complement, as the spec says
    elif kind in _INT64:
        metric.long_value = int(value) & 0xFFFF_FFFF_FFFF_FFFF
    elif kind == pb.Float:
        metric.float_value = value
    elif kind == pb.String:
        metric.string_value = repr(value)
    else:
        metric.double_value = value


def _property(metric: pb.Payload.Metric, key: str) -> pb.Payload.PropertyValue:
    metric.properties.keys.append(key)
    prop: pb.Payload.PropertyValue = metric.properties.values.add()
    return prop


def _quality(metric: pb.Payload.Metric, quality: int) -> None:
    prop = _property(metric, QUALITY)
    prop.type = pb.Int32
    prop.int_value = QUALITY_CODES.get(quality, 0)


def _metric(payload: pb.Payload, name: str, meta: TagMeta, value: Value | None, *, historical: bool,
            birth: bool) -> None:
    metric = payload.metrics.add()
    metric.name = name
    kind = datatype(meta)
    metric.datatype = kind
    if historical:
        metric.is_historical = True
    if birth:
        prop = _property(metric, ENG_UNIT)
        prop.type = pb.String
        prop.string_value = meta.unit
        for key, bound in ((ENG_LOW, meta.range_lo), (ENG_HIGH, meta.range_hi)):
            if bound is not None:
                prop = _property(metric, key)
                prop.type = pb.Double
                prop.double_value = bound
    if value is None:
        metric.is_null = True
        return
    metric.timestamp = value.ts_ms
    _set_value(metric, kind, value.value)
    _quality(metric, value.quality)


def birth(*, now_ms: int, seq: int, metrics: dict[str, TagMeta], last: dict[str, Value],
          bd_seq: int | None = None) -> bytes:
    """NBIRTH (with ``bd_seq``: bdSeq and the rebirth control first) or DBIRTH: every metric, its last value."""
    payload = pb.Payload(timestamp=now_ms, seq=seq)
    if bd_seq is not None:
        payload.metrics.add(name=BD_SEQ, datatype=pb.UInt64, long_value=bd_seq, timestamp=now_ms)
        payload.metrics.add(name=REBIRTH, datatype=pb.Boolean, boolean_value=False, timestamp=now_ms)
    for name, meta in metrics.items():
        _metric(payload, name, meta, last.get(name), historical=False, birth=True)
    return bytes(payload.SerializeToString())


def data(*, now_ms: int, seq: int, rows: Iterable[tuple[str, TagMeta, Value]], historical: bool) -> bytes:
    """NDATA or DDATA: each row one metric with its own timestamp and quality."""
    payload = pb.Payload(timestamp=now_ms, seq=seq)
    for name, meta, value in rows:
        _metric(payload, name, meta, value, historical=historical, birth=False)
    return bytes(payload.SerializeToString())


def death(*, now_ms: int, bd_seq: int) -> bytes:
    """NDEATH: the bdSeq of the session it ends, and no seq."""
    payload = pb.Payload(timestamp=now_ms)
    payload.metrics.add(name=BD_SEQ, datatype=pb.UInt64, long_value=bd_seq, timestamp=now_ms)
    return bytes(payload.SerializeToString())


def rebirth_requested(raw: bytes) -> bool:
    """An NCMD payload that asks for a rebirth (a payload this cannot read asks for nothing)."""
    try:
        payload = pb.Payload.FromString(raw)
    except Exception:   # protobuf's DecodeError, or worse: a stranger's garbage must not stop the node
        return False
    return any(m.name == REBIRTH and m.boolean_value for m in payload.metrics)
