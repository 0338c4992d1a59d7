"""Refusals from the core (hmi.refusal.Refusal) in the operator's language.

The core raises a fixed English template with named values. Every template is listed here for lupdate
(context "Refusal"), translated when shown, and then filled in; values that are words (a role, a permission,
a lot's state, the name of a field) are translated too (context "RefusalWord"). A template missing here is
shown in English: tests/unit/test_refusal_text.py fails when the core raises one that is not listed.
"""

from __future__ import annotations

from enum import Enum

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

from hmi.refusal import Refusal, fill
from screens.korean_particles import resolve_particles

# Values passed under these names are words from a fixed list, not data: translate them.
_WORD_PARAMS = frozenset({"field", "count_kind"})

TEMPLATES: frozenset[str] = frozenset(str(text) for text in (
    QT_TRANSLATE_NOOP("Refusal", "alarm {alarm_id} ({kind}) has no limit"),
    QT_TRANSLATE_NOOP("Refusal", "limit and deadband must be finite numbers (deadband >= 0)"),
    QT_TRANSLATE_NOOP("Refusal", "a {kind} alarm needs a limit greater than 0"),
    QT_TRANSLATE_NOOP("Refusal", "alarm {alarm_id} is already acknowledged"),
    QT_TRANSLATE_NOOP("Refusal", "alarm {alarm_id} does not latch; it needs no reset"),
    QT_TRANSLATE_NOOP("Refusal", "alarm {alarm_id} is not latched"),
    QT_TRANSLATE_NOOP("Refusal", "alarm {alarm_id} is still in alarm; it can be reset once it returns to normal"),
    QT_TRANSLATE_NOOP("Refusal", "shelving needs a reason"),
    QT_TRANSLATE_NOOP("Refusal", "the shelve time must be longer than 0"),
    QT_TRANSLATE_NOOP("Refusal", "alarm {alarm_id} may be shelved for at most {minutes:g} min"),
    QT_TRANSLATE_NOOP("Refusal", "alarm {alarm_id} is out of service"),
    QT_TRANSLATE_NOOP("Refusal", "alarm {alarm_id} is not shelved"),
    QT_TRANSLATE_NOOP("Refusal", "taking an alarm out of service needs a reason"),
    QT_TRANSLATE_NOOP("Refusal", "alarm {alarm_id} is already out of service"),
    QT_TRANSLATE_NOOP("Refusal", "alarm {alarm_id} is in service"),
    QT_TRANSLATE_NOOP("Refusal", "no alarm {alarm_id!r}"),
    QT_TRANSLATE_NOOP("Refusal", "nobody logged in may not do this ({permission})"),
    QT_TRANSLATE_NOOP("Refusal", "the {role} role may not do this ({permission})"),
    QT_TRANSLATE_NOOP("Refusal", "a PIN is made of digits only"),
    QT_TRANSLATE_NOOP("Refusal", "a PIN has {min_length} to 12 digits"),
    QT_TRANSLATE_NOOP("Refusal", "a PIN must not repeat one digit"),
    QT_TRANSLATE_NOOP("Refusal", "Too many wrong PINs. This user is locked for {seconds} s."),
    QT_TRANSLATE_NOOP("Refusal", "Too many unknown badges. Badge login is locked for {seconds} s; use your PIN."),
    QT_TRANSLATE_NOOP("Refusal", "a limit must be a finite number and a deadband finite and not negative"),
    QT_TRANSLATE_NOOP("Refusal", "Unknown user or wrong PIN."),
    QT_TRANSLATE_NOOP("Refusal", "Badge not recognised."),
    QT_TRANSLATE_NOOP("Refusal", "this station already has users; an admin adds new ones"),
    QT_TRANSLATE_NOOP("Refusal", "a username is 1 to 64 characters without spaces"),
    QT_TRANSLATE_NOOP("Refusal", "a display name is required"),
    QT_TRANSLATE_NOOP("Refusal", "user {username!r} already exists"),
    QT_TRANSLATE_NOOP("Refusal", "that badge already belongs to another user"),
    QT_TRANSLATE_NOOP("Refusal", "no user named {username!r}"),
    QT_TRANSLATE_NOOP("Refusal", "writes need a station with users and a store"),
    QT_TRANSLATE_NOOP("Refusal", "no tag named {tag!r}"),
    QT_TRANSLATE_NOOP("Refusal", "{tag} is not writable (set writable = true in its [tags] section)"),
    QT_TRANSLATE_NOOP("Refusal", "{tag} has no working connection: {problem}"),
    QT_TRANSLATE_NOOP("Refusal", "{value!r} is not a valid {data_type}"),
    QT_TRANSLATE_NOOP("Refusal", "{tag} has no working connection: not connected"),
    QT_TRANSLATE_NOOP("Refusal", "{new} is below the lower limit {limit}"),
    QT_TRANSLATE_NOOP("Refusal", "{new} is above the upper limit {limit}"),
    QT_TRANSLATE_NOOP("Refusal", "no print job {job_id}"),
    QT_TRANSLATE_NOOP("Refusal", "print job {job_id} is {state}; only queued or failed jobs can be cancelled"),
    QT_TRANSLATE_NOOP("Refusal", "no printer is configured: add a [printers.<name>] section to station.toml"),
    QT_TRANSLATE_NOOP("Refusal", "give a reason for cancelling the print job"),
    QT_TRANSLATE_NOOP("Refusal", "no one is logged in to print"),
    QT_TRANSLATE_NOOP("Refusal", "no defect #{defect_id}"),
    QT_TRANSLATE_NOOP("Refusal", "defect #{defect_id} has no lot"),
    QT_TRANSLATE_NOOP("Refusal", "quantity must be a whole number from 1 to {most}"),
    QT_TRANSLATE_NOOP("Refusal", "this proposal was already handled"),
    QT_TRANSLATE_NOOP("Refusal", "no active lot: scan or type the lot number"),
    QT_TRANSLATE_NOOP("Refusal", "unknown defect code {code!r}"),
    QT_TRANSLATE_NOOP("Refusal", "no defect {defect_id}"),
    QT_TRANSLATE_NOOP("Refusal", "no SPC characteristic {code!r}"),
    QT_TRANSLATE_NOOP("Refusal", "no SPC violation {violation_id}"),
    QT_TRANSLATE_NOOP("Refusal", "unknown assignable cause {code!r}"),
    QT_TRANSLATE_NOOP("Refusal", "unknown corrective action {code!r}"),
    QT_TRANSLATE_NOOP("Refusal", "defect {defect_id} is already void"),
    QT_TRANSLATE_NOOP("Refusal", "no lot {lot_no!r}"),
    QT_TRANSLATE_NOOP("Refusal", "{value!r} is not a number"),
    QT_TRANSLATE_NOOP("Refusal", "{number:g} {unit} is outside the limits {lo} … {hi} {unit}; confirm again to record it flagged"),
    QT_TRANSLATE_NOOP("Refusal", "no instruction {instruction_id} version {version}"),
    QT_TRANSLATE_NOOP("Refusal", "no active lot: start a lot before signing its instruction"),
    QT_TRANSLATE_NOOP("Refusal", "lot {lot_no} has no work instruction"),
    QT_TRANSLATE_NOOP("Refusal", "instruction {instruction_id} version {instruction_version} is no longer in the master data"),
    QT_TRANSLATE_NOOP("Refusal", "no step {step}"),
    QT_TRANSLATE_NOOP("Refusal", "this step is signed by confirming it"),
    QT_TRANSLATE_NOOP("Refusal", "every item of the checklist must be ticked"),
    QT_TRANSLATE_NOOP("Refusal", "nothing to count"),
    QT_TRANSLATE_NOOP("Refusal", "no active lot at this station"),
    QT_TRANSLATE_NOOP("Refusal", "lot {lot_no} is paused; resume it first"),
    QT_TRANSLATE_NOOP("Refusal", "lot {lot_no} is still {status}; finish or abort it before starting another"),
    QT_TRANSLATE_NOOP("Refusal", "unknown work order {work_order!r}"),
    QT_TRANSLATE_NOOP("Refusal", "lot number {lot_no} was used before"),
    QT_TRANSLATE_NOOP("Refusal", "instruction {instruction_id} version {version} must be acknowledged before a lot starts"),
    QT_TRANSLATE_NOOP("Refusal", "{count_kind} count must be a whole number from 0 to {most}"),
    QT_TRANSLATE_NOOP("Refusal", "unknown downtime reason {reason_code!r}"),
    QT_TRANSLATE_NOOP("Refusal", "no downtime event {event_id}"),
    QT_TRANSLATE_NOOP("Refusal", "a split must fall inside the downtime event"),
    QT_TRANSLATE_NOOP("Refusal", "the shift calendar is not valid: {problem}"),
    QT_TRANSLATE_NOOP("Refusal", "lot {lot_no} is not paused"),
    QT_TRANSLATE_NOOP("Refusal", "lot {lot_no} has no counts yet; count the parts before finishing"),
    QT_TRANSLATE_NOOP("Refusal", "the counts changed to {good} good / {scrap} scrap; confirm again"),
    QT_TRANSLATE_NOOP("Refusal", "instruction steps {steps} are not signed off yet"),
    QT_TRANSLATE_NOOP("Refusal", "a correction cannot make a count negative"),
    QT_TRANSLATE_NOOP("Refusal", "{field}: expected text"),
    QT_TRANSLATE_NOOP("Refusal", "{field} is required"),
    QT_TRANSLATE_NOOP("Refusal", "{field} is too long ({length} characters; at most {max_length})"),
    QT_TRANSLATE_NOOP("Refusal", "{field} contains a control character (U+{code:04X}); remove it"),
    QT_TRANSLATE_NOOP("Refusal", "{field} contains a broken character (U+{code:04X}, half of a pair); type it again"),
    QT_TRANSLATE_NOOP("Refusal", "event {event_id} is not in quarantine"),
    QT_TRANSLATE_NOOP("Refusal", "give a reason for skipping the event: the MES will never receive it"),
    # Lots (issue 13): the lot machine, counts within bounds, pause counts, lot numbers by example
    QT_TRANSLATE_NOOP("Refusal", "lot {lot_no} is {status}; it cannot {action}"),
    QT_TRANSLATE_NOOP("Refusal", "{count_kind} correction must be a whole number from -{most} to {most}"),
    QT_TRANSLATE_NOOP("Refusal", "{quantity} parts were counted during the pause; accept them or assign them "
                                 "before resuming"),
    QT_TRANSLATE_NOOP("Refusal", "lot number {lot_no!r} is not in this station's form, like {example}; the next "
                                 "free number is {proposal}"),
    QT_TRANSLATE_NOOP("Refusal", "lot number {lot_no!r} is not in this station's form"),
))

WORDS: frozenset[str] = frozenset(str(text) for text in (
    # Roles (as on the header bar)
    QT_TRANSLATE_NOOP("RefusalWord", "operator"),
    QT_TRANSLATE_NOOP("RefusalWord", "inspector"),
    QT_TRANSLATE_NOOP("RefusalWord", "supervisor"),
    QT_TRANSLATE_NOOP("RefusalWord", "admin"),
    # Permissions
    QT_TRANSLATE_NOOP("RefusalWord", "equipment.view"),
    QT_TRANSLATE_NOOP("RefusalWord", "equipment.write"),
    QT_TRANSLATE_NOOP("RefusalWord", "trends.view"),
    QT_TRANSLATE_NOOP("RefusalWord", "alarm.ack"),
    QT_TRANSLATE_NOOP("RefusalWord", "alarm.shelve"),
    QT_TRANSLATE_NOOP("RefusalWord", "alarm.reset"),
    QT_TRANSLATE_NOOP("RefusalWord", "alarm.out_of_service"),
    QT_TRANSLATE_NOOP("RefusalWord", "alarm.journal"),
    QT_TRANSLATE_NOOP("RefusalWord", "alarm.limit"),
    QT_TRANSLATE_NOOP("RefusalWord", "lot.start"),
    QT_TRANSLATE_NOOP("RefusalWord", "lot.count"),
    QT_TRANSLATE_NOOP("RefusalWord", "lot.pause"),
    QT_TRANSLATE_NOOP("RefusalWord", "lot.finish"),
    QT_TRANSLATE_NOOP("RefusalWord", "lot.abort"),
    QT_TRANSLATE_NOOP("RefusalWord", "lot.correct"),
    QT_TRANSLATE_NOOP("RefusalWord", "instruction.sign"),
    QT_TRANSLATE_NOOP("RefusalWord", "defect.record"),
    QT_TRANSLATE_NOOP("RefusalWord", "defect.void"),
    QT_TRANSLATE_NOOP("RefusalWord", "lot.history"),
    QT_TRANSLATE_NOOP("RefusalWord", "label.print"),
    QT_TRANSLATE_NOOP("RefusalWord", "label.reprint"),
    QT_TRANSLATE_NOOP("RefusalWord", "label.cancel"),
    QT_TRANSLATE_NOOP("RefusalWord", "sync.manage"),
    QT_TRANSLATE_NOOP("RefusalWord", "masterdata.import"),
    QT_TRANSLATE_NOOP("RefusalWord", "masterdata.replace"),
    QT_TRANSLATE_NOOP("RefusalWord", "users.manage"),
    QT_TRANSLATE_NOOP("RefusalWord", "kiosk.exit"),
    QT_TRANSLATE_NOOP("RefusalWord", "downtime.reason"),
    QT_TRANSLATE_NOOP("RefusalWord", "oee.report"),
    QT_TRANSLATE_NOOP("RefusalWord", "oee.calendar"),
    QT_TRANSLATE_NOOP("RefusalWord", "audit.view"),
    # Lot states
    QT_TRANSLATE_NOOP("RefusalWord", "running"),
    QT_TRANSLATE_NOOP("RefusalWord", "paused"),
    QT_TRANSLATE_NOOP("RefusalWord", "finished"),
    QT_TRANSLATE_NOOP("RefusalWord", "aborted"),
    # Lot actions (lot machine)
    QT_TRANSLATE_NOOP("RefusalWord", "count"),
    QT_TRANSLATE_NOOP("RefusalWord", "pause"),
    QT_TRANSLATE_NOOP("RefusalWord", "resume"),
    QT_TRANSLATE_NOOP("RefusalWord", "finish"),
    QT_TRANSLATE_NOOP("RefusalWord", "abort"),
    QT_TRANSLATE_NOOP("RefusalWord", "correct"),
    QT_TRANSLATE_NOOP("RefusalWord", "counter"),
    # Print job states
    QT_TRANSLATE_NOOP("RefusalWord", "queued"),
    QT_TRANSLATE_NOOP("RefusalWord", "sending"),
    QT_TRANSLATE_NOOP("RefusalWord", "done"),
    QT_TRANSLATE_NOOP("RefusalWord", "failed"),
    QT_TRANSLATE_NOOP("RefusalWord", "cancelled"),
    # Alarm kinds
    QT_TRANSLATE_NOOP("RefusalWord", "hihi"),
    QT_TRANSLATE_NOOP("RefusalWord", "hi"),
    QT_TRANSLATE_NOOP("RefusalWord", "lo"),
    QT_TRANSLATE_NOOP("RefusalWord", "lolo"),
    QT_TRANSLATE_NOOP("RefusalWord", "deviation"),
    QT_TRANSLATE_NOOP("RefusalWord", "discrete"),
    QT_TRANSLATE_NOOP("RefusalWord", "bad_quality"),
    QT_TRANSLATE_NOOP("RefusalWord", "rate_of_change"),
    # Fields the operator types (field=…) and count kinds (count_kind=…)
    QT_TRANSLATE_NOOP("RefusalWord", "Lot number"),
    QT_TRANSLATE_NOOP("RefusalWord", "Reason"),
    QT_TRANSLATE_NOOP("RefusalWord", "Location"),
    QT_TRANSLATE_NOOP("RefusalWord", "Serial"),
    QT_TRANSLATE_NOOP("RefusalWord", "Note"),
    QT_TRANSLATE_NOOP("RefusalWord", "Comment"),
    QT_TRANSLATE_NOOP("RefusalWord", "good"),
    QT_TRANSLATE_NOOP("RefusalWord", "scrap"),
))


def refusal_text(refusal: Refusal) -> str:
    """The refusal in the current language, as a sentence (capital first, Korean particles chosen from
    the value before them); English (str()) if its template or its translation is unusable."""
    if refusal.template not in TEMPLATES:
        return _sentence(str(refusal), refusal.template)
    template = QCoreApplication.translate("Refusal", refusal.template)
    params = {name: _word(name, value) for name, value in refusal.params.items()}
    try:
        return _sentence(resolve_particles(fill(template, params)), template)
    except (KeyError, IndexError, ValueError):   # a translation that names a value the template does not have
        return _sentence(str(refusal), refusal.template)


def _sentence(text: str, template: str) -> str:
    """The core's templates start in lower case (they are also log lines); a person reads a sentence. A
    template that starts with a value ("{tag} is not writable") keeps the value as it is."""
    if template[:1].islower():
        return text[:1].upper() + text[1:]
    return text


def error_text(exc: BaseException) -> str:
    """What to show for an error: a refusal in the operator's language, anything else as it is."""
    return refusal_text(exc) if isinstance(exc, Refusal) else str(exc)


def _word(name: str, value: object) -> object:
    text = value.value if isinstance(value, Enum) else value
    if (isinstance(value, Enum) or name in _WORD_PARAMS) and isinstance(text, str) and text in WORDS:
        return QCoreApplication.translate("RefusalWord", text)
    return value
