"""Alarm system performance after EEMUA 191 / ISA-18.2, computed from the journal.

An "alarm" here is an annunciated raise: a transition into Unacknowledged-Active. Alarms raised
while shelved, suppressed or out of service reached no one and are not counted.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

import sqlite_utils

BUCKET_S = 600.0                 # alarms per 10 minutes
FLOOD_THRESHOLD = 10             # more than 10 alarms in 10 minutes is a flood
STANDING_S = 24 * 3600.0         # active for longer than 24 h
CHATTER_WINDOW_S = 60.0          # 3 or more raises of one alarm within a minute
CHATTER_COUNT = 3


@dataclass(frozen=True, slots=True)
class BadActor:
    alarm_id: str
    tag: str
    priority: str
    count: int


@dataclass(frozen=True, slots=True)
class StandingAlarm:
    alarm_id: str
    state: str
    since: float


@dataclass(frozen=True, slots=True)
class Performance:
    since: float
    until: float
    total: int
    per_10_min: list[tuple[float, int]]        # (bucket start, count), every bucket of the window
    average_per_10_min: float
    peak_per_10_min: int
    floods: list[tuple[float, float, int]]     # (start, end, alarms) of consecutive flooded buckets
    time_in_flood_pct: float
    bad_actors: list[BadActor]                 # the 10 most frequent
    top10_share_pct: float                     # their share of all alarms
    standing: list[StandingAlarm]
    chattering: list[tuple[str, int]]          # (alarm id, most raises within one minute)


def performance(db: sqlite_utils.Database, *, now: float, window_s: float = 24 * 3600.0) -> Performance:
    since = now - window_s
    rows = db.execute(
        "SELECT ts, alarm_id, tag, priority FROM alarm_journal"
        " WHERE ts >= ? AND ts <= ? AND transition = 'raised' AND state_after = 'unack_active' ORDER BY ts",
        [since, now],
    ).fetchall()
    n_buckets = max(1, int(-(-window_s // BUCKET_S)))
    counts = [0] * n_buckets
    per_alarm: Counter[str] = Counter()
    info: dict[str, tuple[str, str]] = {}
    times: dict[str, list[float]] = {}
    for ts, alarm_id, tag, priority in rows:
        counts[min(n_buckets - 1, int((ts - since) // BUCKET_S))] += 1
        per_alarm[alarm_id] += 1
        info[alarm_id] = (tag, priority)
        times.setdefault(alarm_id, []).append(ts)
    buckets = [(since + i * BUCKET_S, c) for i, c in enumerate(counts)]
    floods: list[tuple[float, float, int]] = []
    for start, count in buckets:
        if count > FLOOD_THRESHOLD:
            if floods and floods[-1][1] == start:
                first, _, total = floods[-1]
                floods[-1] = (first, start + BUCKET_S, total + count)
            else:
                floods.append((start, start + BUCKET_S, count))
    flooded = sum(1 for _, c in buckets if c > FLOOD_THRESHOLD)
    top = per_alarm.most_common(10)
    total = len(rows)
    standing_rows = db.execute(
        "SELECT alarm_id, state, since FROM alarm_state WHERE active = 1 AND since <= ? ORDER BY since",
        [now - STANDING_S],
    ).fetchall()
    chattering: list[tuple[str, int]] = []
    for alarm_id, stamps in times.items():
        most = _most_within(stamps, CHATTER_WINDOW_S)
        if most >= CHATTER_COUNT:
            chattering.append((alarm_id, most))
    chattering.sort(key=lambda item: -item[1])
    return Performance(
        since=since, until=now, total=total, per_10_min=buckets,
        average_per_10_min=total / n_buckets, peak_per_10_min=max(counts),
        floods=floods, time_in_flood_pct=100.0 * flooded / n_buckets,
        bad_actors=[BadActor(a, info[a][0], info[a][1], c) for a, c in top],
        top10_share_pct=100.0 * sum(c for _, c in top) / total if total else 0.0,
        standing=[StandingAlarm(r[0], r[1], r[2]) for r in standing_rows],
        chattering=chattering,
    )


def _most_within(stamps: list[float], window: float) -> int:
    best = 0
    start = 0
    for end, ts in enumerate(stamps):
        while ts - stamps[start] > window:
            start += 1
        best = max(best, end - start + 1)
    return best
