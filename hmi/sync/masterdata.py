"""Master data from the MES: keep every good bundle, apply it atomically, tell who cares what is new.

The production area owns what the bundle's contents mean (work orders, products, …); it registers an
apply hook. The hook runs inside the same transaction that stores the bundle, so a bundle that
cannot be applied leaves the station on its last good copy.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import sqlite_utils

from hmi import jsonutil
from hmi.sync.connector import MasterdataBundle

# apply(db, data, source=..., version=...) -> None; raises to refuse the bundle.
ApplyHook = Callable[..., None]


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
    """The minimum every bundle must meet before anything is applied."""
    if not isinstance(data, dict):
        raise BadMasterdata("the master data bundle is not a JSON object")
    for key in ("work_orders", "products", "operations", "instructions", "defect_codes", "limits", "users",
                "assets"):
        if key in data and not isinstance(data[key], list):
            raise BadMasterdata(f"master data '{key}' must be a list")
    for order in data.get("work_orders", []):
        if not isinstance(order, dict) or not order.get("id"):
            raise BadMasterdata("every work order needs an 'id'")
    names = {_check_asset(asset) for asset in data.get("assets", [])}
    for instruction in data.get("instructions", []):
        for step in instruction.get("steps", []) if isinstance(instruction, dict) else []:
            image = step.get("image") if isinstance(step, dict) else None
            if image and image not in names:
                raise BadMasterdata(f"instruction {instruction.get('id')!r} shows image {image!r}, which the bundle lacks")


def _check_asset(asset: Any) -> str:
    """Images travel inside the bundle, so a bundle is complete or refused: no half-loaded instructions."""
    if not isinstance(asset, dict) or not asset.get("name") or not isinstance(asset.get("data_base64"), str):
        raise BadMasterdata("every asset needs a 'name' and 'data_base64'")
    try:
        content = base64.b64decode(asset["data_base64"], validate=True)
    except (binascii.Error, ValueError):
        raise BadMasterdata(f"asset {asset['name']!r} is not valid base64") from None
    if asset.get("sha256") and hashlib.sha256(content).hexdigest() != asset["sha256"]:
        raise BadMasterdata(f"asset {asset['name']!r} is damaged (sha256 does not match)")
    return str(asset["name"])


def asset_bytes(data: dict[str, Any], name: str) -> bytes | None:
    """An image of the bundle, for the instruction viewer."""
    for asset in data.get("assets", []):
        if isinstance(asset, dict) and asset.get("name") == name:
            return base64.b64decode(asset["data_base64"])
    return None


def last_good(db: sqlite_utils.Database) -> CachedBundle | None:
    row = db.execute("SELECT version, etag, source, received_at, bundle FROM masterdata_cache"
                     " WHERE status = 'applied' ORDER BY id DESC LIMIT 1").fetchone()
    if row is None:
        return None
    return CachedBundle(row[0], row[1], row[2], row[3], jsonutil.loads(row[4]))


def work_order_ids(data: dict[str, Any] | None) -> set[str]:
    return {str(o["id"]) for o in (data or {}).get("work_orders", []) if isinstance(o, dict) and "id" in o}


def store_and_apply(
    db: sqlite_utils.Database, bundle: MasterdataBundle, *, now: float, hooks: list[ApplyHook]
) -> list[str]:
    """Keep and apply one bundle (inside Store.write). Returns the ids of work orders not seen before."""
    check_bundle(bundle.data)
    previous = last_good(db)
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
    new = work_order_ids(bundle.data) - work_order_ids(previous.data if previous else None)
    return sorted(new)


def record_failure(db: sqlite_utils.Database, bundle: MasterdataBundle, *, now: float, error: str) -> None:
    db.execute(
        "INSERT INTO masterdata_cache (version, etag, source, received_at, bundle, status, error)"
        " VALUES (?, ?, ?, ?, ?, 'failed', ?)",
        [bundle.version, bundle.etag, bundle.source, now, jsonutil.dumps(bundle.data), error],
    )
