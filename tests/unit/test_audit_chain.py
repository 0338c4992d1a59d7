"""The audit trail is append-only and hash-chained: editing, deleting or reordering shows."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from hmi import audit
from hmi.store import Store


def _fill(path: Path, count: int = 6) -> None:
    with Store(path=path) as store:
        for i in range(count):
            store.write_blocking(lambda db, i=i: audit.append(
                db, ts=1_800_000_000.0 + i, station="S1", actor="1001", action="lot.start", object_type="lot",
                object_id=f"L{i}", before=None, after={"qty": i, "note": "한글 ✓"}))


def _tamper(path: Path, *statements: str) -> None:
    """What someone with the file and sqlite3 could do: drop the guards, change rows."""
    conn = sqlite3.connect(path)
    conn.execute("DROP TRIGGER audit_no_update")
    conn.execute("DROP TRIGGER audit_no_delete")
    for sql in statements:
        conn.execute(sql)
    conn.commit()
    conn.close()


def _verify(path: Path) -> audit.VerifyResult:
    with Store(path=path) as store:
        return store.read_blocking(audit.verify)


def test_a_clean_chain_verifies(tmp_path: Path) -> None:
    _fill(tmp_path / "s.db")
    result = _verify(tmp_path / "s.db")
    assert result.ok and result.entries == 6


def test_entries_written_as_a_batch_chain_like_single_ones(tmp_path: Path) -> None:
    _fill(tmp_path / "s.db", count=2)
    batch = [audit.NewEntry(ts=1_800_000_100.0 + i, station="S1", actor="system", action="alarm.raised",
                            object_type="alarm", object_id=f"A{i}", after={"value": i * 1.5}) for i in range(5)]
    with Store(path=tmp_path / "s.db") as store:
        assert store.write_blocking(lambda db: audit.append_many(db, batch)) == 7
        assert store.write_blocking(lambda db: audit.append_many(db, [])) == 0
        store.write_blocking(lambda db: audit.append(db, ts=1_800_000_200.0, station="S1", actor="1001",
                                                     action="lot.finish", object_type="lot", object_id="L9"))
        rows = store.read_blocking(lambda db: db.execute("SELECT seq, object_id FROM audit ORDER BY seq").fetchall())
    assert [r[1] for r in rows] == ["L0", "L1", "A0", "A1", "A2", "A3", "A4", "L9"]
    result = _verify(tmp_path / "s.db")
    assert result.ok and result.entries == 8
    _tamper(tmp_path / "s.db", "UPDATE audit SET after = '{\"value\":9}' WHERE seq = 5")
    assert _verify(tmp_path / "s.db").first_broken == 5


def test_the_trail_refuses_updates_and_deletes(tmp_path: Path) -> None:
    _fill(tmp_path / "s.db")
    conn = sqlite3.connect(tmp_path / "s.db")
    with pytest.raises(sqlite3.IntegrityError, match="append-only"):
        conn.execute("UPDATE audit SET actor = 'x' WHERE seq = 2")
    with pytest.raises(sqlite3.IntegrityError, match="append-only"):
        conn.execute("DELETE FROM audit WHERE seq = 2")
    conn.close()


def test_an_edited_entry_is_found(tmp_path: Path) -> None:
    _fill(tmp_path / "s.db")
    _tamper(tmp_path / "s.db", "UPDATE audit SET after = '{\"qty\":99}' WHERE seq = 3")
    result = _verify(tmp_path / "s.db")
    assert not result.ok and result.first_broken == 3 and "changed" in result.reason


def test_a_deleted_entry_is_found(tmp_path: Path) -> None:
    _fill(tmp_path / "s.db")
    _tamper(tmp_path / "s.db", "DELETE FROM audit WHERE seq = 4")
    result = _verify(tmp_path / "s.db")
    assert not result.ok and result.first_broken == 4 and "missing" in result.reason


def test_deleting_the_newest_entries_is_found(tmp_path: Path) -> None:
    _fill(tmp_path / "s.db")
    _tamper(tmp_path / "s.db", "DELETE FROM audit WHERE seq >= 5")
    result = _verify(tmp_path / "s.db")
    assert not result.ok and result.first_broken == 5 and "removed" in result.reason


def test_reordered_entries_are_found(tmp_path: Path) -> None:
    _fill(tmp_path / "s.db")
    _tamper(tmp_path / "s.db",
            "UPDATE audit SET seq = -1 WHERE seq = 2",
            "UPDATE audit SET seq = 2 WHERE seq = 3",
            "UPDATE audit SET seq = 3 WHERE seq = -1")
    result = _verify(tmp_path / "s.db")
    assert not result.ok and result.first_broken == 2


def test_a_rehashed_edit_still_breaks_the_link_to_the_next_entry(tmp_path: Path) -> None:
    """Recomputing the edited entry's own hash is not enough: the next entry points at the old one."""
    path = tmp_path / "s.db"
    _fill(path)
    conn = sqlite3.connect(path)
    seq, ts, station, _actor, action, ot, oid, before, after, prev = conn.execute(
        "SELECT seq, ts, station, actor, action, object_type, object_id, before, after, prev_hash"
        " FROM audit WHERE seq = 3").fetchone()
    conn.close()
    forged = audit.entry_hash(prev, seq=seq, ts=ts, station=station, actor="someone else", action=action,
                              object_type=ot, object_id=oid, before=before, after=after)
    _tamper(path, f"UPDATE audit SET actor = 'someone else', hash = '{forged}' WHERE seq = 3")
    result = _verify(path)
    assert not result.ok and result.first_broken == 4
