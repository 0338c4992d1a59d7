"""Outbox payloads are strict JSON: NaN/±inf become null and unencodable text U+FFFD, on record, never silently."""

from __future__ import annotations

import json
import math

import pytest

from hmi import audit, jsonutil, outbox
from hmi.station import Station


def test_strict_names_every_place_it_changed() -> None:
    value = {"a": math.nan, "b": [1.0, math.inf, {"c": -math.inf}], "d": "ok", "e": "bad \ud800 text", "f": 2}
    cleaned, problems = jsonutil.strict(value)
    assert cleaned == {"a": None, "b": [1.0, None, {"c": None}], "d": "ok", "e": "bad \ufffd text", "f": 2}
    assert set(problems) == {"a", "b[1]", "b[2].c", "e"}
    assert "not a finite number (nan)" in problems["a"] and "U+FFFD" in problems["e"]
    assert jsonutil.strict({"x": [1, "y"]}) == ({"x": [1, "y"]}, {})


def test_dumps_strict_refuses_what_a_json_parser_cannot_read() -> None:
    with pytest.raises(ValueError):
        jsonutil.dumps_strict({"v": math.nan})
    with pytest.raises(ValueError):
        jsonutil.dumps_strict({"v": "\udfff"})
    assert jsonutil.dumps_strict({"b": 1, "a": "한"}) == '{"a":"한","b":1}'


async def test_enqueue_stores_strict_json_and_audits_the_cleaning(station: Station) -> None:
    payload = {"value": math.inf, "comment": "lone \udc80", "actor": "1001", "synthetic": True}

    def write(db):  # type: ignore[no-untyped-def]
        one = outbox.enqueue(db, station_id=station.station_id, type="alarm.raised", payload=payload,
                             occurred_at=station.clock.now(), subject="alarm/a")
        outbox.enqueue_many(db, [outbox.NewEvent(station_id=station.station_id, type="alarm.raised",
                                                 payload={"value": math.nan, "synthetic": True},
                                                 occurred_at=station.clock.now())])
        return one

    event = await station.store.write(write)
    assert event.payload["value"] is None and event.payload["comment"] == "lone \ufffd"
    rows = await station.store.read(lambda db: db.execute("SELECT payload FROM outbox ORDER BY seq").fetchall())
    for (text,) in rows:
        json.loads(text, parse_constant=lambda c: pytest.fail(f"{c} in a stored payload"))
    notes = [e for e in await station.store.read(lambda db: audit.entries(db, object_type="outbox_event"))
             if e.action == "outbox.payload_cleaned"]
    assert len(notes) == 2 and {e.actor for e in notes} == {"system:mes"}
    assert any("comment" in e.after["problems"] and "value" in e.after["problems"] for e in notes)
    assert (await station.store.read(audit.verify)).ok
