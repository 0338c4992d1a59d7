"""After ``hmi audit new-key``: which entries the verify could check how, and the MES anchor kept across it.

The lost key's entries cannot be checked with the new one. Those up to the head the MES acknowledged
under the lost key still end at that head: the replacement's entry (signed with the new key) keeps
it, so a rewrite of them shows even after later syncs move the station's anchor past the change.
"""

from __future__ import annotations

import json
from pathlib import Path

from hmi import audit, jsonutil
from hmi.audit import Checked, Segment
from hmi.store import Store
from tests.conftest import DEMO_CONFIG
from tests.unit.test_audit_tampering import _fill, _hmi, _plain_hash, _rows, _sql, _store, _verify


def _acknowledge(folder: Path, seq: int) -> None:
    """What the sync does when the MES confirms a head it was sent."""
    with _store(folder) as store:
        store.write_blocking(lambda db: audit.acknowledge_head(
            db, audit.Head(seq, str(db.execute("SELECT hash FROM audit WHERE seq = ?", [seq]).fetchone()[0]))))


def _lose_key_and_replace(folder: Path) -> None:
    (folder / audit.KEY_FILE).unlink(missing_ok=True)
    made = _hmi("audit", "new-key", "--key-is-lost", "--config", str(DEMO_CONFIG), "--data-dir", str(folder))
    assert made.returncode == 0, made.stderr


def _append(folder: Path, count: int) -> None:
    with _store(folder) as store:
        for i in range(count):
            store.write_blocking(lambda db, i=i: audit.append(
                db, ts=2e9 + i, station="S1", actor="7001", action="lot.start", object_type="lot", object_id=f"N{i}"))


def test_the_verify_shows_the_old_key_up_to_the_anchor_then_the_new_key(tmp_path: Path) -> None:
    _fill(tmp_path)                     # entries 1-8 under the first key
    _acknowledge(tmp_path, 5)           # the MES holds the head at entry 5
    _lose_key_and_replace(tmp_path)     # entry 9 records the new key
    _append(tmp_path, 2)
    result = _verify(tmp_path)
    assert result.ok, result.reason
    assert result.segments == (Segment(1, 5, Checked.ANCHORED), Segment(6, 8, Checked.LINKED),
                               Segment(9, 11, Checked.KEY))
    change = result.key_change
    assert change is not None and change.seq == 9 and change.unchecked == 8 and change.actor.startswith("cli:")
    assert change.anchor is not None and change.anchor.seq == 5 and change.anchor.hash == _rows(tmp_path)[4][9]
    assert "entries 1-8 were signed with the lost key and cannot be checked with the new one" in result.notice
    assert "entries 1-5 end at the head the MES acknowledged, entries 6-8 are checked only" in result.notice
    _acknowledge(tmp_path, 11)          # a later sync: the station's anchor moves past the change
    assert _verify(tmp_path).segments[0] == Segment(1, 5, Checked.ANCHORED)
    with_cli = _hmi("audit", "verify", "--config", str(DEMO_CONFIG), "--data-dir", str(tmp_path))
    assert with_cli.returncode == 0, with_cli.stdout
    assert "  entries 1-5: signed with the lost key, up to the head the MES acknowledged" in with_cli.stdout
    assert "  entries 6-8: signed with the lost key after the MES's last acknowledged head" in with_cli.stdout
    assert "  entries 9-11: signed with the current audit key" in with_cli.stdout


def test_a_rewrite_below_the_anchor_before_the_new_key_shows_after_the_anchor_moved_on(tmp_path: Path) -> None:
    """The attack the lost key allows: entries re-hashed (plain, linked) before anyone made the new key."""
    _fill(tmp_path)
    _acknowledge(tmp_path, 5)
    (tmp_path / audit.KEY_FILE).unlink()
    rows = _rows(tmp_path)
    prev, statements, params = str(rows[1][9]), [], []
    for row in rows[2:]:                # entry 3's actor changed, entries 3-8 re-hashed so they link up
        digest = _plain_hash(prev, row, actor="someone else" if row[0] == 3 else None)
        statements.append("UPDATE audit SET actor = ?, prev_hash = ?, hash = ? WHERE seq = ?")
        params.append(("someone else" if row[0] == 3 else row[3], prev, digest, row[0]))
        prev = digest
    statements.append("UPDATE settings SET value = ? WHERE key = 'audit.head'")
    params.append((jsonutil.dumps({"seq": len(rows), "hash": prev}),))
    _sql(tmp_path, *statements, params=params)
    _lose_key_and_replace(tmp_path)
    _append(tmp_path, 1)
    _acknowledge(tmp_path, 10)          # the station's own anchor no longer reaches below the change
    result = _verify(tmp_path)
    assert not result.ok and result.first_broken == 5
    assert "not the one the MES acknowledged before the audit key was replaced at entry 9" in result.reason


def test_without_an_anchor_the_old_entries_are_linked_only(tmp_path: Path) -> None:
    _fill(tmp_path)
    _lose_key_and_replace(tmp_path)
    result = _verify(tmp_path)
    assert result.ok and result.segments == (Segment(1, 8, Checked.LINKED), Segment(9, 9, Checked.KEY))
    assert result.key_change is not None and result.key_change.anchor is None
    assert "they are checked only for how they link up" in result.notice


def test_a_chain_never_re_keyed_is_one_segment_or_plain_then_keyed(tmp_path: Path) -> None:
    _fill(tmp_path / "keyed", count=4)
    keyed = _verify(tmp_path / "keyed")
    assert keyed.segments == (Segment(1, 4, Checked.KEY),) and keyed.key_change is None and not keyed.notice
    older = tmp_path / "older"
    older.mkdir()
    with Store(path=older / "station.db") as store:
        for i in range(3):
            store.write_blocking(lambda db, i=i: audit.append(db, ts=1.0 + i, station="S1", actor="x", action="a",
                                                              object_type="t", object_id=str(i)))
    (older / audit.KEY_FILE).write_text(json.dumps({"key": "ab" * 32}), encoding="utf-8")
    _append(older, 1)
    assert _verify(older).segments == (Segment(1, 3, Checked.PLAIN), Segment(4, 4, Checked.KEY))
