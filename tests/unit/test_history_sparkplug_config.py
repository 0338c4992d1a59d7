"""A Sparkplug B sink in station.toml: its keys checked by its plugin's model; unsafe settings said."""

from __future__ import annotations

from pathlib import Path

import pytest

from hmi.config import ConfigError, load_config
from hmi.plugin_registry import available, plugin_config_model
from plugins.history.sparkplug_options import SparkplugOptions

STATION = '[station]\nid = "S1"\nname = "Station 1"\n'
SINK = ('[[history.sinks]]\nname = "uns"\ndriver = "sparkplug"\nhost = "broker.plant"\nport = 8883\ntls = true\n'
        'group_id = "anodizing"\nusername = "s1"\npassword_file = "uns.pw"\n')


def test_a_sparkplug_sink_loads_with_tls_verified_and_acknowledged_data(tmp_path: Path) -> None:
    path = tmp_path / "station.toml"
    path.write_text(STATION + SINK, encoding="utf-8")
    [sink] = load_config(path).history.enabled_sinks()
    options = plugin_config_model("hmi.history_sinks", "sparkplug").model_validate(sink.options())  # type: ignore[union-attr]
    assert isinstance(options, SparkplugOptions)
    assert options.verify and options.qos == 1 and options.warnings() == []
    assert "sparkplug" in available("hmi.history_sinks") and "sparkplug" in available("hmi.history_sinks.options")


def test_a_group_id_with_a_topic_wildcard_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "station.toml"
    path.write_text(STATION + SINK.replace('"anodizing"', '"line/+"'), encoding="utf-8")
    with pytest.raises(ConfigError) as caught:
        load_config(path)
    assert [p.key for p in caught.value.problems] == ["history.sinks.0.group_id"]


@pytest.mark.parametrize(("keys", "said"), [({"tls": True, "verify": False}, "not checked"),
                                            ({"password_file": "pw"}, "without TLS"),
                                            ({"qos": 0}, "lost")])
def test_unsafe_settings_are_said(keys: dict[str, object], said: str) -> None:
    warnings = SparkplugOptions.model_validate({"host": "b", **keys}).warnings()
    assert len(warnings) == 1 and said in warnings[0]
