"""The station -> MES event contract: one typed payload model per event type, the one source of truth.

plugins/mes/openapi.yaml (its payload schemas) and plugins/mes/EVENTS.md (its payload table) are
generated from these models by ``python -m plugins.mes.contract_docs``; a test fails when the committed
documents differ. Emitters keep building plain dicts (they run on the writer thread, in the record's
transaction); the contract test validates what they emit against these models.

The fields a model names are the ones the MES may rely on. Extra fields may appear (an MES must
ignore them), so the models allow them; the station itself sends only fields a model names (tests/contract.py).
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field

# A process value as it crosses the bus: None when the sample is BAD or STALE ("carry none").
ProcessValue = float | int | bool | str | None


class Payload(BaseModel):
    """What every payload has: who did it (a user name, or a machine identity such as ``system:mes``)."""

    model_config = ConfigDict(extra="allow", frozen=True)

    actor: Annotated[str, Field(min_length=1, description="a user, or a machine identity")]


class LotPayload(Payload):
    lot_id: Annotated[str, Field(min_length=1, description="the lot number")]


class LotOrder(LotPayload):
    """The order a lot runs: every lot event names it, so the MES needs no lookup to file it."""

    work_order_id: str
    product_id: str
    operation_id: str


class LotStarted(LotOrder):
    started_at: Annotated[float, Field(description="seconds since the epoch")]
    quantity_planned: Annotated[int, Field(ge=0)]
    instruction_id: str | None = None
    instruction_version: int | None = None
    params: dict[str, Any] | None = Field(default=None, description="process values at the start, per tag")


class LotPaused(LotOrder):
    reason: Annotated[str, Field(description="the downtime reason code of the master data")]
    reason_name: Annotated[str, Field(description="that reason's name, as the operator chose it")]


class PauseCounts(BaseModel):
    model_config = ConfigDict(extra="allow", frozen=True)

    quantity: Annotated[int, Field(ge=0, description="parts the counter counted during the pause")]
    to: Literal["accept", "scrap", "not_this_lot"] | None = Field(
        description="the operator's decision at resume: good parts of the lot, its scrap, or not this lot's"
                    " (kept for the record, in no count); null when none were counted")


class LotResumed(LotOrder):
    reason: Annotated[str, Field(description="the reason of the pause that ended")]
    downtime_s: Annotated[float, Field(ge=0, description="how long the pause lasted")]
    pause_counts: PauseCounts


class LotFinished(LotOrder):
    good: Annotated[int, Field(ge=0)]
    scrap: Annotated[int, Field(ge=0)]
    finished_at: Annotated[float, Field(description="seconds since the epoch")]
    late_good: Annotated[int, Field(ge=0, description="parts counted after the finish was confirmed, so far")]
    params: dict[str, Any] | None = Field(default=None, description="process values at the finish, per tag")


class LotAborted(LotOrder):
    reason: str
    good: Annotated[int, Field(ge=0)]
    scrap: Annotated[int, Field(ge=0)]


class LotCorrected(LotOrder):
    good: Annotated[int, Field(ge=0, description="the count after the correction")]
    scrap: Annotated[int, Field(ge=0)]
    good_delta: Annotated[int, Field(description="the correction's change to the good count")]
    scrap_delta: int
    reason: str


class LotLateCounted(LotOrder):
    quantity: Annotated[int, Field(ge=1, description="parts counted now")]
    late_good: Annotated[int, Field(ge=0, description="the lot's late counts so far")]


class DefectRecorded(LotOrder):
    defect_id: int
    code: str
    category: str
    severity: str
    quantity: Annotated[int, Field(ge=1)]
    origin: Literal["manual", "automatic"] = Field(description="recorded by a person, or by a limit the station saw")
    location: str
    serial: str
    note: str | None = None
    recorded_at: Annotated[float, Field(description="seconds since the epoch")]
    measurement: dict[str, Any] | None = Field(
        default=None, description="the value that crossed its limit (tag, value, unit, lo, hi, quality, ts)")
    recipe: dict[str, Any] | None = Field(default=None, description="the process values at the moment, per tag")


class DefectVoided(LotPayload):
    defect_id: int
    code: str
    reason: str


class InstructionSigned(LotPayload):
    instruction_id: str
    instruction_version: int
    step: Annotated[int, Field(ge=1, description="1-based step number")]
    kind: Annotated[str, Field(description="`confirm`, `checklist`, `measure` ...")]
    value: Any = Field(default=None, description="what was signed: a measured value, a checklist, true")
    unit: str | None = None
    lo: float | None = None
    hi: float | None = None
    out_of_limit: bool = False


class AlarmTransition(Payload):
    alarm_id: str
    tag: str
    priority: str
    transition: str
    state: Annotated[str, Field(description="the alarm's ISA-18.2 state after the transition")]
    previous_state: str
    value: ProcessValue = Field(description="the process value (null when it is not GOOD)")
    limit: float | None = Field(description="the alarm's limit (null for alarms without one)")
    comment: str | None = None


class LabelPrinted(Payload):
    job_id: str
    template: str
    printer: str
    copies: Annotated[int, Field(ge=1)]
    reprint: bool
    data: dict[str, str] = Field(description="the label's fields as printed")
    attempts: Annotated[int, Field(ge=1)]
    spooler_ref: str | None = Field(description="the print system's reference of the job")


class SpcPoint(BaseModel):
    model_config = ConfigDict(extra="allow", frozen=True)

    index: int
    value: float
    ts: float


class SpcViolation(LotPayload):
    violation_id: int
    work_order_id: str
    product_id: str
    operation_id: str
    characteristic: str
    rule: Annotated[str, Field(description="`we-1`…`we-4`, `nelson-1`…`nelson-8`")]
    rule_text: str
    index: Annotated[int, Field(ge=0, description="0-based point (or subgroup) that completes the pattern")]
    points: list[SpcPoint] = Field(description="the points the pattern spans")
    value: float
    unit: str | None = None
    limit_set_version: str
    trial: bool
    cl: float
    ucl: float | None
    lcl: float | None
    usl: float | None = None
    lsl: float | None = None
    sample_ts: float
    actions: list[str]
    needs_cause: bool
    proposal_id: int | None = None


class DroppedTag(BaseModel):
    model_config = ConfigDict(extra="allow", frozen=True)

    tag: str
    rows: Annotated[int, Field(ge=1)]
    first_ts: Annotated[float, Field(description="the oldest deleted sample, seconds since the epoch")]
    last_ts: float


class HistoryDropped(Payload):
    rows: Annotated[int, Field(ge=1, description="raw samples deleted before every history sink had them")]
    sinks: list[str] = Field(description="the configured history sinks that had not acknowledged them")
    tags: list[DroppedTag]


class ComponentHealth(BaseModel):
    model_config = ConfigDict(extra="allow", frozen=True)

    health: Literal["ok", "connecting", "degraded", "failed", "disabled"]
    summary: str
    last_error: str | None = None


class StationStatus(Payload):
    state: Annotated[Literal["started", "running", "stopping"],
                     Field(description="`started` once, `running` every heartbeat, `stopping` at a clean stop")]
    version: str
    components: dict[str, ComponentHealth] = Field(description="each component's health from the status board")


class AuditHead(Payload):
    """The station's audit chain head, signed: the MES keeps the newest per station (hmi/sync/anchor.py)."""

    seq: Annotated[int, Field(ge=1, description="the newest audit entry's sequence number")]
    hash: Annotated[str, Field(description="that entry's chain hash (hex)")]
    mac: str | None = Field(default=None, description="HMAC of seq and hash with the station's audit key")


class ReasonPoint(BaseModel):
    model_config = ConfigDict(extra="allow", frozen=True)

    from_: Annotated[float, Field(alias="from", description="the reason holds from this instant on")]
    reason: Annotated[str, Field(description="a downtime reason code of the master data, or `unassigned`")]


class DowntimePayload(Payload):
    event_id: Annotated[int, Field(description="the station's downtime event number")]
    start: Annotated[float, Field(description="when the stop began, seconds since the epoch")]
    end: float | None = Field(description="when it ended (null while open)")
    state: Annotated[str, Field(description="the machine state that opened it (`stopped`, `fault`, ...) or `paused`")]
    source: Literal["machine", "pause"]
    fault_code: str | None
    lot_id: str | None = Field(description="the lot running or paused at the start, if any")
    reason: Annotated[str, Field(description="the reason now (the last one when split)")]
    reasons: list[ReasonPoint] = Field(description="the reasons as change points: one, or a split")


class DowntimeStarted(DowntimePayload):
    pass


class DowntimeEnded(DowntimePayload):
    duration_s: Annotated[float, Field(ge=0)]


class DowntimeReasonSet(DowntimePayload):
    previous: list[ReasonPoint] = Field(description="the reasons before this change")
    note: str | None = None


class OeeShiftClosed(Payload):
    shift: str
    day: Annotated[str, Field(description="the local date the shift started on")]
    start: Annotated[str, Field(description="ISO 8601 with its offset")]
    end: str
    breaks: list[list[str]]
    planned_s: Annotated[float, Field(ge=0)]
    run_s: Annotated[float, Field(ge=0)]
    unknown_s: Annotated[float, Field(ge=0, description="planned time while the station was off or the state unknown")]
    ideal_cycle_s: float | None
    micro_stop_s: Annotated[float, Field(description="the micro-stop threshold")]
    availability: float | None
    performance: float | None = Field(description="above 1 is kept: the ideal cycle time is then wrong")
    quality: float | None
    oee: float | None
    oee_target: float | None
    good: int
    scrap: int
    micro_stops: Annotated[int, Field(ge=0)]
    downtime_events: Annotated[int, Field(ge=0)]
    downtime_s_by_reason: dict[str, float]
    warnings: list[str]


class Envelope(BaseModel):
    """The envelope of every event (schema_version 1); ``payload`` is the type's model."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    event_id: Annotated[str, Field(description="UUIDv7; the idempotency key")]
    station_id: str
    seq: Annotated[int, Field(ge=1)]
    type: str
    schema_version: Literal[1]
    occurred_at: Annotated[float, Field(description="seconds since the epoch, UTC")]
    subject: str | None
    payload: dict[str, Any]


_ALARM_TRANSITIONS = ("raised", "returned", "acknowledged", "reset", "shelved", "unshelved", "suppressed",
                      "unsuppressed", "out_of_service", "in_service")

# type -> (payload model, subject pattern). One entry per event type the station sends.
EVENTS: dict[str, tuple[type[Payload], str]] = {
    "lot.started": (LotStarted, "lot/<lot id>"),
    "lot.paused": (LotPaused, "lot/<lot id>"),
    "lot.resumed": (LotResumed, "lot/<lot id>"),
    "lot.finished": (LotFinished, "lot/<lot id>"),
    "lot.aborted": (LotAborted, "lot/<lot id>"),
    "lot.corrected": (LotCorrected, "lot/<lot id>"),
    "lot.late_counted": (LotLateCounted, "lot/<lot id>"),
    "defect.recorded": (DefectRecorded, "lot/<lot id>"),
    "defect.voided": (DefectVoided, "lot/<lot id>"),
    "instruction.signed": (InstructionSigned, "lot/<lot id>"),
    **{f"alarm.{kind}": (AlarmTransition, "alarm/<alarm id>") for kind in _ALARM_TRANSITIONS},
    "label.printed": (LabelPrinted, "lot/<lot id> or defect/<id>"),
    "station.status": (StationStatus, "station/<station id>"),
    "spc.violation": (SpcViolation, "lot/<lot id>"),
    # history.db was over its disk limit: retention deleted raw samples a history sink had not uploaded.
    "history.dropped": (HistoryDropped, "station/<station id>"),
    # The audit chain's newest entry, after the events it covers; its delivery anchors the chain.
    "audit.head": (AuditHead, "audit/<station id>"),
    # OEE and downtime: one subject per station, so the MES gets them in the order they happened.
    "downtime.started": (DowntimeStarted, "station/<station id>"),
    "downtime.ended": (DowntimeEnded, "station/<station id>"),
    "downtime.reason_set": (DowntimeReasonSet, "station/<station id>"),
    "oee.shift_closed": (OeeShiftClosed, "station/<station id>"),
}

class UnknownEventType(LookupError):
    pass


def payload_model(event_type: str) -> type[Payload]:
    try:
        return EVENTS[event_type][0]
    except KeyError:
        raise UnknownEventType(f"event type {event_type!r} is not in the contract (hmi/sync/contract.py)") from None


def validate_envelope(envelope: dict[str, Any]) -> Payload:
    """Check one event as the MES receives it; raises pydantic.ValidationError or UnknownEventType."""
    checked = Envelope.model_validate(envelope)
    return payload_model(checked.type).model_validate(checked.payload)
