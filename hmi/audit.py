"""The audit trail: append-only and hash-chained, so an edited, deleted or reordered entry shows.

Each entry's hash covers its own fields and the previous entry's hash. The newest hash is also
kept in settings, so removing entries from the end is caught too. Triggers refuse UPDATE and
DELETE; the chain catches what someone does around them.

A chain that lives entirely in the file it protects can be re-hashed by anyone who can write that
file, so the station keys it: each hash is an HMAC-SHA256 with a key kept outside station.db
(``audit.key`` in the data folder, mode 0600, created at install or at first start). Entries written
before the station had a key (``keyed_from`` in the key file) keep their plain SHA-256. The key
rides on the connection (an SQLite function the store installs), so the services that append need
not know it. Each sync puts the signed head in the outbox as an ``audit.head`` event
(hmi/sync/anchor.py); when the MES acknowledges its delivery, ``acknowledge_head`` keeps it
(``audit.anchor``), so cutting the newest entries and replaying an older head is caught too.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import secrets
import sqlite3
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import sqlite_utils

from hmi import jsonutil

GENESIS = "0" * 64
HEAD_KEY = "audit.head"
ANCHOR_KEY = "audit.anchor"
KEY_FILE = "audit.key"


class AuditKeyError(Exception):
    """The audit key file is missing or unreadable; the message names the file and what to do."""


@dataclass(frozen=True, slots=True)
class AuditKey:
    """The chain's HMAC key and the first entry it signs (older entries predate the key)."""

    secret: bytes
    keyed_from: int = 1


def load_key(path: Path) -> AuditKey:
    """Read the key file (``{"key": hex, "keyed_from": n}``); AuditKeyError when it is missing or broken."""
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
        secret = bytes.fromhex(raw["key"])
        keyed_from = int(raw.get("keyed_from", 0))
    except FileNotFoundError:
        raise AuditKeyError(f"{path}: the audit key file is missing; without it the audit trail cannot be "
                            "checked or extended. Restore it from the backup (or run `hmi init` on a new "
                            "station).") from None
    except (OSError, ValueError, KeyError, TypeError, AttributeError) as exc:
        raise AuditKeyError(f"{path}: the audit key file cannot be read ({exc}); restore it from the backup") from None
    if len(secret) < 16:
        raise AuditKeyError(f"{path}: the audit key is too short ({len(secret)} bytes; at least 16)")
    return AuditKey(secret, keyed_from)


def write_key_file(path: Path, key: AuditKey) -> None:
    """Write the key file readable by the station user only (0600 whatever the umask), atomically."""
    temp = path.with_name(path.name + ".tmp")
    fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        os.fchmod(handle.fileno(), 0o600)
        json.dump({"key": key.secret.hex(), "keyed_from": key.keyed_from}, handle)
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(temp, path)


class AuditKeyMissing(AuditKeyError):
    """The key file is gone but the trail has entries: the station does not start a new key by itself."""


def ensure_key(path: Path, *, next_seq: Callable[[], int]) -> AuditKey:
    """The station's key: created on a new station's first start (0600), or completed when the installer made it.

    A key file from the installer has no ``keyed_from`` yet: it becomes the entry after the newest
    one in station.db, so entries an earlier release wrote keep verifying with plain SHA-256. A key
    missing beside a trail that has entries is refused (AuditKeyMissing): a new key starting past the
    newest entry would let a chain rewritten with plain SHA-256 verify as whole. Restoring the file,
    or ``hmi audit new-key`` (recorded in the trail, reported by every verify), is a person's decision.
    """
    if not path.exists():
        first = next_seq()
        if first > 1:
            raise AuditKeyMissing(
                f"{path}: the audit key file is missing, but station.db holds {first - 1} audit entries. "
                "The station does not start a new key by itself: a trail rewritten without the key would then "
                "look whole. Restore audit.key from the backup made with station.db; if it is lost for good, "
                "`hmi audit new-key` starts a new one (recorded in the trail; `hmi audit verify` then reports "
                "the older entries as no longer checked with a key).")
        key = AuditKey(secrets.token_bytes(32), first)
        write_key_file(path, key)
        return key
    key = load_key(path)
    if key.keyed_from < 1:
        key = AuditKey(key.secret, next_seq())
        write_key_file(path, key)
    return key


KEY_REPLACED = "audit.key_replaced"


def replace_lost_key(db: sqlite_utils.Database, path: Path, *, ts: float, station: str, actor: str) -> AuditKey:
    """Start a new key after the old one was lost for good, and say so as the first entry it signs.

    Call inside the writer's transaction. The entries before it were signed with the lost key: from
    now on verify checks only that they still link up, and says so every time.
    """
    if path.exists():
        raise AuditKeyError(f"{path}: the audit key file exists; it is replaced only when it is lost for good")
    lost = head(db).seq
    anchor = _anchor(db)
    key = AuditKey(secrets.token_bytes(32), lost + 1)
    install_key(db, key)
    # The head the MES acknowledged under the lost key goes into this entry, which the new key signs: the
    # entries up to it stay vouched for by the MES after later syncs move the anchor past the change.
    held = None if anchor is None or not 1 <= anchor.seq <= lost else {"seq": anchor.seq, "hash": anchor.hash}
    append(db, ts=ts, station=station, actor=actor, action=KEY_REPLACED, object_type="audit", object_id="key",
           after={"keyed_from": key.keyed_from, "unchecked_entries": lost, "reason": "the audit key file was lost",
                  "anchor": held})
    write_key_file(path, key)   # last: a failure before it rolls the entry back
    return key


def install_key(db: sqlite_utils.Database, key: AuditKey | None) -> None:
    """Let this connection sign and check the chain with ``key`` (the store calls this per connection)."""
    if key is None:
        return
    db.conn.create_function("hmi_audit_key", 0, lambda: key.secret, deterministic=True)
    db.conn.create_function("hmi_audit_keyed_from", 0, lambda: key.keyed_from, deterministic=True)


def connection_key(db: sqlite_utils.Database) -> AuditKey | None:
    """The station key this connection carries (None for a store opened without one)."""
    return _key_of(db)


def _key_of(db: sqlite_utils.Database) -> AuditKey | None:
    try:
        row = db.execute("SELECT hmi_audit_key(), hmi_audit_keyed_from()").fetchone()
    except sqlite3.OperationalError:
        return None
    return AuditKey(bytes(row[0]), int(row[1]))


def _head_mac(key: AuditKey, seq: int, digest: str) -> str:
    return hmac.new(key.secret, f"head\n{seq}\n{digest}".encode(), hashlib.sha256).hexdigest()


@dataclass(frozen=True, slots=True)
class Head:
    """The newest entry: what the MES is sent and acknowledges."""

    seq: int
    hash: str


def head(db: sqlite_utils.Database) -> Head:
    """The chain's newest entry (seq 0 and the genesis hash when empty), for the sync to send along."""
    row = db.execute("SELECT seq, hash FROM audit ORDER BY seq DESC LIMIT 1").fetchone()
    return Head(0, GENESIS) if row is None else Head(int(row[0]), str(row[1]))


def head_mac(db: sqlite_utils.Database, signed: Head) -> str | None:
    """The head's HMAC with this connection's key (None without one), as the head record carries it."""
    key = _key_of(db)
    return None if key is None else _head_mac(key, signed.seq, signed.hash)


def _anchor(db: sqlite_utils.Database) -> Head | None:
    """The newest head the MES acknowledged, as the station keeps it (None before the first)."""
    row = db.execute("SELECT value FROM settings WHERE key = ?", [ANCHOR_KEY]).fetchone()
    if row is None:
        return None
    record = jsonutil.loads(row[0])
    return Head(int(record["seq"]), str(record["hash"]))


def acknowledge_head(db: sqlite_utils.Database, acknowledged: Head) -> None:
    """The MES confirmed it holds this head: keep it, so a later rewind below it is reported."""
    current = db.execute("SELECT value FROM settings WHERE key = ?", [ANCHOR_KEY]).fetchone()
    if current is not None and int(jsonutil.loads(current[0]).get("seq", 0)) > acknowledged.seq:
        return  # an older acknowledgement arriving late
    db.execute("INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
               [ANCHOR_KEY, jsonutil.dumps({"seq": acknowledged.seq, "hash": acknowledged.hash})])


@dataclass(frozen=True, slots=True)
class NewEntry:
    """What a caller says happened; the chain adds the sequence number and the hashes."""

    ts: float
    station: str
    actor: str
    action: str
    object_type: str
    object_id: str
    before: Any = None
    after: Any = None


@dataclass(frozen=True, slots=True)
class AuditEntry(NewEntry):
    """An entry as stored, with its place in the chain."""

    seq: int = 0


@dataclass(frozen=True, slots=True)
class KeyChange:
    """Where ``hmi audit new-key`` started the current key, by whom and when.

    ``anchor`` is the head the MES had acknowledged under the lost key when the key was replaced
    (None when it had acknowledged none): entries up to it are still vouched for by the MES."""

    seq: int
    actor: str
    ts: float
    anchor: Head | None = None

    @property
    def unchecked(self) -> int:
        """The entries the lost key signed (1 .. seq - 1): the new key cannot check them."""
        return self.seq - 1


class Checked:
    """How a run of entries was checked (``Segment.checked``)."""

    KEY = "key"                  # signed with the station's current key: an edit, a cut or a re-hash shows
    ANCHORED = "anchored"        # signed with a lost key, ending at the head the MES acknowledged under it
    LINKED = "linked"            # signed with a lost key after that head: only how they link up is checked
    PLAIN = "plain"              # written before the station had a key: plain SHA-256


@dataclass(frozen=True, slots=True)
class Segment:
    """Entries ``first`` .. ``last`` (inclusive), all checked the same way (a ``Checked`` value)."""

    first: int
    last: int
    checked: str


@dataclass(frozen=True, slots=True)
class VerifyResult:
    ok: bool
    entries: int
    first_broken: int | None = None
    reason: str = ""
    notice: str = ""        # what a whole chain still cannot vouch for (entries from before the key)
    segments: tuple[Segment, ...] = ()   # of a whole chain: which entries were checked how, oldest first
    key_change: KeyChange | None = None  # the key was replaced (``hmi audit new-key``): where, by whom, when


def entry_hash(prev_hash: str, *, seq: int, ts: float, station: str, actor: str, action: str,
               object_type: str, object_id: str, before: str | None, after: str | None,
               key: AuditKey | None = None) -> str:
    """SHA-256 of the entry and its predecessor's hash; an HMAC with the station's key from ``keyed_from`` on."""
    body = jsonutil.dumps([seq, repr(float(ts)), station, actor, action, object_type, object_id, before, after])
    message = f"{prev_hash}\n{body}".encode()
    if key is not None and seq >= key.keyed_from:
        return hmac.new(key.secret, message, hashlib.sha256).hexdigest()
    return hashlib.sha256(message).hexdigest()


_INSERT = ("INSERT INTO audit (seq, ts, station, actor, action, object_type, object_id, before, after, prev_hash, hash)"
           " VALUES (?,?,?,?,?,?,?,?,?,?,?)")


def append(
    db: sqlite_utils.Database,
    *,
    ts: float,
    station: str,
    actor: str,
    action: str,
    object_type: str,
    object_id: str,
    before: Any = None,
    after: Any = None,
) -> int:
    """Add one entry. Call inside the writer's transaction, together with the change it describes."""
    return append_many(db, [NewEntry(ts=ts, station=station, actor=actor, action=action, object_type=object_type,
                                     object_id=object_id, before=before, after=after)])


def append_many(db: sqlite_utils.Database, entries: Sequence[NewEntry]) -> int:
    """Add entries in order with one insert and one head update (an alarm flood writes hundreds at once).

    Returns the sequence number of the last entry (0 when there were none).
    """
    if not entries:
        return 0
    last = db.execute("SELECT seq, hash FROM audit ORDER BY seq DESC LIMIT 1").fetchone()
    seq, prev = (last[0], last[1]) if last else (0, GENESIS)
    key = _key_of(db)
    rows: list[tuple[Any, ...]] = []
    for entry in entries:
        seq += 1
        object_id = str(entry.object_id)
        before_json = None if entry.before is None else jsonutil.dumps(entry.before)
        after_json = None if entry.after is None else jsonutil.dumps(entry.after)
        digest = entry_hash(prev, seq=seq, ts=entry.ts, station=entry.station, actor=entry.actor,
                            action=entry.action, object_type=entry.object_type, object_id=object_id,
                            before=before_json, after=after_json, key=key)
        rows.append((seq, entry.ts, entry.station, entry.actor, entry.action, entry.object_type, object_id,
                     before_json, after_json, prev, digest))
        prev = digest
    db.conn.executemany(_INSERT, rows)
    db.execute(
        "INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
        [HEAD_KEY, jsonutil.dumps(_head_record(key, seq, prev))],
    )
    return seq


def _head_record(key: AuditKey | None, seq: int, digest: str) -> dict[str, Any]:
    record: dict[str, Any] = {"seq": seq, "hash": digest}
    if key is not None:
        record["mac"] = _head_mac(key, seq, digest)
    return record


def verify(db: sqlite_utils.Database) -> VerifyResult:
    """Walk the chain; a rewind, a gap, an edit, a re-keyed chain or a missing table is tampering, never a crash."""
    try:
        return _verify(db, _key_of(db))
    except sqlite3.DatabaseError as exc:
        if "no such table" in str(exc) and "audit" in str(exc):
            return VerifyResult(False, 0, 1, "the audit table is missing: it was dropped (tampering)")
        return VerifyResult(False, 0, 1, f"the audit trail cannot be read ({exc})")
    except (ValueError, TypeError, KeyError, AttributeError) as exc:
        return VerifyResult(False, 0, 1, f"the audit trail holds values it never writes ({type(exc).__name__}: "
                                         f"{exc}): it was changed outside the station")


def key_change(db: sqlite_utils.Database) -> KeyChange | None:
    """Where, by whom and when the current key replaced a lost one (None when it never did)."""
    return _key_change(db, _key_of(db))


def _key_change(db: sqlite_utils.Database, key: AuditKey | None) -> KeyChange | None:
    """That entry is signed with the new key, so it cannot be put there (or its anchor changed) without it."""
    if key is None or key.keyed_from <= 1:
        return None
    row = db.execute("SELECT actor, ts, after FROM audit WHERE seq = ? AND action = ?",
                     [key.keyed_from, KEY_REPLACED]).fetchone()
    if row is None:
        return None
    after = jsonutil.loads(row[2]) if row[2] else None
    held = after.get("anchor") if isinstance(after, dict) else None
    anchor = Head(int(held["seq"]), str(held["hash"])) if isinstance(held, dict) else None
    return KeyChange(key.keyed_from, str(row[0]), float(row[1]), anchor)


def segments(count: int, key: AuditKey | None, change: KeyChange | None) -> tuple[Segment, ...]:
    """Entries 1 .. ``count`` of a whole chain, split by how each could be checked."""
    if key is None:
        cuts = [(count, Checked.PLAIN)]
    elif change is not None:
        anchored = min(change.anchor.seq, change.seq - 1) if change.anchor is not None else 0
        cuts = [(anchored, Checked.ANCHORED), (change.seq - 1, Checked.LINKED), (count, Checked.KEY)]
    else:
        cuts = [(key.keyed_from - 1, Checked.PLAIN), (count, Checked.KEY)]
    found: list[Segment] = []
    first = 1
    for last, checked in cuts:
        last = min(last, count)
        if last >= first:
            found.append(Segment(first, last, checked))
            first = last + 1
    return tuple(found)


def _notice(key: AuditKey | None, replaced: KeyChange | None) -> str:
    if replaced is not None:
        import datetime as dt

        when = dt.datetime.fromtimestamp(replaced.ts, dt.UTC).strftime("%Y-%m-%d %H:%M UTC")
        text = (f"the audit key was replaced at entry {replaced.seq} (by {replaced.actor}, {when}): entries "
                f"1-{replaced.seq - 1} were signed with the lost key and cannot be checked with the new one")
        anchored = 0 if replaced.anchor is None else min(replaced.anchor.seq, replaced.seq - 1)
        if anchored >= replaced.seq - 1:
            return text + f"; they end at the head the MES acknowledged (entry {anchored}), so they still link up to it"
        if anchored:
            return text + (f"; entries 1-{anchored} end at the head the MES acknowledged, entries "
                           f"{anchored + 1}-{replaced.seq - 1} are checked only for how they link up: a rewrite "
                           "of them would not show")
        return text + "; they are checked only for how they link up: a rewrite of them would not show"
    if key is not None and key.keyed_from > 1:
        return (f"entries 1-{key.keyed_from - 1} predate the station's audit key: they are checked with plain "
                "SHA-256 only")
    return ""


def _verify(db: sqlite_utils.Database, key: AuditKey | None) -> VerifyResult:
    replaced = _key_change(db, key)
    linked_only_below = replaced.seq if replaced else 0
    prev = GENESIS
    expected_seq = 1
    count = 0
    cursor = db.execute(
        "SELECT seq, ts, station, actor, action, object_type, object_id, before, after, prev_hash, hash"
        " FROM audit ORDER BY seq"
    )
    for seq, ts, station, actor, action, object_type, object_id, before, after, prev_hash, digest in cursor:
        if seq != expected_seq:
            return VerifyResult(False, count, expected_seq, f"entry {expected_seq} is missing (next is {seq})")
        if prev_hash != prev:
            return VerifyResult(False, count, seq, f"entry {seq} does not follow entry {seq - 1} (moved or replaced)")
        if seq < linked_only_below:   # signed with a lost key: only the links can be checked
            prev = digest
            expected_seq += 1
            count += 1
            continue
        actual = entry_hash(prev, seq=seq, ts=ts, station=station, actor=actor, action=action,
                            object_type=object_type, object_id=object_id, before=before, after=after, key=key)
        if actual != digest:
            if key is not None and seq >= key.keyed_from and digest == entry_hash(
                    prev, seq=seq, ts=ts, station=station, actor=actor, action=action, object_type=object_type,
                    object_id=object_id, before=before, after=after):
                return VerifyResult(False, count, seq, f"entry {seq} and those after it were re-hashed without the "
                                                       "station's audit key (re-keyed chain)")
            return VerifyResult(False, count, seq, f"entry {seq} was changed after it was written, or the chain "
                                                   "was re-hashed with another key")
        prev = digest
        expected_seq += 1
        count += 1
    head_row = db.execute("SELECT value FROM settings WHERE key = ?", [HEAD_KEY]).fetchone()
    head_record = jsonutil.loads(head_row[0]) if head_row else None
    if head_record is None and count:
        return VerifyResult(False, count, count, "the record of the newest entry is missing")
    if head_record is not None and (head_record["seq"] != count or head_record["hash"] != prev):
        return VerifyResult(False, count, count + 1,
                            f"entries after {count} were removed (newest was {head_record['seq']})")
    if head_record is not None and key is not None and count >= key.keyed_from \
            and not hmac.compare_digest(str(head_record.get("mac", "")), _head_mac(key, count, prev)):
        return VerifyResult(False, count, count, f"the record of the newest entry was rewritten without the "
                                                 f"station's audit key: entries after {count} may have been cut")
    anchor_row = db.execute("SELECT value FROM settings WHERE key = ?", [ANCHOR_KEY]).fetchone()
    if anchor_row is not None:
        anchor = jsonutil.loads(anchor_row[0])
        if int(anchor["seq"]) > count:
            return VerifyResult(False, count, count + 1, f"the trail was rewound: the MES acknowledged entry "
                                                         f"{anchor['seq']}, the trail now ends at {count}")
        if int(anchor["seq"]) >= 1:
            row = db.execute("SELECT hash FROM audit WHERE seq = ?", [int(anchor["seq"])]).fetchone()
            if row is None or row[0] != anchor["hash"]:
                return VerifyResult(False, count, int(anchor["seq"]), f"entry {anchor['seq']} is not the one the "
                                                                      "MES acknowledged (the chain was rewritten)")
    if count == 0:
        users = db.execute("SELECT count(*) FROM users").fetchone()[0] if db["users"].exists() else 0
        if users:
            return VerifyResult(False, 0, 1, f"the audit trail is empty, but the station has {users} users whose "
                                             "creation it recorded: its entries were deleted")
    if replaced is not None and replaced.anchor is not None and 1 <= replaced.anchor.seq < replaced.seq:
        row = db.execute("SELECT hash FROM audit WHERE seq = ?", [replaced.anchor.seq]).fetchone()
        if row is None or row[0] != replaced.anchor.hash:
            return VerifyResult(False, count, replaced.anchor.seq,
                                f"entry {replaced.anchor.seq} is not the one the MES acknowledged before the audit "
                                f"key was replaced at entry {replaced.seq} (entries 1-{replaced.anchor.seq} were "
                                "rewritten)")
    return VerifyResult(True, count, notice=_notice(key, replaced), segments=segments(count, key, replaced),
                        key_change=replaced)


def entries(db: sqlite_utils.Database, *, limit: int = 200, object_type: str | None = None,
            object_id: str | None = None) -> list[AuditEntry]:
    where, args = [], []
    if object_type:
        where.append("object_type = ?")
        args.append(object_type)
    if object_id:
        where.append("object_id = ?")
        args.append(object_id)
    sql = "SELECT seq, ts, station, actor, action, object_type, object_id, before, after FROM audit"
    if where:
        sql += " WHERE " + " AND ".join(where)
    sql += " ORDER BY seq DESC LIMIT ?"
    rows = db.execute(sql, [*args, limit]).fetchall()
    return [AuditEntry(seq=r[0], ts=r[1], station=r[2], actor=r[3], action=r[4], object_type=r[5], object_id=r[6],
                       before=jsonutil.loads(r[7]), after=jsonutil.loads(r[8]))
            for r in rows]
