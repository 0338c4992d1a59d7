"""Small parts of MES sync: the station's backoff, Retry-After, topics, config strictness, the engine without an MES."""

from __future__ import annotations

import base64
import random

import pytest

from hmi.config import ConfigError, parse_config
from hmi.connections.backoff import Backoff
from hmi.station import Station
from hmi.status import Health
from plugins.mes.mqtt_topics import Topics
from plugins.mes.rest import retry_after_seconds
from tests.conftest import station_config


def test_backoff_grows_with_jitter_and_stays_under_the_cap() -> None:
    backoff = Backoff(initial_s=0.5, max_s=10, rng=random.Random(1))
    delays = [backoff.next_delay() for _ in range(12)]
    assert all(0.25 <= d <= 10 for d in delays)
    assert max(delays[:2]) <= 1.0 and max(delays[6:]) > 2.0
    assert len(set(delays)) == len(delays)           # jitter: stations do not retry in step
    backoff.reset()
    assert backoff.next_delay() <= 0.5


def test_retry_after_reads_seconds_and_http_dates() -> None:
    assert retry_after_seconds("7") == 7.0
    assert retry_after_seconds("Wed, 21 Oct 2015 07:28:10 GMT", now=1445412480.0) == pytest.approx(10.0)
    assert retry_after_seconds("soon") is None
    assert retry_after_seconds(None) is None


def test_topics_keep_wildcards_out_of_levels() -> None:
    topics = Topics(prefix="hmi", site="plant 1", line="ANO/1", station="S+1")
    assert topics.event("alarm.raised") == "hmi/plant 1/ANO_1/S_1/events/alarm.raised"
    assert topics.status == "hmi/plant 1/ANO_1/S_1/status"
    assert topics.masterdata == "hmi/plant 1/ANO_1/masterdata"
    assert topics.all_events(share_group="mes") == "$share/mes/hmi/plant 1/+/+/events/#"


def test_mes_options_are_checked_by_the_drivers_model() -> None:
    with pytest.raises(ConfigError) as caught:
        parse_config({"station": {"id": "S1", "name": "s"},
                      "mes": {"driver": "mqtt", "host": "b", "qos": 2},
                      "sync": {"batch_size": 0}})
    text = str(caught.value)
    assert "mes.qos: unknown key" in text and "sync.batch_size" in text
    with pytest.raises(ConfigError, match="no mes driver named 'soap'"):
        parse_config({"station": {"id": "S1", "name": "s"}, "mes": {"driver": "soap"}})


async def test_without_an_mes_the_chip_says_not_configured(make_station) -> None:  # type: ignore[no-untyped-def]
    station: Station = make_station(station_config(mes={"driver": "rest", "base_url": "http://x", "enabled": False}))
    await station.start()
    try:
        assert station.status["mes"].value.health is Health.DISABLED
    finally:
        await station.stop()


def test_the_mes_bundle_is_productions_format_and_bad_ones_are_refused_by_its_validator() -> None:
    from hmi.sync.masterdata import BadMasterdata, check_bundle
    from plugins.mes.reference_mes.server import demo_masterdata

    bundle = demo_masterdata()
    check_bundle(bundle)
    name = next(iter(bundle["images"]))
    assert base64.b64decode(bundle["images"][name]).startswith(b"\x89PNG")
    damaged = {**bundle, "images": {**bundle["images"], name: "not base64!"}}
    with pytest.raises(BadMasterdata, match=f"images.{name}: not base64"):
        check_bundle(damaged)
    missing = {**bundle, "images": {}}
    with pytest.raises(BadMasterdata, match="not found"):
        check_bundle(missing)
    old_format = {**bundle, "work_orders": [{"id": "WO-1", "product_id": "PC-A15-BLK"}]}
    with pytest.raises(BadMasterdata, match=r"work_orders\[0\]\.order_no: required field is missing"):
        check_bundle(old_format)
    with pytest.raises(BadMasterdata, match="not a JSON object"):
        check_bundle([])


def test_mes_sim_serves_a_bundle_folder_or_a_json_file(tmp_path) -> None:  # type: ignore[no-untyped-def]
    import json

    from hmi.production.masterdata import validate_bundle
    from plugins.mes.reference_mes.serve import _load_masterdata
    from tests.production_support import DEMO_MASTERDATA

    from_folder = _load_masterdata(DEMO_MASTERDATA)
    assert validate_bundle(from_folder).version == "2026.11-demo.1"
    (tmp_path / "bundle.json").write_text(json.dumps({**from_folder, "version": "json.1"}), encoding="utf-8")
    assert _load_masterdata(tmp_path / "bundle.json")["version"] == "json.1"
