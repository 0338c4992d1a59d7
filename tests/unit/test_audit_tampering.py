"""The keyed, anchored audit chain: what an attacker with write access to station.db does is found.

The four tamperings of issue 15 item 9, each on a chain signed with the station's key, plus the CLI:
``hmi audit verify`` names the first entry affected and never prints a traceback.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from hmi import audit, jsonutil
from hmi.auth import Role
from hmi.auth.users import add_user
from hmi.store import Store
from tests.conftest import DEMO_CONFIG


def _store(folder: Path) -> Store:
    return Store(path=folder / "station.db", audit_key_file=folder / audit.KEY_FILE, create_audit_key=True)


def _fill(folder: Path, count: int = 8) -> None:
    with _store(folder) as store:
        store.write_blocking(lambda db: add_user(db, username="7001", display_name="A", role=Role.OPERATOR,
                                                 pin="4826", badge=None, min_pin_length=4, ts=1.0, station="S1",
                                                 actor="test"))
        for i in range(count - 1):
            store.write_blocking(lambda db, i=i: audit.append(
                db, ts=1_800_000_000.0 + i, station="S1", actor="7001", action="lot.start", object_type="lot",
                object_id=f"L{i}", after={"qty": i}))


def _verify(folder: Path) -> audit.VerifyResult:
    with _store(folder) as store:
        return store.read_blocking(audit.verify)


def _sql(folder: Path, *statements: str, params: list[tuple[object, ...]] | None = None) -> None:
    """What someone with the file and sqlite3 (but not the key file) does: drop the guards, change rows."""
    conn = sqlite3.connect(folder / "station.db")
    conn.execute("DROP TRIGGER IF EXISTS audit_no_update")
    conn.execute("DROP TRIGGER IF EXISTS audit_no_delete")
    for i, sql in enumerate(statements):
        conn.execute(sql, params[i] if params else ())
    conn.commit()
    conn.close()


def _rows(folder: Path) -> list[tuple[object, ...]]:
    conn = sqlite3.connect(folder / "station.db")
    rows = conn.execute("SELECT seq, ts, station, actor, action, object_type, object_id, before, after, hash "
                        "FROM audit ORDER BY seq").fetchall()
    conn.close()
    return rows


def _plain_hash(prev: str, row: tuple[object, ...], actor: str | None = None) -> str:
    seq, ts, station, act, action, ot, oid, before, after, _ = row
    return audit.entry_hash(prev, seq=int(seq), ts=float(ts), station=str(station), actor=actor or str(act),  # type: ignore[arg-type]
                            action=str(action), object_type=str(ot), object_id=str(oid),
                            before=before, after=after)  # type: ignore[arg-type]


def test_a_keyed_chain_verifies_and_its_key_file_is_private(tmp_path: Path) -> None:
    _fill(tmp_path)
    result = _verify(tmp_path)
    assert result.ok and result.entries == 8
    assert stat.S_IMODE((tmp_path / audit.KEY_FILE).stat().st_mode) == 0o600
    key = json.loads((tmp_path / audit.KEY_FILE).read_text())
    assert key["keyed_from"] == 1 and len(bytes.fromhex(key["key"])) == 32
    # The hashes are HMACs: plain SHA-256 over the same entry does not give them.
    first = _rows(tmp_path)[0]
    assert first[9] != _plain_hash(audit.GENESIS, first)


def test_cutting_the_newest_entries_and_rewriting_the_head_is_found(tmp_path: Path) -> None:
    _fill(tmp_path)
    rows = _rows(tmp_path)
    kept = rows[-4]
    _sql(tmp_path, "DELETE FROM audit WHERE seq > 5", "UPDATE settings SET value = ? WHERE key = 'audit.head'",
         params=[(), (jsonutil.dumps({"seq": 5, "hash": kept[9]}),)])
    result = _verify(tmp_path)
    assert not result.ok and result.first_broken == 5 and "rewritten" in result.reason


def test_a_rewind_below_what_the_mes_acknowledged_is_found(tmp_path: Path) -> None:
    """Even replaying the very head record the station wrote back then: the MES's acknowledgement shows it."""
    _fill(tmp_path, count=5)
    conn = sqlite3.connect(tmp_path / "station.db")
    old_head = conn.execute("SELECT value FROM settings WHERE key = 'audit.head'").fetchone()[0]
    conn.close()
    with _store(tmp_path) as store:
        for i in range(3):
            store.write_blocking(lambda db, i=i: audit.append(db, ts=1_900_000_000.0 + i, station="S1", actor="7001",
                                                              action="lot.finish", object_type="lot",
                                                              object_id=f"L{i}"))
        sent = store.read_blocking(audit.head)
        assert sent.seq == 8
        store.write_blocking(lambda db: audit.acknowledge_head(db, sent))
    _sql(tmp_path, "DELETE FROM audit WHERE seq > 5", "UPDATE settings SET value = ? WHERE key = 'audit.head'",
         params=[(), (old_head,)])
    result = _verify(tmp_path)
    assert not result.ok and result.first_broken == 6 and "rewound" in result.reason and "acknowledged entry 8" in \
        result.reason


def test_an_edit_rehashed_from_there_on_is_found(tmp_path: Path) -> None:
    _fill(tmp_path)
    rows = _rows(tmp_path)
    prev = rows[2][9]
    statements, params = [], []
    for row in rows[3:]:  # entry 4 edited, it and every later entry re-hashed (without the key)
        digest = _plain_hash(str(prev), row, actor="someone else" if row[0] == 4 else None)
        statements.append("UPDATE audit SET actor = ?, prev_hash = ?, hash = ? WHERE seq = ?")
        params.append(("someone else" if row[0] == 4 else row[3], prev, digest, row[0]))
        prev = digest
    statements.append("UPDATE settings SET value = ? WHERE key = 'audit.head'")
    params.append((jsonutil.dumps({"seq": 8, "hash": prev}),))
    _sql(tmp_path, *statements, params=params)
    result = _verify(tmp_path)
    assert not result.ok and result.first_broken == 4 and "re-hashed" in result.reason


def test_a_chain_rehashed_with_another_key_is_found(tmp_path: Path) -> None:
    _fill(tmp_path)
    rows = _rows(tmp_path)
    other = audit.AuditKey(hashlib.sha256(b"attacker").digest())
    prev, statements, params = audit.GENESIS, [], []
    for row in rows:
        seq, ts, station, act, action, ot, oid, before, after, _ = row
        digest = audit.entry_hash(prev, seq=int(seq), ts=float(ts), station=str(station), actor=str(act),  # type: ignore[arg-type]
                                  action=str(action), object_type=str(ot), object_id=str(oid), before=before,  # type: ignore[arg-type]
                                  after=after, key=other)  # type: ignore[arg-type]
        statements.append("UPDATE audit SET prev_hash = ?, hash = ? WHERE seq = ?")
        params.append((prev, digest, seq))
        prev = digest
    _sql(tmp_path, *statements, params=params)
    result = _verify(tmp_path)
    assert not result.ok and result.first_broken == 1 and "another key" in result.reason


def test_deleting_every_entry_and_the_head_is_found(tmp_path: Path) -> None:
    _fill(tmp_path)
    _sql(tmp_path, "DELETE FROM audit", "DELETE FROM settings WHERE key = 'audit.head'")
    result = _verify(tmp_path)
    assert not result.ok and result.first_broken == 1 and "deleted" in result.reason


def test_a_dropped_audit_table_is_tampering_not_a_traceback(tmp_path: Path) -> None:
    _fill(tmp_path)
    _sql(tmp_path, "DROP TABLE audit")
    conn = sqlite3.connect(tmp_path / "station.db")
    conn.close()
    store = Store(path=tmp_path / "station.db", audit_key_file=tmp_path / audit.KEY_FILE)
    # Opening re-runs no migration (they are recorded), so the table stays missing.
    with store:
        result = store.read_blocking(audit.verify)
    assert not result.ok and result.first_broken == 1 and "missing" in result.reason


def _hmi(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "hmi.cli.main", *args], capture_output=True, text=True, timeout=120)


@pytest.mark.parametrize("tampering", ["drop", "cut", "delete_all"])
def test_the_cli_reports_each_tampering_in_words(tmp_path: Path, tampering: str) -> None:
    common = ["--config", str(DEMO_CONFIG), "--data-dir", str(tmp_path)]
    for user, pin in (("7001", "4826"), ("7002", "4827"), ("7003", "4828")):
        assert _hmi("users", "add", user, "--name", "A", "--role", "operator", "--pin", pin, *common).returncode == 0
    assert _hmi("audit", "verify", *common).returncode == 0
    if tampering == "drop":
        _sql(tmp_path, "DROP TABLE audit")
    elif tampering == "cut":
        rows = _rows(tmp_path)
        _sql(tmp_path, f"DELETE FROM audit WHERE seq > {len(rows) - 1}",
             "UPDATE settings SET value = ? WHERE key = 'audit.head'",
             params=[(), (jsonutil.dumps({"seq": len(rows) - 1, "hash": rows[-2][9]}),)])
    else:
        _sql(tmp_path, "DELETE FROM audit", "DELETE FROM settings WHERE key = 'audit.head'")
    result = _hmi("audit", "verify", *common)
    assert result.returncode == 1 and "BROKEN at entry" in result.stdout
    assert "Traceback" not in result.stderr + result.stdout


def test_entries_from_before_the_key_keep_verifying_and_the_installer_key_is_completed(tmp_path: Path) -> None:
    with Store(path=tmp_path / "station.db") as store:  # an earlier release: no key
        for i in range(3):
            store.write_blocking(lambda db, i=i: audit.append(db, ts=1.0 + i, station="S1", actor="x", action="a",
                                                              object_type="t", object_id=str(i)))
    # The package's postinst writes only the key; the first start records where signing begins.
    (tmp_path / audit.KEY_FILE).write_text(json.dumps({"key": "ab" * 32}), encoding="utf-8")
    with _store(tmp_path) as store:
        store.write_blocking(lambda db: audit.append(db, ts=9.0, station="S1", actor="x", action="a",
                                                     object_type="t", object_id="keyed"))
    assert json.loads((tmp_path / audit.KEY_FILE).read_text())["keyed_from"] == 4
    assert _verify(tmp_path).ok
    row = _rows(tmp_path)[3]
    assert row[9] != _plain_hash(str(_rows(tmp_path)[2][9]), row)


def _rehash_plain(folder: Path) -> None:
    """The attack on a lost key: every entry and the head re-hashed with plain SHA-256, as before keys."""
    rows = _rows(folder)
    prev, statements, params = audit.GENESIS, [], []
    for row in rows:
        digest = _plain_hash(prev, row)
        statements.append("UPDATE audit SET prev_hash = ?, hash = ? WHERE seq = ?")
        params.append((prev, digest, row[0]))
        prev = digest
    statements.append("UPDATE settings SET value = ? WHERE key = 'audit.head'")
    params.append((jsonutil.dumps({"seq": len(rows), "hash": prev}),))
    _sql(folder, *statements, params=params)


def test_a_missing_key_beside_a_trail_is_refused_at_start_not_recreated(tmp_path: Path) -> None:
    """Recreating it with keyed_from past the newest entry let a chain re-hashed with plain SHA-256 verify."""
    from hmi.store import StoreError

    _fill(tmp_path)
    (tmp_path / audit.KEY_FILE).unlink()
    _rehash_plain(tmp_path)
    before = (tmp_path / "station.db").read_bytes()
    with pytest.raises(StoreError, match=r"audit key file is missing.*8 audit entries.*hmi audit new-key"):
        _store(tmp_path).open()
    assert not (tmp_path / audit.KEY_FILE).exists()
    assert (tmp_path / "station.db").read_bytes() == before
    common = ["--config", str(DEMO_CONFIG), "--data-dir", str(tmp_path)]
    result = _hmi("audit", "verify", *common)   # the plain re-hash would pass a keyless check
    assert result.returncode == 1 and "NOT CHECKED" in result.stdout and "key file is missing" in result.stdout
    assert "Traceback" not in result.stderr + result.stdout
    assert not (tmp_path / audit.KEY_FILE).exists()


def test_a_new_key_for_a_lost_one_is_recorded_and_every_verify_says_so(tmp_path: Path) -> None:
    _fill(tmp_path)
    (tmp_path / audit.KEY_FILE).unlink()
    common = ["--config", str(DEMO_CONFIG), "--data-dir", str(tmp_path)]
    assert _hmi("audit", "new-key", *common).returncode != 0          # only when said to be lost for good
    made = _hmi("audit", "new-key", "--key-is-lost", *common)
    assert made.returncode == 0, made.stderr
    assert json.loads((tmp_path / audit.KEY_FILE).read_text())["keyed_from"] == 9
    assert _hmi("audit", "new-key", "--key-is-lost", *common).returncode == 1   # never over an existing key
    result = _hmi("audit", "verify", *common)
    assert result.returncode == 0, result.stdout
    assert "WARNING: the audit key was replaced at entry 9 (by cli:" in result.stdout
    assert "entries 1-8 were signed with the lost key" in result.stdout
    with _store(tmp_path) as store:    # the station starts again, signing with the new key
        store.write_blocking(lambda db: audit.append(db, ts=2e9, station="S1", actor="7001", action="lot.start",
                                                     object_type="lot", object_id="L9"))
        entry = store.read_blocking(lambda db: audit.entries(db, limit=2))[1]
        assert entry.action == audit.KEY_REPLACED and entry.after["unchecked_entries"] == 8
    assert _verify(tmp_path).ok
    # The old entries still must link up: one swapped hash breaks the chain.
    _sql(tmp_path, "UPDATE audit SET hash = ? WHERE seq = 3", params=[("f" * 64,)])
    broken = _verify(tmp_path)
    assert not broken.ok and broken.first_broken == 4
