"""The live SPC service on a real station: values on the tag bus, limit sets from the bundle,
violations recorded with their points, alarm, proposal, audit and ``spc.violation`` outbox event."""

from __future__ import annotations

import copy
from dataclasses import replace
from typing import Any

import pytest

from hmi import audit, outbox
from hmi.alarms.model import AlarmState
from hmi.auth import Role
from hmi.clock import ManualClock
from hmi.production import records as lots
from hmi.production.bundle_files import load_bundle_dir
from hmi.production.masterdata import MasterDataError, apply_masterdata
from hmi.production.report_texts import ReportTexts
from hmi.refusal import Refusal
from hmi.spc import records
from hmi.station import Station
from hmi.tags import Quality, Sample
from tests.conftest import station_config
from tests.production_support import DEMO_MASTERDATA, ORDER, load_demo, login, start_demo_lot

TAG = "Part.Thickness"
V1 = {"product": "PC-A15-BLK", "operation": "ANODIZE", "characteristic": "thickness", "version": "v1",
      "chart": "imr", "cl": 15.0, "ucl": 17.1, "lcl": 12.9, "lsl": 13.0, "usl": 17.0}
CAUSES = [{"code": "RECT-DRIFT", "name": "Rectifier current drifted", "name_ko": "정류기 전류 드리프트"}]
ACTIONS = [{"code": "RECAL", "name": "Recalibrated the rectifier", "name_ko": "정류기 재교정"}]


def characteristic(**over: Any) -> dict[str, Any]:
    return {"product": "PC-A15-BLK", "operation": "ANODIZE", "name": "Oxide thickness", "name_ko": "산화막 두께",
            "unit": "µm", "tag": TAG, "rules": "nelson", "actions": ["alarm", "propose"],
            "alarm_priority": "high", "defect_code": "FILM-THICK", "defect_code_low": "FILM-THIN",
            "cause_rules": ["nelson-2"], **over}


def config(**over: Any) -> Any:
    return station_config(connections={}, tags={},
                          production={"snapshot_tags": ["Bath1.Temp"]},
                          spc={"characteristics": {"thickness": characteristic(**over)}})


def bundle(*limit_sets: dict[str, Any], version: str = "spc-test.1") -> dict[str, Any]:
    data = copy.deepcopy(load_bundle_dir(DEMO_MASTERDATA))
    data.update(version=version, spc_limits=list(limit_sets), spc_causes=CAUSES, spc_actions=ACTIONS)
    return data


async def apply(station: Station, data: dict[str, Any]) -> None:
    now = station.clock.now()
    await station.store.write(lambda db: apply_masterdata(db, data, source="file:test", version=data["version"],
                                                          ts=now, station=station.station_id, actor="test"))


def measure(station: Station, clock: ManualClock, *values: float, quality: Quality = Quality.GOOD) -> None:
    for value in values:
        clock.advance(1)
        station.bus.publish(Sample(TAG, clock.now(), value, quality))


async def started(make_station: Any, clock: ManualClock, **over: Any) -> Station:
    station: Station = make_station(config(**over))
    await station.start()
    await load_demo(station)
    await apply(station, bundle(V1))
    clock.advance(1)
    await login(station, Role.OPERATOR)
    station.bus.publish(Sample("Bath1.Temp", clock.now(), 20.4, Quality.GOOD))
    await start_demo_lot(station)
    await station.spc.idle()
    return station


async def test_nelson_2_is_recorded_once_with_alarm_proposal_audit_and_event(make_station: Any,
                                                                              clock: ManualClock) -> None:
    station = await started(make_station, clock)
    try:
        measure(station, clock, *[15.3] * 8)
        measure(station, clock, 99.0, quality=Quality.BAD)     # carries no value: not a point
        await station.spc.idle()
        assert await station.store.read(lambda db: records.violations(db)) == []
        measure(station, clock, 15.4)                           # the 9th above the centre line
        measure(station, clock, 15.2)                           # the same excursion goes on: no second record
        await station.spc.idle()
        found = await station.store.read(lambda db: records.violations(db))
        assert [(v.rule, v.index, v.limit_version, v.trial) for v in found] == [("nelson-2", 8, "v1", False)]
        violation = found[0]
        assert [p["index"] for p in violation.points] == list(range(9))
        assert violation.points[-1]["value"] == 15.4
        assert violation.needs_cause and violation.cause_code is None

        proposals = station.production.defects.proposals.value
        assert len(proposals) == 1 and proposals[0].code == "FILM-THICK"
        assert proposals[0].measurement["value"] == 15.4
        assert proposals[0].measurement["limit_set_version"] == "v1"
        assert proposals[0].measurement["rule"] == "nelson-2"
        assert proposals[0].recipe["Bath1.Temp"]["value"] == 20.4
        assert violation.proposal_id == proposals[0].id

        events = await station.store.read(lambda db: outbox.pending(db, limit=1000))
        spc_events = [e for e in events if e.type == "spc.violation"]
        assert len(spc_events) == 1
        payload = spc_events[0].payload
        assert spc_events[0].subject == "lot/ANO1-261124-0001"
        assert payload["lot_id"] == "ANO1-261124-0001" and payload["rule"] == "nelson-2"
        assert payload["limit_set_version"] == "v1" and payload["actor"] == "system:spc"
        assert payload["index"] == 8 and len(payload["points"]) == 9 and payload["proposal_id"] == proposals[0].id
        trail = await station.store.read(lambda db: audit.entries(db, limit=50))
        assert any(e.action == "spc.violation" and e.actor == "system:spc" for e in trail)
        assert any(e.action == "defect.proposed" and e.actor == "system:spc" for e in trail)

        alarm = station.alarms.view("spc.thickness")
        assert alarm.state is AlarmState.UNACK_ACTIVE and alarm.priority.value == "high"
        measure(station, clock, 14.9)                           # below the centre line: the run ends
        await station.spc.idle()
        assert not station.alarms.view("spc.thickness").active
        measure(station, clock, 12.0)                           # beyond the LCL: proposed as too thin
        await station.spc.idle()
        assert [p.code for p in station.production.defects.proposals.value] == ["FILM-THICK", "FILM-THIN"]
        measure(station, clock, 15.0)
        await station.spc.idle()

        overview = {s.code: s for s in station.spc.characteristics()}["thickness"]
        assert overview.latest_rule == "nelson-1" and overview.limit_version == "v1" and overview.awaiting_cause == 1
        view = station.spc.chart("thickness")
        assert [p.index for p in view.points if p.rules] == [8, 9, 11]
    finally:
        await station.stop()


async def test_the_operator_records_the_assignable_cause_audited_as_themself(make_station: Any,
                                                                            clock: ManualClock) -> None:
    station = await started(make_station, clock)
    try:
        measure(station, clock, *[15.3] * 9)
        await station.spc.idle()
        [violation] = await station.spc.violations(awaiting_cause=True)
        with pytest.raises(Refusal, match="unknown assignable cause"):
            await station.spc.record_cause(violation.id, cause_code="NOPE", action_code="RECAL")
        await station.spc.record_cause(violation.id, cause_code="RECT-DRIFT", action_code="RECAL", note="re-zeroed")
        assert await station.spc.violations(awaiting_cause=True) == []
        [done] = await station.spc.violations()
        assert done.cause_code == "RECT-DRIFT" and done.action_code == "RECAL" and done.cause_by == "1001"
        trail = await station.store.read(lambda db: audit.entries(db, limit=20))
        assert any(e.action == "spc.cause" and e.actor == "1001" for e in trail)
        assert station.spc.characteristics()[0].awaiting_cause == 0
    finally:
        await station.stop()


async def test_a_new_version_applies_to_the_next_lot_and_the_running_lot_keeps_its_own(
        make_station: Any, clock: ManualClock) -> None:
    station = await started(make_station, clock)
    try:
        clock.advance(5)
        await apply(station, bundle(V1, {**V1, "version": "v2", "cl": 16.0, "ucl": 18.1, "lcl": 13.9},
                                    version="spc-test.2"))
        measure(station, clock, 15.5)
        await station.spc.idle()
        assert station.spc.chart("thickness").limits.version == "v1"     # type: ignore[union-attr]
        await login(station, Role.SUPERVISOR)
        await station.production.lots.abort(reason="limit-set test")
        clock.advance(5)
        await station.production.lots.start(work_order=ORDER, lot_no="ANO1-261124-0002")
        await station.spc.idle()
        limits = station.spc.chart("thickness").limits
        assert limits is not None and limits.version == "v2" and limits.cl == 16.0
        lot1 = await station.store.read(lambda db: lots.lot_by_number(db, "ANO1-261124-0001"))
        assert lot1 is not None
        first = await station.store.read(lambda db: records.limit_set_for_lot(   # after a restart, too
            db, product="PC-A15-BLK", operation="ANODIZE", characteristic="thickness", lot_no=lot1.lot_no,
            started_at=lot1.started_at))
        assert first is not None and first.version == "v1"
    finally:
        await station.stop()


async def test_a_known_version_with_other_numbers_refuses_the_bundle(make_station: Any, clock: ManualClock) -> None:
    station = await started(make_station, clock)
    try:
        with pytest.raises(MasterDataError, match="received before with other limits"):
            await apply(station, bundle({**V1, "ucl": 18.0}, version="spc-test.3"))
        sets = await station.store.read(lambda db: records.limit_versions(db, "thickness"))
        assert [(s.version, s.ucl) for s in sets] == [("v1", 17.1)]
        with pytest.raises(MasterDataError, match="need lcl < cl < ucl"):
            await apply(station, bundle({**V1, "version": "v9", "lcl": 16.0}, version="spc-test.4"))
    finally:
        await station.stop()


async def test_trial_limits_are_flagged_and_never_replace_a_centre_set(make_station: Any, clock: ManualClock) -> None:
    station: Station = make_station(config(product="PC-A15-BLK", trial=True, trial_subgroups=20, actions=["alarm"],
                                           defect_code="", cause_rules=[]))
    await station.start()
    try:
        await load_demo(station)
        await login(station, Role.OPERATOR)
        await start_demo_lot(station)
        await station.spc.idle()
        assert station.spc.characteristics()[0].state == "baseline"
        measure(station, clock, *[15.0 + 0.1 * ((i * 7) % 5) for i in range(21)])
        await station.spc.idle()
        view = station.spc.chart("thickness")
        assert view.limits is not None and view.limits.trial and view.limits.version == "trial-ANO1-261124-0001"
        assert view.status.trial and view.status.state in ("in_control", "violation")
        assert len(view.points) == 21    # the 20 of the baseline (judged against their own limits), then one more
        sets = await station.store.read(lambda db: records.limit_versions(db, "thickness"))
        assert [(s.version, s.trial) for s in sets] == [("trial-ANO1-261124-0001", True)]
        trail = await station.store.read(lambda db: audit.entries(db, limit=50))
        assert any(e.action == "spc.trial_limits" and e.actor == "system:spc" for e in trail)
        # A centre set that arrives now is used from the next lot on; the trial set never replaces it.
        await apply(station, bundle(V1))
        nxt = await station.store.read(lambda db: records.limit_set_for_lot(
            db, product="PC-A15-BLK", operation="ANODIZE", characteristic="thickness", lot_no="X",
            started_at=clock.now() + 1))
        assert nxt is not None and nxt.version == "v1" and not nxt.trial
    finally:
        await station.stop()


async def test_defect_counts_make_a_c_chart_even_when_counts_arrive_while_it_is_prepared(
        make_station: Any, clock: ManualClock) -> None:
    defects = {"product": "PC-A15-BLK", "operation": "ANODIZE", "name": "Film defects", "source": "defects",
               "chart": "c", "sample_parts": 10, "rules": "we", "rule_numbers": [1], "actions": ["alarm"]}
    station: Station = make_station(station_config(
        connections={}, tags={}, spc={"characteristics": {"thickness": characteristic(), "film": defects}}))
    await station.start()
    try:
        await load_demo(station)
        await apply(station, bundle(V1, {"product": "PC-A15-BLK", "operation": "ANODIZE", "characteristic": "film",
                                         "version": "c1", "chart": "c", "cl": 1.5}))
        clock.advance(1)
        await login(station, Role.OPERATOR)
        real_read = station.store.read
        recounted = False

        async def read_while_the_count_arrives(fn: Any) -> Any:
            # A peer as slow as a busy station: the lot's counts change while the chart reads its limits.
            nonlocal recounted
            result = await real_read(fn)
            lot = station.production.lots.active.value
            if lot is not None and not recounted:
                recounted = True
                station.production.lots._active.set(replace(lot, good=lot.good + 1))   # a newer copy, same lot
            return result

        station.store.read = read_while_the_count_arrives  # type: ignore[method-assign]
        await start_demo_lot(station)
        await station.spc.idle()
        station.store.read = real_read  # type: ignore[method-assign]
        assert recounted
        assert {s.code: s.limit_version for s in station.spc.characteristics()} == {"thickness": "v1", "film": "c1"}
        await station.production.defects.record(code="FILM-BURN", qty=6)
        await station.production.lots.add_count(good=10)
        await station.spc.idle()
        view = station.spc.chart("film")
        assert [(p.value, p.sample_size, p.rules) for p in view.points] == [(6.0, 10.0, ("we-1",))]
        assert station.alarms.view("spc.film").active
        found = await station.store.read(lambda db: records.violations(db, characteristic="film"))
        assert [(v.rule, v.limit_version) for v in found] == [("we-1", "c1")]
    finally:
        await station.stop()


async def test_the_lot_report_has_the_spc_summary_with_cpk_and_causes(make_station: Any, clock: ManualClock) -> None:
    import pypdfium2 as pdfium

    station = await started(make_station, clock)
    try:
        measure(station, clock, *[15.3, 15.1, 15.5, 15.2, 15.4, 15.35, 15.25, 15.45, 15.6])
        await station.spc.idle()
        [violation] = await station.spc.violations()
        await station.spc.record_cause(violation.id, cause_code="RECT-DRIFT", action_code="RECAL")
        measure(station, clock, 14.6, 15.0)
        page = await station.production.lot_page("ANO1-261124-0001")
        assert page is not None
        [summary] = page.spc
        assert summary["characteristic"] == "thickness" and summary["points"] == 11
        assert summary["limit_versions"] == ["v1"] and not summary["trial"]
        assert summary["capability"]["cpk"] is not None and summary["capability"]["count"] == 11
        assert [(v["rule"], v["cause"]) for v in summary["violations"]] == [
            ("nelson-2", "Rectifier current drifted / 정류기 전류 드리프트")]
        pdf = await station.production.lot_report_pdf("ANO1-261124-0001", station_name="Anodizing line 1")
        document = pdfium.PdfDocument(pdf)
        try:
            text = "".join(document[i].get_textpage().get_text_range() for i in range(len(document)))
        finally:
            document.close()
        text = " ".join(text.split())     # table cells wrap their lines
        cpk = f"{summary['capability']['cpk']:.2f}"
        for expected in ("SPC", "Oxide thickness", "v1", "nelson-2", cpk, "정류기 전류 드리프트",
                         "Recalibrated the rectifier"):
            assert expected in text, expected
        # In Korean: the characteristic's Korean name and the rule as the screens name it (handed in as data).
        korean = ReportTexts(language="ko", words={"Violations": "규칙 위반"},
                             rules={"nelson-2": "Nelson 2: 한쪽에 연속 9점"})
        pdf = await station.production.lot_report_pdf("ANO1-261124-0001", station_name="Anodizing line 1",
                                                      texts=korean)
        document = pdfium.PdfDocument(pdf)
        try:
            text = " ".join("".join(document[i].get_textpage().get_text_range() for i in range(len(document))).split())
        finally:
            document.close()
        assert "산화막 두께" in text and "Nelson 2: 한쪽에 연속 9점" in text and "규칙 위반" in text, text
        assert "Oxide thickness" not in text and "9 points in a row" not in text
    finally:
        await station.stop()


async def test_part_trigger_window_and_instruction_sources(make_station: Any, clock: ManualClock) -> None:
    from tests.production_support import sign_all_steps

    base = characteristic(actions=["alarm"], defect_code="", cause_rules=[])
    station: Station = make_station(station_config(connections={}, tags={}, spc={"characteristics": {
        "per_part": {**base, "trigger": "part", "trigger_tag": "Part.Counter"},
        "per_window": {**base, "trigger": "window", "window_s": 10.0},
        "signed": {**base, "source": "instruction", "instruction_step": 4, "tag": ""},
    }}))
    await station.start()
    try:
        await load_demo(station)
        await apply(station, bundle(*[{**V1, "characteristic": c} for c in ("per_part", "per_window", "signed")]))
        clock.advance(1)
        await login(station, Role.OPERATOR)
        await start_demo_lot(station)
        await station.spc.idle()

        def counter(n: int) -> None:
            clock.advance(0.1)
            station.bus.publish(Sample("Part.Counter", clock.now(), n, Quality.GOOD))

        counter(100)                       # where the counter stands: no part yet
        measure(station, clock, 15.1)      # the part's value first, then its trigger
        counter(101)
        counter(102)                       # the trigger first, then the part's value
        measure(station, clock, 15.2)
        counter(102)                       # the same count again is no new part
        await station.spc.idle()
        assert [p.value for p in station.spc.chart("per_part").points] == [15.1, 15.2]

        # The window takes the last good value of each window_s (the clock is the station's).
        measure(station, clock, 14.0, 14.5)
        clock.advance(10)
        await _until(lambda: len(station.spc.chart("per_window").points) == 1)
        assert station.spc.chart("per_window").points[0].value == 14.5

        await sign_all_steps(station)      # step 5 (index 4) is the measured 15.2 µm
        await station.spc.idle()
        assert [p.value for p in station.spc.chart("signed").points] == [15.2]

        cap = await station.spc.capability_between("per_part", lot_no="ANO1-261124-0001")
        assert cap is not None and cap.count == 2 and "too_few" in cap.kinds
        assert await station.spc.capability_between("per_part", since=clock.now() + 60) == capability_of_nothing()
    finally:
        await station.stop()


def capability_of_nothing() -> Any:
    from hmi.spc.capability import capability

    return capability([], n=1, lsl=None, usl=None)


async def _until(predicate: Any, within: float = 10.0) -> None:
    import asyncio

    loop = asyncio.get_running_loop()
    deadline = loop.time() + within
    while not predicate():
        assert loop.time() < deadline, "condition not met in time"
        await asyncio.sleep(0.02)


@pytest.mark.parametrize("answer", ["confirm", "dismiss"])
async def test_a_rule_breaking_again_after_its_proposal_was_answered_proposes_again(
        make_station: Any, clock: ManualClock, answer: str) -> None:
    station = await started(make_station, clock)
    defects = station.production.defects
    try:
        measure(station, clock, *[15.3] * 9)                    # nelson-2 at point 8
        await station.spc.idle()
        [first] = defects.proposals.value
        if answer == "confirm":
            await defects.confirm_proposal(first.id)
        else:
            await defects.dismiss_proposal(first.id)
        assert defects.proposals.value == ()
        measure(station, clock, 15.2)                           # the same excursion goes on: no new proposal
        await station.spc.idle()
        assert defects.proposals.value == ()

        measure(station, clock, 14.0)                           # the run ends (below 1 sigma: no nelson-7) ...
        measure(station, clock, *[15.3] * 9)                    # ... and the rule breaks again, at point 19
        await station.spc.idle()
        [second] = defects.proposals.value
        assert second.id != first.id and second.code == "FILM-THICK"
        assert second.measurement["rule"] == "nelson-2"
        assert second.measurement["ts"] != first.measurement["ts"]   # a new point, not the answered one
        measure(station, clock, 15.3)
        await station.spc.idle()
        assert [p.id for p in defects.proposals.value] == [second.id]   # proposed once for that break
        violations = await station.store.read(lambda db: records.violations(db))
        assert sorted(v.index for v in violations if v.rule == "nelson-2") == [8, 19]
        assert {v.proposal_id for v in violations if v.rule == "nelson-2"} == {first.id, second.id}
    finally:
        await station.stop()
