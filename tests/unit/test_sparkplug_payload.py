"""Sparkplug B payload edge cases, read back by the tests' independent decoder (tests/sparkplug_decoder.py)."""

from __future__ import annotations

from hmi.historian.sinks import TagMeta
from plugins.history import sparkplug_payload as spb
from tests.sparkplug_decoder import INT16, INT64, STRING, UINT16, decode, rebirth_command

TOPIC = "spBv1.0/g/DDATA/n/d"


def _one(meta: TagMeta, value: float | None, quality: int = 0) -> object:
    raw = spb.data(now_ms=5, seq=7, rows=[("t", meta, spb.Value(1000, value, quality))], historical=False)
    message = decode(TOPIC, raw)
    assert message.seq == 7 and message.timestamp == 5
    return message.metrics[0]


def test_negative_integers_are_twos_complement_as_the_spec_says() -> None:
    metric = _one(TagMeta(data_type="int16"), -2.0)
    assert metric.datatype == INT16 and metric.value == 2**32 - 2           # uint32 on the wire
    metric = _one(TagMeta(data_type="int64"), -1.0)
    assert metric.datatype == INT64 and metric.value == 2**64 - 1
    assert _one(TagMeta(data_type="uint16"), 65535.0).value == 65535
    assert _one(TagMeta(data_type="uint16"), 1.0).datatype == UINT16


def test_an_unknown_data_type_is_a_double_and_a_string_tag_a_string() -> None:
    assert _one(TagMeta(data_type="weird"), 1.5).value == 1.5
    assert _one(TagMeta(data_type="string"), 2.0).datatype == STRING


def test_stale_carries_no_value_and_says_so() -> None:
    metric = _one(TagMeta(), None, quality=3)
    assert metric.is_null and metric.value is None and metric.properties == {"Quality": 500}


def test_only_a_true_rebirth_metric_asks_for_a_rebirth() -> None:
    assert spb.rebirth_requested(rebirth_command())
    assert not spb.rebirth_requested(spb.death(now_ms=1, bd_seq=3))
    assert not spb.rebirth_requested(b"\xff\xff garbage")
