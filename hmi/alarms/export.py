"""The alarm journal as CSV, for supervisors and auditors (UTF-8 with BOM so spreadsheet tools read Hangul)."""

from __future__ import annotations

import csv
import time
from collections.abc import Iterable, Mapping
from pathlib import Path

from hmi.alarms.journal import JournalEntry

COLUMNS = ("seq", "time_utc", "alarm_id", "tag", "priority", "transition", "state_before", "state_after",
           "value", "user", "comment", "user_name")


def write_journal_csv(entries: Iterable[JournalEntry], path: Path, *, names: Mapping[str, str] | None = None) -> int:
    """Write the entries oldest first; returns how many. Blocking: run it in a thread.

    ``names`` (user ID -> display name) fills ``user_name``, so an auditor reads who acted without the
    user list; it stays empty for machine identities and users the station no longer knows."""
    names = names or {}
    rows = sorted(entries, key=lambda e: e.seq)
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(COLUMNS)
        for e in rows:
            stamp = time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(e.ts)) + f".{int(e.ts % 1 * 1000):03d}Z"
            writer.writerow([e.seq, stamp, e.alarm_id, e.tag, e.priority, e.transition, e.state_before,
                             e.state_after, "" if e.value is None else e.value, e.user, e.comment, names.get(e.user, "")])
    return len(rows)
