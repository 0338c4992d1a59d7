"""The print queue's records. Each function runs inside one store transaction and audits the change."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Any

import sqlite_utils
import uuid6

from hmi import jsonutil
from hmi.recording import Change, record_change
from hmi.refusal import Refusal


class JobState(StrEnum):
    QUEUED = "queued"
    SENDING = "sending"
    DONE = "done"
    FAILED = "failed"
    CANCELLED = "cancelled"


class JobError(Refusal):
    """The job cannot do what was asked (cancel a printed job, reprint an unknown one …)."""


@dataclass(frozen=True, slots=True)
class PrintJob:
    id: int
    job_uid: str
    printer: str
    template: str
    data: dict[str, str]
    kind: str
    reprint_of: int | None
    subject: str | None
    state: JobState
    attempts: int
    next_attempt_at: float
    last_error: str | None
    spooler_ref: str | None
    cancel_reason: str | None
    created_at: float
    created_by: str
    updated_at: float
    done_at: float | None
    reprint_reason: str | None = None

    @property
    def is_reprint(self) -> bool:
        return self.kind == "reprint"

    def summary(self) -> dict[str, Any]:
        return {"job": self.job_uid, "printer": self.printer, "template": self.template, "kind": self.kind,
                "state": self.state.value, "attempts": self.attempts, "subject": self.subject}


_COLUMNS = ("id, job_uid, printer, template, data, kind, reprint_of, subject, state, attempts, next_attempt_at,"
            " last_error, spooler_ref, cancel_reason, created_at, created_by, updated_at, done_at, reprint_reason")


def _job(row: tuple[Any, ...]) -> PrintJob:
    values = list(row)
    values[4] = jsonutil.loads(values[4])
    values[8] = JobState(values[8])
    return PrintJob(*values)


def get_job(db: sqlite_utils.Database, job_id: int) -> PrintJob | None:
    row = db.execute(f"SELECT {_COLUMNS} FROM print_jobs WHERE id = ?", [job_id]).fetchone()
    return _job(row) if row else None


def list_jobs(db: sqlite_utils.Database, *, limit: int = 100, printer: str | None = None) -> list[PrintJob]:
    where, args = ("WHERE printer = ?", [printer]) if printer else ("", [])
    rows = db.execute(f"SELECT {_COLUMNS} FROM print_jobs {where} ORDER BY id DESC LIMIT ?", [*args, limit])
    return [_job(r) for r in rows]


def next_job(db: sqlite_utils.Database, printer: str) -> PrintJob | None:
    """The head of the printer's queue: the oldest job not finished."""
    row = db.execute(f"SELECT {_COLUMNS} FROM print_jobs WHERE printer = ? AND state IN ('queued', 'sending')"
                     " ORDER BY id LIMIT 1", [printer]).fetchone()
    return _job(row) if row else None


def count_waiting(db: sqlite_utils.Database) -> dict[str, int]:
    rows = db.execute("SELECT printer, COUNT(*) FROM print_jobs WHERE state IN ('queued', 'sending')"
                      " GROUP BY printer")
    return {printer: int(n) for printer, n in rows}


@dataclass(frozen=True, slots=True)
class Context:
    """Who and when, for the audit entries of one change."""

    ts: float
    station: str
    actor: str


def _audit(db: sqlite_utils.Database, ctx: Context, action: str, job: PrintJob, before: dict[str, Any] | None,
           *, event: str | None = None, extra: dict[str, Any] | None = None) -> None:
    after = {**job.summary(), **(extra or {})}
    # hmi.sync.contract.LabelPrinted, field for field: one job prints one copy; a reprint is its own job.
    payload = {"job_id": job.job_uid, "template": job.template, "printer": job.printer, "copies": 1,
               "reprint": job.is_reprint, "data": job.data, "attempts": job.attempts,
               "spooler_ref": (extra or {}).get("spooler_ref")}
    record_change(db, Change(ts=ctx.ts, station=ctx.station, actor=ctx.actor, action=action,
                             object_type="print_job", object_id=str(job.id), before=before, after=after,
                             event_type=event, event_payload=payload if event else None,
                             subject=job.subject))


def add_job(db: sqlite_utils.Database, ctx: Context, *, printer: str, template: str, data: dict[str, str],
            kind: str = "print", reprint_of: int | None = None, subject: str | None = None,
            error: str | None = None, reprint_reason: str | None = None) -> PrintJob:
    cursor = db.execute(
        "INSERT INTO print_jobs (job_uid, printer, template, data, kind, reprint_of, subject, state, attempts,"
        " next_attempt_at, last_error, created_at, created_by, updated_at, reprint_reason)"
        " VALUES (?,?,?,?,?,?,?,'queued',0,?,?,?,?,?,?)",
        [str(uuid6.uuid7()), printer, template, jsonutil.dumps(data), kind, reprint_of, subject, ctx.ts, error,
         ctx.ts, ctx.actor, ctx.ts, reprint_reason])
    job = get_job(db, int(cursor.lastrowid or 0))
    assert job is not None
    _audit(db, ctx, "label.reprint" if kind == "reprint" else "label.queue", job, None,
           extra={"reprint_of": reprint_of, "reason": reprint_reason} if reprint_of else None)
    return job


def _set(db: sqlite_utils.Database, job_id: int, **values: Any) -> PrintJob:
    columns = ", ".join(f"{k} = ?" for k in values)
    db.execute(f"UPDATE print_jobs SET {columns} WHERE id = ?", [*values.values(), job_id])
    job = get_job(db, job_id)
    assert job is not None
    return job


def _require(db: sqlite_utils.Database, job_id: int) -> PrintJob:
    job = get_job(db, job_id)
    if job is None:
        raise JobError("no print job {job_id}", job_id=job_id)
    return job


def mark_sending(db: sqlite_utils.Database, ctx: Context, job_id: int) -> PrintJob | None:
    """Claim the job for sending; None when it was cancelled meanwhile."""
    before = _require(db, job_id)
    if before.state is not JobState.QUEUED:
        return None
    job = _set(db, job_id, state=JobState.SENDING.value, attempts=before.attempts + 1, updated_at=ctx.ts)
    _audit(db, ctx, "label.sending", job, {"state": before.state.value})
    return job


def mark_done(db: sqlite_utils.Database, ctx: Context, job_id: int, *, spooler_ref: str) -> PrintJob:
    before = _require(db, job_id)
    job = _set(db, job_id, state=JobState.DONE.value, spooler_ref=spooler_ref, last_error=None,
               updated_at=ctx.ts, done_at=ctx.ts)
    _audit(db, ctx, "label.printed", job, {"state": before.state.value}, event="label.printed",
           extra={"spooler_ref": spooler_ref})
    return job


def mark_retry(db: sqlite_utils.Database, ctx: Context, job_id: int, *, error: str, next_attempt_at: float,
               attempted: bool = False) -> PrintJob:
    """Back to the queue until ``next_attempt_at``; ``attempted``: this try ended before sending (the
    printer was not reachable), and counts as an attempt all the same."""
    before = _require(db, job_id)
    attempts = before.attempts + 1 if attempted else before.attempts
    job = _set(db, job_id, state=JobState.QUEUED.value, last_error=error, next_attempt_at=next_attempt_at,
               attempts=attempts, updated_at=ctx.ts)
    _audit(db, ctx, "label.retry", job, {"state": before.state.value}, extra={"error": error,
                                                                          "next_attempt_at": next_attempt_at})
    return job


def mark_failed(db: sqlite_utils.Database, ctx: Context, job_id: int, *, error: str) -> PrintJob:
    before = _require(db, job_id)
    job = _set(db, job_id, state=JobState.FAILED.value, last_error=error, updated_at=ctx.ts)
    _audit(db, ctx, "label.failed", job, {"state": before.state.value}, extra={"error": error})
    return job


def cancel_job(db: sqlite_utils.Database, ctx: Context, job_id: int, *, reason: str) -> PrintJob:
    before = _require(db, job_id)
    if before.state not in (JobState.QUEUED, JobState.FAILED):
        raise JobError("print job {job_id} is {state}; only queued or failed jobs can be cancelled",
                       job_id=job_id, state=before.state)
    job = _set(db, job_id, state=JobState.CANCELLED.value, cancel_reason=reason, updated_at=ctx.ts)
    _audit(db, ctx, "label.cancel", job, {"state": before.state.value}, extra={"reason": reason})
    return job


def requeue_interrupted(db: sqlite_utils.Database, ctx: Context) -> list[PrintJob]:
    """Jobs left 'sending' by a stop or a crash go back to the queue (a duplicate beats a lost label)."""
    ids = [r[0] for r in db.execute("SELECT id FROM print_jobs WHERE state = 'sending' ORDER BY id")]
    jobs = []
    for job_id in ids:
        job = _set(db, job_id, state=JobState.QUEUED.value, next_attempt_at=ctx.ts, updated_at=ctx.ts,
                   last_error="interrupted while sending; sent again")
        _audit(db, ctx, "label.requeue", job, {"state": "sending"})
        jobs.append(job)
    return jobs
