"""Trend export to CSV: every stored sample of the pens in a range, one row per sample.

It runs in one worker thread job (read and write together), so a long range of many pens never
holds the event loop; the file is written beside its final name and renamed when complete, so a
half-written export never looks like a finished one.
"""

from __future__ import annotations

import csv
import datetime as dt
import os
import sqlite3
from pathlib import Path

from hmi.historian.query import raw_rows
from hmi.historian.tag_info import TagInfo
from hmi.tags.display import format_number

HEADER = ("tag", "description", "time_utc", "value", "unit", "quality")


def write_csv(conn: sqlite3.Connection, *, tags: list[str], start: float, end: float, path: Path,
              infos: dict[str, TagInfo]) -> int:
    """Write the rows of ``tags`` in [start, end) to ``path``; returns how many samples were written.

    A value is written in its tag's display format (so a float32 is not "123.21868896484375") and
    empty where the sample carried none (BAD, STALE)."""
    partial = path.with_name(path.name + ".partial")
    count = 0
    with partial.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(HEADER)
        for tag in tags:
            info = infos.get(tag, TagInfo())
            for ts, value, quality in raw_rows(conn, tag, start, end):
                writer.writerow((tag, info.description,
                                 dt.datetime.fromtimestamp(ts, dt.UTC).isoformat(timespec="milliseconds"),
                                 "" if value is None else format_number(value, info.format), info.unit,
                                 quality.value))
                count += 1
        handle.flush()
        os.fsync(handle.fileno())
    partial.replace(path)
    return count
