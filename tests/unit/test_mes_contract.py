"""The MES contract: a valid OpenAPI document, generated from the payload models, and a checker that bites."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
from openapi_spec_validator import validate
from openapi_spec_validator.readers import read_from_filename

from hmi.alarms.model import TransitionKind
from hmi.sync.contract import EVENTS
from hmi.sync.heartbeat import StationHeartbeat
from plugins.mes import contract_docs
from tests.contract import OPENAPI, contract_problems

ALARM = {"alarm_id": "temp_hi", "tag": "Bath1", "priority": "high", "transition": "raised", "state": "unack_active",
         "previous_state": "normal", "value": 24.0, "limit": 22.0, "comment": None, "actor": "system:equipment"}


def envelope(kind: str, payload: dict[str, object], *, subject: str | None = "alarm/temp_hi") -> dict[str, object]:
    return {"event_id": "0190d6c2-7a8e-7c3e-9b1f-1a2b3c4d5e6f", "station_id": "ANO-01", "seq": 7, "type": kind,
            "schema_version": 1, "occurred_at": 1_800_000_000.5, "subject": subject, "payload": payload}


def test_the_openapi_document_passes_the_standard_validator() -> None:
    document, _ = read_from_filename(str(OPENAPI))
    assert document["openapi"].startswith("3.1")
    validate(document)


def test_the_committed_documents_are_generated_from_the_payload_models() -> None:
    stale = [path.name for path, text in contract_docs.rendered().items() if path.read_text(encoding="utf-8") != text]
    assert stale == [], f"run `python -m plugins.mes.contract_docs`: {stale} differ from hmi/sync/contract.py"


def test_the_generated_table_names_every_event_type_and_field(tmp_path: Path) -> None:
    text = contract_docs.EVENTS_MD.read_text(encoding="utf-8")
    for event_type in EVENTS:
        assert f"`{event_type}`" in text
    assert "`limit`: number or null" in text and "`alarm.returned`" in text and "`alarm.cleared`" not in text


def test_every_alarm_transition_the_engine_makes_is_in_the_contract() -> None:
    assert {f"alarm.{kind.value}" for kind in TransitionKind} <= set(EVENTS)


def test_the_checker_accepts_a_good_event_and_names_what_is_wrong_with_a_bad_one() -> None:
    assert contract_problems(envelope("alarm.raised", ALARM)) == []
    no_limit = {k: v for k, v in ALARM.items() if k != "limit"}
    assert any("'limit' is a required property" in p for p in contract_problems(envelope("alarm.raised", no_limit)))
    assert any("not in the contract" in p for p in contract_problems(envelope("alarm.cleared", ALARM)))
    nan_seq = {**envelope("alarm.raised", ALARM), "seq": 0}
    assert any("envelope" in p for p in contract_problems(nan_seq))
    bad_label = {"job_id": "j1", "template": "defect", "printer": "p", "copies": 0, "reprint": "no", "actor": "u",
                 "data": {"lot_no": "L1"}, "attempts": 1, "spooler_ref": None}
    problems = contract_problems(envelope("label.printed", bad_label, subject="defect/1"))
    assert len(problems) == 2
    # An old name sent beside its new one passes the schema (an MES ignores extra fields), not the station's check.
    renamed = {**bad_label, "copies": 1, "reprint": False, "job": "j1"}
    assert contract_problems(envelope("label.printed", renamed, subject="defect/1")) == [
        "label.printed payload sends fields the contract does not name: job"
        " (name them in hmi/sync/contract.py or stop sending them)"]


@pytest.mark.parametrize("state", ["started", "running", "stopping"])
async def test_station_status_events_follow_the_contract(station: object, state: str) -> None:
    from hmi.station import Station

    assert isinstance(station, Station)
    heartbeat = StationHeartbeat(store=station.store, clock=station.clock, station_id=station.station_id,
                                 board=station.status, interval_s=60)
    payload = heartbeat.payload(state)
    assert set(payload["components"]) >= {"equipment", "mes", "printer"}
    assert contract_problems(envelope("station.status", payload, subject=f"station/{station.station_id}")) == []


async def test_the_station_sends_started_running_and_stopping_and_never_piles_up_heartbeats(
        make_station: object) -> None:
    from hmi import outbox
    from hmi.station import Station
    from tests.conftest import station_config

    sync = {"heartbeat_interval_s": 1, "masterdata_interval_s": 3600}
    station = make_station(station_config(sync=sync))  # type: ignore[operator]
    assert isinstance(station, Station)

    async def heartbeats() -> list[str]:
        events = await station.store.read(lambda db: outbox.by_status(db, "pending"))
        return [e.payload["state"] for e in events if e.type == "station.status"]

    await station.start()
    try:
        for _ in range(200):                    # the first "running" beat comes after about 1 s
            if "running" in await heartbeats():
                break
            await asyncio.sleep(0.05)
        assert (await heartbeats())[:2] == ["started", "running"]
        assert await station.heartbeat.beat("running") is False     # one is still waiting: no second one
    finally:
        await station.stop()
    states = await heartbeats()
    assert states.count("running") == 1 and states[0] == "started" and states[-1] == "stopping"
