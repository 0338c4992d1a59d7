"""The alarm state machine: pure, synchronous and Qt-free, driven by samples, time and people.

It knows nothing of the store or the event loop. Each call returns the transitions it caused;
the service persists them. Time comes from the caller (the station's clock), so tests move it.
Definitions are indexed by tag, so a sample costs only the alarms on that tag.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass

from hmi.alarms.definitions import AlarmDefinition, AlarmKind
from hmi.alarms.model import AlarmActionError, AlarmRecord, AlarmState, Transition, TransitionKind
from hmi.tags import Quality, Sample, Value

SYSTEM = "system"
_NOT_GOOD_FOR_VALUE = (Quality.BAD, Quality.STALE, Quality.UNCERTAIN)
_BAD = (Quality.BAD, Quality.STALE)


@dataclass(slots=True)
class _Rule:
    """A definition flattened for the hot path (pydantic attribute access is slower)."""

    alarm_id: str
    kind: AlarmKind
    tag: str
    limit: float
    deadband: float
    on_delay: float
    off_delay: float
    latching: bool
    setpoint_tag: str | None
    normal_value: Value
    max_shelve_s: float

    @classmethod
    def of(cls, alarm_id: str, d: AlarmDefinition) -> _Rule:
        return cls(alarm_id, d.kind, d.tag, d.limit if d.limit is not None else math.nan, d.deadband,
                   d.on_delay_s, d.off_delay_s, d.latching, d.setpoint_tag, d.normal_value, d.max_shelve_s)


class AlarmCore:
    def __init__(self, *, definitions: dict[str, AlarmDefinition]) -> None:
        self.definitions: dict[str, AlarmDefinition] = dict(definitions)
        self.records: dict[str, AlarmRecord] = {}
        self._rules: dict[str, _Rule] = {}
        self._by_tag: dict[str, list[_Rule]] = {}
        self._by_setpoint: dict[str, list[_Rule]] = {}
        self._by_suppress_tag: dict[str, list[str]] = {}
        self._latest: dict[str, Sample] = {}
        self._timers: set[str] = set()          # alarms waiting for an on- or off-delay
        self._shelved: set[str] = set()
        # Alarms not in NORMAL (incl. overlays): what the banner and the list look at.
        self.not_normal: set[str] = set()
        for alarm_id, definition in self.definitions.items():
            self.records[alarm_id] = AlarmRecord(alarm_id=alarm_id)
            self._index(alarm_id, definition)

    # Definitions --------------------------------------------------------------------------------
    def _index(self, alarm_id: str, definition: AlarmDefinition) -> None:
        rule = _Rule.of(alarm_id, definition)
        self._rules[alarm_id] = rule
        self._by_tag.setdefault(definition.tag, []).append(rule)
        if definition.setpoint_tag:
            self._by_setpoint.setdefault(definition.setpoint_tag, []).append(rule)
        if definition.suppress_when is not None:
            self._by_suppress_tag.setdefault(definition.suppress_when.tag, []).append(alarm_id)

    def replace_limit(self, alarm_id: str, *, limit: float, deadband: float | None = None) -> AlarmDefinition:
        """New limits (e.g. sent by the MES); the condition is re-evaluated on the next sample."""
        definition = self.definition(alarm_id)
        if not definition.kind.needs_limit:
            raise AlarmActionError("alarm {alarm_id} ({kind}) has no limit",
                                   alarm_id=alarm_id, kind=definition.kind)
        if not math.isfinite(limit) or (deadband is not None and (not math.isfinite(deadband) or deadband < 0)):
            raise AlarmActionError("limit and deadband must be finite numbers (deadband >= 0)")
        update: dict[str, float] = {"limit": float(limit)}
        if deadband is not None:
            update["deadband"] = float(deadband)
        if definition.kind in (AlarmKind.DEVIATION, AlarmKind.RATE_OF_CHANGE) and limit <= 0:
            raise AlarmActionError("a {kind} alarm needs a limit greater than 0", kind=definition.kind)
        new = definition.model_copy(update=update)
        self.definitions[alarm_id] = new
        old_rule = self._rules[alarm_id]
        rule = _Rule.of(alarm_id, new)
        self._rules[alarm_id] = rule
        for index in (self._by_tag, self._by_setpoint):
            for rules in index.values():
                for i, candidate in enumerate(rules):
                    if candidate is old_rule:
                        rules[i] = rule
        return new

    def definition(self, alarm_id: str) -> AlarmDefinition:
        try:
            return self.definitions[alarm_id]
        except KeyError:
            raise AlarmActionError("no alarm {alarm_id!r}", alarm_id=alarm_id) from None

    def restore(self, records: Iterable[AlarmRecord]) -> None:
        """Take back the persisted states after a restart, exactly as they were."""
        for record in records:
            if record.alarm_id not in self.records:
                continue  # a definition removed from the config
            self.records[record.alarm_id] = record
            if record.shelved_until is not None:
                self._shelved.add(record.alarm_id)
            if record.state is not AlarmState.NORMAL:
                self.not_normal.add(record.alarm_id)

    # Samples and time ---------------------------------------------------------------------------
    def on_sample(self, sample: Sample, now: float, out: list[Transition]) -> None:
        tag = sample.tag
        rules = self._by_tag.get(tag)
        setpoint_rules = self._by_setpoint.get(tag)
        suppressing = self._by_suppress_tag.get(tag)
        if rules is None and setpoint_rules is None and suppressing is None:
            return
        self._latest[tag] = sample
        if suppressing is not None:
            for alarm_id in suppressing:
                self._evaluate_suppression(alarm_id, sample, now, out)
        if rules is not None:
            for rule in rules:
                self._evaluate(rule, sample, now, out)
        if setpoint_rules is not None:
            for rule in setpoint_rules:
                measured = self._latest.get(rule.tag)
                if measured is not None:
                    self._evaluate(rule, measured, now, out)

    def tick(self, now: float, out: list[Transition]) -> None:
        """Finish on/off delays that have run out and unshelve alarms whose shelve time is over."""
        for alarm_id in list(self._timers):
            record = self.records[alarm_id]
            rule = self._rules[alarm_id]
            if record.pending_since is None:
                self._timers.discard(alarm_id)
                continue
            delay = rule.on_delay if record.raw else rule.off_delay
            if now - record.pending_since >= delay:
                self._set_condition(rule, record, record.raw, now, out)
        for alarm_id in list(self._shelved):
            record = self.records[alarm_id]
            if record.shelved_until is None:
                self._shelved.discard(alarm_id)
            elif now >= record.shelved_until:
                self._unshelve(record, now, SYSTEM, "shelve time over", out)

    def _evaluate(self, rule: _Rule, sample: Sample, now: float, out: list[Transition]) -> None:
        record = self.records[rule.alarm_id]
        raw = self._raw_condition(rule, record, sample)
        if raw is None:
            return  # the value cannot tell (bad quality, not a number): hold the condition
        record.raw = raw
        if raw == record.condition:
            if record.pending_since is not None:
                record.pending_since = None
                self._timers.discard(rule.alarm_id)
            return
        delay = rule.on_delay if raw else rule.off_delay
        if delay <= 0:
            self._set_condition(rule, record, raw, now, out, value=sample.value)
        elif record.pending_since is None:
            record.pending_since = now
            self._timers.add(rule.alarm_id)
        elif now - record.pending_since >= delay:
            self._set_condition(rule, record, raw, now, out, value=sample.value)

    def _raw_condition(self, rule: _Rule, record: AlarmRecord, sample: Sample) -> bool | None:
        kind = rule.kind
        if kind is AlarmKind.BAD_QUALITY:
            return sample.quality in _BAD
        if sample.quality in _NOT_GOOD_FOR_VALUE:
            return None
        value = sample.value
        if kind is AlarmKind.DISCRETE:
            return value is not None and value != rule.normal_value
        number = _number(value)
        if number is None:
            return None
        band = rule.deadband if record.raw else 0.0
        if kind is AlarmKind.HI or kind is AlarmKind.HIHI:
            return number >= rule.limit - band
        if kind is AlarmKind.LO or kind is AlarmKind.LOLO:
            return number <= rule.limit + band
        if kind is AlarmKind.DEVIATION:
            setpoint = self._latest.get(rule.setpoint_tag or "")
            if setpoint is None or setpoint.quality in _NOT_GOOD_FOR_VALUE:
                return None
            target = _number(setpoint.value)
            if target is None:
                return None
            return abs(number - target) >= rule.limit - band
        # Rate of change, per second, between this sample and the previous good one.
        previous = record.last_numeric
        record.last_numeric = (sample.ts, number)
        if previous is None or sample.ts <= previous[0]:
            return None
        rate = abs(number - previous[1]) / (sample.ts - previous[0])
        return rate >= rule.limit - band

    def _set_condition(self, rule: _Rule, record: AlarmRecord, condition: bool, now: float,
                       out: list[Transition], *, value: Value = None) -> None:
        before = record.state
        record.condition = condition
        record.pending_since = None
        self._timers.discard(rule.alarm_id)
        if value is None:
            latest = self._latest.get(rule.tag)
            value = latest.value if latest is not None else record.value
        record.value = value
        if condition:
            if record.active:
                # A latched alarm not yet reset: the process is back in alarm, nothing new to tell.
                self._emit(record, TransitionKind.RAISED, before, now, SYSTEM, "", out)
                return
            record.active = True
            if not record.overlaid:
                record.acked = False
            self._emit(record, TransitionKind.RAISED, before, now, SYSTEM, "", out)
        else:
            if record.active and not rule.latching:
                record.active = False
            self._emit(record, TransitionKind.RETURNED, before, now, SYSTEM, "", out)

    def _evaluate_suppression(self, alarm_id: str, sample: Sample, now: float, out: list[Transition]) -> None:
        definition = self.definitions[alarm_id]
        if definition.suppress_when is None or sample.quality in _NOT_GOOD_FOR_VALUE:
            return  # unknown machine state: keep what we had
        suppressed = sample.value == definition.suppress_when.equals
        record = self.records[alarm_id]
        if suppressed == record.suppressed:
            return
        before = record.state
        record.suppressed = suppressed
        if suppressed:
            self._emit(record, TransitionKind.SUPPRESSED, before, now, SYSTEM, "", out)
        else:
            self._leave_overlay(record)
            self._emit(record, TransitionKind.UNSUPPRESSED, before, now, SYSTEM, "", out)

    # People -------------------------------------------------------------------------------------
    def acknowledge(self, alarm_id: str, *, now: float, user: str, comment: str = "") -> Transition:
        record = self._record(alarm_id)
        if record.acked:
            raise AlarmActionError("alarm {alarm_id} is already acknowledged", alarm_id=alarm_id)
        before = record.state
        record.acked = True
        return self._emit_one(record, TransitionKind.ACKNOWLEDGED, before, now, user, comment)

    def reset(self, alarm_id: str, *, now: float, user: str, comment: str = "") -> Transition:
        """Release a latched alarm once the process is back to normal (acknowledges it, too)."""
        record = self._record(alarm_id)
        rule = self._rules[alarm_id]
        if not rule.latching:
            raise AlarmActionError("alarm {alarm_id} does not latch; it needs no reset", alarm_id=alarm_id)
        if not record.active:
            raise AlarmActionError("alarm {alarm_id} is not latched", alarm_id=alarm_id)
        if record.condition:
            raise AlarmActionError("alarm {alarm_id} is still in alarm; it can be reset once it returns to "
                                   "normal", alarm_id=alarm_id)
        before = record.state
        record.active = False
        record.acked = True
        return self._emit_one(record, TransitionKind.RESET, before, now, user, comment)

    def shelve(self, alarm_id: str, *, now: float, user: str, duration_s: float, reason: str) -> Transition:
        record = self._record(alarm_id)
        rule = self._rules[alarm_id]
        reason = reason.strip()
        if not reason:
            raise AlarmActionError("shelving needs a reason")
        if not (duration_s > 0):
            raise AlarmActionError("the shelve time must be longer than 0")
        if duration_s > rule.max_shelve_s:
            raise AlarmActionError("alarm {alarm_id} may be shelved for at most {minutes:g} min",
                                   alarm_id=alarm_id, minutes=rule.max_shelve_s / 60)
        if record.out_of_service:
            raise AlarmActionError("alarm {alarm_id} is out of service", alarm_id=alarm_id)
        before = record.state
        record.shelved_until = now + duration_s
        record.shelve_reason = reason
        record.shelved_by = user
        self._shelved.add(alarm_id)
        return self._emit_one(record, TransitionKind.SHELVED, before, now, user, reason)

    def unshelve(self, alarm_id: str, *, now: float, user: str) -> Transition:
        record = self._record(alarm_id)
        if record.shelved_until is None:
            raise AlarmActionError("alarm {alarm_id} is not shelved", alarm_id=alarm_id)
        out: list[Transition] = []
        self._unshelve(record, now, user, "", out)
        return out[0]

    def _unshelve(self, record: AlarmRecord, now: float, user: str, comment: str, out: list[Transition]) -> None:
        before = record.state
        record.shelved_until = None
        record.shelve_reason = ""
        record.shelved_by = ""
        self._shelved.discard(record.alarm_id)
        self._leave_overlay(record)
        self._emit(record, TransitionKind.UNSHELVED, before, now, user, comment, out)

    def remove_from_service(self, alarm_id: str, *, now: float, user: str, reason: str) -> Transition:
        record = self._record(alarm_id)
        reason = reason.strip()
        if not reason:
            raise AlarmActionError("taking an alarm out of service needs a reason")
        if record.out_of_service:
            raise AlarmActionError("alarm {alarm_id} is already out of service", alarm_id=alarm_id)
        before = record.state
        record.out_of_service = True
        record.oos_reason = reason
        if record.shelved_until is not None:  # out of service replaces the shelve
            record.shelved_until = None
            record.shelve_reason = ""
            record.shelved_by = ""
            self._shelved.discard(alarm_id)
        return self._emit_one(record, TransitionKind.OUT_OF_SERVICE, before, now, user, reason)

    def return_to_service(self, alarm_id: str, *, now: float, user: str) -> Transition:
        record = self._record(alarm_id)
        if not record.out_of_service:
            raise AlarmActionError("alarm {alarm_id} is in service", alarm_id=alarm_id)
        before = record.state
        record.out_of_service = False
        record.oos_reason = ""
        self._leave_overlay(record)
        return self._emit_one(record, TransitionKind.IN_SERVICE, before, now, user, "")

    # Helpers ------------------------------------------------------------------------------------
    def _record(self, alarm_id: str) -> AlarmRecord:
        record = self.records.get(alarm_id)
        if record is None:
            raise AlarmActionError("no alarm {alarm_id!r}", alarm_id=alarm_id)
        return record

    @staticmethod
    def _leave_overlay(record: AlarmRecord) -> None:
        """Back from shelve, suppression or out of service: an alarm still active is announced anew."""
        if not record.overlaid and record.active:
            record.acked = False

    def _emit_one(self, record: AlarmRecord, kind: TransitionKind, before: AlarmState, now: float, user: str,
                  comment: str) -> Transition:
        out: list[Transition] = []
        self._emit(record, kind, before, now, user, comment, out)
        return out[0]

    def _emit(self, record: AlarmRecord, kind: TransitionKind, before: AlarmState, now: float, user: str,
              comment: str, out: list[Transition]) -> None:
        after = record.state
        if after is not before:
            record.since = now
        if after is AlarmState.NORMAL:
            self.not_normal.discard(record.alarm_id)
        else:
            self.not_normal.add(record.alarm_id)
        out.append(Transition(record.alarm_id, now, kind, before, after, record.value, user, comment,
                              record.row()))


def _number(value: Value) -> float | None:
    if isinstance(value, list):   # an array tag has no single number (alarms on them are refused at config time)
        return None
    if value is None or isinstance(value, str):
        if isinstance(value, str):
            try:
                number = float(value)
            except ValueError:
                return None
            return number if math.isfinite(number) else None
        return None
    number = float(value)
    return number if math.isfinite(number) else None
