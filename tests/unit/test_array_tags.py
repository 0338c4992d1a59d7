"""Array tags: the address grammar and the config refuse what a list cannot do (issue 14 item 10)."""

from __future__ import annotations

from typing import Any

import pytest

from hmi.config import ConfigError, parse_config
from hmi.tags.address import AddressError, parse_address
from plugins.opcua.address import parse_opcua_node


def _raw(tags: dict[str, Any], alarms: dict[str, Any] | None = None) -> dict[str, Any]:
    return {"station": {"id": "T-1", "name": "t"},
            "connections": {"press": {"driver": "opcua", "endpoint": "opc.tcp://127.0.0.1:4840"}},
            "tags": tags, "alarms": alarms or {}}


def test_an_opcua_address_may_name_one_element_of_an_array() -> None:
    address = parse_address("opcua://press/nsu=urn:x;s=Levels?index=2")
    assert address.path == "nsu=urn:x;s=Levels" and address.options == {"index": "2"}
    assert parse_opcua_node(address).index == 2
    direct = parse_address("opcua://opc.tcp://10.0.0.5:4840/ns=2;s=Levels?index=0")
    assert parse_opcua_node(direct).index == 0 and direct.endpoint == "opc.tcp://10.0.0.5:4840"
    with pytest.raises(AddressError, match="whole number"):
        parse_address("opcua://press/ns=2;s=Levels?index=-1")


def test_an_alarm_or_a_scaling_on_an_array_tag_is_refused_when_the_config_is_read() -> None:
    tags = {"levels": {"address": "opcua://press/ns=2;s=Levels", "array": True,
                       "scaling": {"raw_lo": 0, "raw_hi": 10, "eng_lo": 0, "eng_hi": 1}}}
    alarms = {"levels_high": {"tag": "levels", "kind": "hi", "limit": 3.0, "message_en": "Level high"},
              "levels_bad": {"tag": "levels", "kind": "bad_quality", "message_en": "No level"}}
    with pytest.raises(ConfigError) as caught:
        parse_config(_raw(tags, alarms))
    keys = {p.key: p.message for p in caught.value.problems}
    assert set(keys) == {"tags.levels.scaling", "alarms.levels_high.tag"}   # bad_quality needs no number
    assert "is an array" in keys["alarms.levels_high.tag"] and "?index=N" in keys["alarms.levels_high.tag"]


def test_one_element_of_an_array_is_a_scalar_tag_that_alarms_may_watch() -> None:
    tags = {"level_3": {"address": "opcua://press/ns=2;s=Levels?index=2",
                        "scaling": {"raw_lo": 0, "raw_hi": 10, "eng_lo": 0, "eng_hi": 1}}}
    alarms = {"level_high": {"tag": "level_3", "kind": "hi", "limit": 3.0, "message_en": "Level high"}}
    config = parse_config(_raw(tags, alarms))
    assert config.tags["level_3"].array is False


def test_an_array_value_is_shown_element_by_element_in_the_tags_format() -> None:
    from hmi.tags.display import format_number

    assert format_number([1.5, 2.25, 3.0], "{:.1f}") == "[1.5, 2.2, 3.0]"
    assert format_number([True, False]) == "[ON, OFF]"
    assert format_number([float(n) for n in range(12)], "{:.0f}") == "[0, 1, 2, 3, …] (12)"
    assert format_number([]) == "[]"
