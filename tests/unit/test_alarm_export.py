"""The journal as CSV (screen and `hmi alarms export`) and the performance figures."""

from __future__ import annotations

import csv
from collections.abc import Callable
from pathlib import Path

from hmi.alarms.export import write_journal_csv
from hmi.alarms.journal import JournalEntry
from hmi.alarms.performance import performance
from hmi.cli.main import main
from hmi.clock import ManualClock
from hmi.station import Station
from tests.conftest import DEMO_CONFIG
from tests.unit.test_alarm_service import alarm_config, publish


async def test_cli_lists_alarms_and_exports_the_journal(make_station: Callable[..., Station], tmp_path: Path,
                                                        capsys: object) -> None:
    station = make_station(alarm_config(), data_dir=tmp_path / "d")
    await station.start()
    publish(station, "Bath1.Temp", 24.0)
    publish(station, "Bath1.Temp", 20.0)
    publish(station, "Rectifier1.Voltage", 23.0)
    await station.alarms.flush()
    await station.stop()
    station.close()
    config = DEMO_CONFIG
    out = tmp_path / "journal.csv"
    # The journal's times come from the ManualClock; look far enough back to include them.
    assert main(["alarms", "export", "--config", str(config), "--data-dir", str(tmp_path / "d"), "--out", str(out),
                 "--hours", "100000"]) == 0
    with out.open(encoding="utf-8-sig") as handle:
        rows = list(csv.DictReader(handle))
    assert [(r["alarm_id"], r["transition"]) for r in rows] == [
        ("temp_hi", "raised"), ("temp_hi", "returned"), ("volt_hi", "raised")]
    assert rows[0]["value"] == "24.0" and rows[0]["user"] == "system" and rows[0]["user_name"] == ""
    assert main(["alarms", "list", "--config", str(config), "--data-dir", str(tmp_path / "d")]) == 0


def test_the_csv_names_the_person_who_acted_next_to_their_user_id(tmp_path: Path) -> None:
    def entry(seq: int, user: str, transition: str) -> JournalEntry:
        return JournalEntry(seq=seq, ts=1_800_000_000.0 + seq, alarm_id="temp_hi", tag="Bath1.Temp", priority="high",
                            transition=transition, state_before="", state_after="", value=None, user=user,
                            comment="")

    out = tmp_path / "journal.csv"
    entries = [entry(2, "3001", "shelved"), entry(1, "system", "raised"), entry(3, "4040", "unshelved")]
    assert write_journal_csv(entries, out, names={"3001": "Park Ji-ho"}) == 3
    with out.open(encoding="utf-8-sig") as handle:
        rows = list(csv.DictReader(handle))
    # Oldest first; a machine identity and a user the station no longer knows have no name.
    assert [(r["transition"], r["user"], r["user_name"]) for r in rows] == [
        ("raised", "system", ""), ("shelved", "3001", "Park Ji-ho"), ("unshelved", "4040", "")]


async def test_performance_counts_floods_bad_actors_and_chattering(make_station: Callable[..., Station],
                                                                   clock: ManualClock) -> None:
    alarms = {f"a{i}": {"tag": f"T{i}", "kind": "hi", "limit": 1.0, "message_en": f"T{i}"} for i in range(12)}
    from tests.conftest import station_config

    station = make_station(station_config(alarms=alarms, connections={}, tags={}))
    await station.start()
    for i in range(12):                   # 12 alarms within a minute: a flood
        publish(station, f"T{i}", 5.0)
        clock.advance(5)
    for _ in range(3):                    # a0 chatters: 3 raises within a minute
        publish(station, "T0", 0.0)
        clock.advance(5)
        publish(station, "T0", 5.0)
        clock.advance(5)
    await station.alarms.flush()
    result = await station.store.read(lambda db: performance(db, now=clock.now(), window_s=3600))
    assert result.total == 15 and result.peak_per_10_min == 15
    assert len(result.floods) == 1 and result.floods[0][2] == 15
    assert result.bad_actors[0].alarm_id == "a0" and result.bad_actors[0].count == 4
    assert result.chattering == [("a0", 3)]
    await station.stop()
