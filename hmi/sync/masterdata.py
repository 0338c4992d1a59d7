"""Master data from the MES: keep every good bundle, apply it atomically, tell who cares what is new.

The bundle format is production's (hmi/production/MASTERDATA.md) and so is its one validator
(``hmi.production.masterdata.validate_bundle``). The station registers production's apply as a hook;
hooks run inside the same transaction that stores the bundle, so a bundle that cannot be applied
leaves the station on its last good copy.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import sqlite_utils

from hmi import jsonutil
from hmi.production.masterdata import MasterDataError, last_good_bundle, validate_bundle
from hmi.sync.connector import MasterdataBundle

# apply(db, data, source=..., version=...) -> None; raises to refuse the bundle.
ApplyHook = Callable[..., object]


class BadMasterdata(ValueError):
    pass


@dataclass(frozen=True, slots=True)
class CachedBundle:
    version: str
    etag: str | None
    source: str
    received_at: float
    data: dict[str, Any]


def check_bundle(data: Any) -> None:
    """Production's validation, so a bundle the station cannot use is refused before anything is stored."""
    if not isinstance(data, dict):
        raise BadMasterdata("the master data bundle is not a JSON object")
    try:
        validate_bundle(data)
    except MasterDataError as exc:
        raise BadMasterdata(str(exc)) from None


def last_good(db: sqlite_utils.Database) -> CachedBundle | None:
    row = db.execute("SELECT version, etag, source, received_at, bundle FROM masterdata_cache"
                     " WHERE status = 'applied' ORDER BY id DESC LIMIT 1").fetchone()
    if row is None:
        return None
    return CachedBundle(row[0], row[1], row[2], row[3], jsonutil.loads(row[4]))


def work_order_ids(data: dict[str, Any] | None) -> set[str]:
    return {str(o["order_no"]) for o in (data or {}).get("work_orders", []) if isinstance(o, dict) and "order_no" in o}


def store_and_apply(
    db: sqlite_utils.Database, bundle: MasterdataBundle, *, now: float, hooks: list[ApplyHook]
) -> list[str]:
    """Keep and apply one bundle (inside Store.write). Returns the ids of work orders not seen before."""
    check_bundle(bundle.data)
    previous = last_good(db)
    # What the station worked from, however it arrived (an earlier pull or a file import).
    known = work_order_ids(previous.data if previous else None) | work_order_ids(last_good_bundle(db))
    for hook in hooks:
        hook(db, bundle.data, source=bundle.source, version=bundle.version)
    db.execute(
        "INSERT INTO masterdata_cache (version, etag, source, received_at, bundle, status)"
        " VALUES (?, ?, ?, ?, ?, 'applied')",
        [bundle.version, bundle.etag, bundle.source, now, jsonutil.dumps(bundle.data)],
    )
    # Keep a few good copies, not every pull forever.
    db.execute("DELETE FROM masterdata_cache WHERE id NOT IN"
               " (SELECT id FROM masterdata_cache ORDER BY id DESC LIMIT 5)")
    new = work_order_ids(bundle.data) - known
    return sorted(new)


def record_failure(db: sqlite_utils.Database, bundle: MasterdataBundle, *, now: float, error: str) -> None:
    db.execute(
        "INSERT INTO masterdata_cache (version, etag, source, received_at, bundle, status, error)"
        " VALUES (?, ?, ?, ?, ?, 'failed', ?)",
        [bundle.version, bundle.etag, bundle.source, now, jsonutil.dumps(bundle.data), error],
    )
