"""The audit chain is anchored at the MES (issue 15 item 9): each sync sends the signed head, the
reference MES keeps the newest per station, and its acknowledgement becomes the station's anchor.

Without the anchor, cutting the newest entries and replaying the head record the station itself
wrote back then verifies as whole; with it, ``hmi audit verify`` reports the rewind.
"""

from __future__ import annotations

import asyncio
import sqlite3
import subprocess
import sys
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from hmi import audit, jsonutil
from hmi.auth import Role
from hmi.auth.users import add_user
from hmi.station import Station
from hmi.sync import anchor
from plugins.mes.reference_mes.server import ReferenceMes
from plugins.mes.rest import RestConnector, RestOptions
from tests.conftest import DEMO_CONFIG
from tests.mes_helpers import context, make_engine, wait_drained, wait_for

pytestmark = pytest.mark.integration


@pytest.fixture
async def mes(tmp_path: Path) -> AsyncIterator[ReferenceMes]:
    server = ReferenceMes(db_path=tmp_path / "mes.db", seed=3)
    await server.start()
    yield server
    await server.stop()
    server.close()


async def _add_users(station: Station, first: int, count: int) -> None:
    def write(db):  # type: ignore[no-untyped-def]
        for n in range(first, first + count):
            add_user(db, username=str(n), display_name=f"U{n}", role=Role.OPERATOR, pin=f"{n + 4000}", badge=None,
                     min_pin_length=4, ts=station.clock.now(), station=station.station_id, actor="test")

    await station.store.write(write)


def _setting(db_path: Path, key: str) -> str | None:
    conn = sqlite3.connect(db_path)
    try:
        row = conn.execute("SELECT value FROM settings WHERE key = ?", [key]).fetchone()
    finally:
        conn.close()
    return None if row is None else str(row[0])


async def test_a_sync_anchors_the_head_and_verify_finds_a_replayed_older_head(
        station: Station, mes: ReferenceMes, tmp_path: Path) -> None:
    connector = RestConnector(options=RestOptions(base_url=mes.base_url, timeout_s=2.0), context=context(station))
    engine = make_engine(station, connector)
    await _add_users(station, 7001, 3)
    await engine.start()
    try:
        first = await station.store.read(audit.head)
        assert first.seq == 3
        await wait_for(lambda: mes.received.audit_head(station.station_id) is not None, what="the head at the MES")
        await wait_drained(station)
        anchored = await station.store.read(lambda db: db.execute(
            "SELECT value FROM settings WHERE key = ?", [audit.ANCHOR_KEY]).fetchone())
        assert anchored is not None and jsonutil.loads(anchored[0]) == {"seq": 3, "hash": first.hash}
        seq, digest, mac = mes.received.audit_head(station.station_id) or (0, "", None)
        assert (seq, digest) == (3, first.hash)
        assert mac == await station.store.read(lambda db: audit.head_mac(db, first)) and mac
        replayable = _setting(station.data_dir / "station.db", audit.HEAD_KEY)   # the head record of entry 3

        await _add_users(station, 7004, 2)
        engine.notify()
        await wait_for(lambda: (mes.received.audit_head(station.station_id) or (0,))[0] == 5,
                       what="the newer head at the MES")
        await wait_drained(station)
    finally:
        await engine.stop()
    # Once each, in order behind the events they cover: no head is sent twice for an unchanged chain.
    heads = [r for r in mes.received.events(station.station_id) if r[3] == anchor.EVENT_TYPE]
    assert len(heads) == 2
    newest = await station.store.read(audit.head)
    assert newest.seq == 5
    assert jsonutil.loads(_setting(station.data_dir / "station.db", audit.ANCHOR_KEY) or "{}")["seq"] == 5
    assert await station.store.read(audit.verify) == audit.VerifyResult(
        True, 5, segments=(audit.Segment(1, 5, audit.Checked.KEY),))
    station.close()

    # Someone with the file cuts entries 4 and 5 and puts back the station's own head record of entry 3.
    conn = sqlite3.connect(station.data_dir / "station.db")
    conn.execute("DROP TRIGGER IF EXISTS audit_no_delete")
    conn.execute("DELETE FROM audit WHERE seq > 3")
    conn.execute("UPDATE settings SET value = ? WHERE key = ?", [replayable, audit.HEAD_KEY])
    conn.commit()
    conn.close()
    result = await asyncio.to_thread(
        subprocess.run, [sys.executable, "-m", "hmi.cli.main", "audit", "verify", "--config", str(DEMO_CONFIG),
                         "--data-dir", str(station.data_dir)], capture_output=True, text=True, timeout=120)
    assert result.returncode == 1, result.stdout + result.stderr
    assert "BROKEN at entry 4" in result.stdout and "acknowledged entry 5" in result.stdout
    assert "Traceback" not in result.stdout + result.stderr
    # The MES still holds the newest head: a rewind is visible there too.
    assert (mes.received.audit_head(station.station_id) or (0,))[0] == 5


async def test_a_head_the_mes_refuses_waits_alone_and_feeds_no_loop(station: Station, mes: ReferenceMes) -> None:
    """Its quarantine is audited, which makes a newer head: that one waits behind it, and no more follow."""
    mes.controls.reject_types[anchor.EVENT_TYPE] = "this MES does not know audit.head"
    connector = RestConnector(options=RestOptions(base_url=mes.base_url, timeout_s=2.0), context=context(station))
    engine = make_engine(station, connector)
    await _add_users(station, 7001, 2)
    await engine.start()
    try:
        await wait_for(lambda: engine.snapshot.value.quarantined == 1, what="the head quarantined")
        for _ in range(5):     # more drains: still one head waiting, none new
            await engine.drain_once()
    finally:
        await engine.stop()

    def heads(db):  # type: ignore[no-untyped-def]
        return db.execute("SELECT status, count(*) FROM outbox WHERE type = ? GROUP BY status ORDER BY status",
                          [anchor.EVENT_TYPE]).fetchall()

    assert [tuple(r) for r in await station.store.read(heads)] == [("pending", 1), ("quarantined", 1)]
    assert await station.store.read(lambda db: db.execute(
        "SELECT value FROM settings WHERE key = ?", [audit.ANCHOR_KEY]).fetchone()) is None
    assert mes.received.audit_head(station.station_id) is None
