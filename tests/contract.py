"""The event contract, checked on what the station really wrote: every outbox event of every test station.

The schemas come from the committed plugins/mes/openapi.yaml (generated from hmi/sync/contract.py;
tests/unit/test_mes_contract.py keeps the two equal), so an MES written from the document alone
accepts what the station sends. Events a test wrote by hand to load the outbox carry
``"synthetic": true`` in their payload and are not the station's: they are left out.
"""

from __future__ import annotations

import functools
import json
import sqlite3
from pathlib import Path
from typing import Any

import jsonschema
from openapi_spec_validator.readers import read_from_filename

from hmi.sync.contract import EVENTS

OPENAPI = Path(__file__).resolve().parent.parent / "plugins" / "mes" / "openapi.yaml"


@functools.cache
def _components() -> dict[str, Any]:
    document, _ = read_from_filename(str(OPENAPI))
    return dict(document["components"])


@functools.cache
def _validator(name: str) -> jsonschema.Draft202012Validator:
    schema = {"$ref": f"#/components/schemas/{name}", "components": _components()}
    return jsonschema.Draft202012Validator(schema)


def contract_problems(envelope: dict[str, Any]) -> list[str]:
    """What is wrong with one event as the MES receives it (empty: it follows the contract)."""
    kind = envelope.get("type")
    if kind not in EVENTS:
        return [f"{kind}: not in the contract; add a payload model to hmi/sync/contract.py"]
    problems = [f"{kind} envelope: {e.message}" for e in _validator("Envelope").iter_errors(envelope)]
    model = EVENTS[str(kind)][0].__name__
    payload = envelope.get("payload")
    problems += [f"{kind} payload {'.'.join(map(str, e.path)) or '.'}: {e.message}"
                 for e in _validator(model).iter_errors(payload)]
    # An MES must ignore fields it does not know, so the schema allows them; the station sends none: an
    # old name beside its new one (lot_no beside lot_id) would otherwise pass unseen.
    named = set(_components()["schemas"][model].get("properties", {}))
    unnamed = sorted(set(payload) - named) if isinstance(payload, dict) else []
    if unnamed:
        problems.append(f"{kind} payload sends fields the contract does not name: {', '.join(unnamed)}"
                        " (name them in hmi/sync/contract.py or stop sending them)")
    return problems


def outbox_problems(db_path: Path) -> list[str]:
    """Check every event in a station's outbox; synthetic and pending-branch types are skipped."""
    if not db_path.exists():
        return []
    conn = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True)
    try:
        rows = conn.execute("SELECT event_id, station_id, seq, type, schema_version, occurred_at, subject, payload"
                            " FROM outbox ORDER BY seq").fetchall()
    except sqlite3.OperationalError:     # not a station database (yet)
        return []
    finally:
        conn.close()
    problems: list[str] = []
    for event_id, station_id, seq, kind, version, occurred_at, subject, payload in rows:
        data = json.loads(payload)
        if isinstance(data, dict) and data.get("synthetic") is True:
            continue
        envelope = {"event_id": event_id, "station_id": station_id, "seq": seq, "type": kind,
                    "schema_version": version, "occurred_at": occurred_at, "subject": subject, "payload": data}
        problems += [f"#{seq} {p}" for p in contract_problems(envelope)]
    return problems
