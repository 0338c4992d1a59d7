"""The lot report's words (hmi.production.report) in the operator's language, for the Qt-free core.

Every English text the report writes is listed here for lupdate (context "LotReport"); the report is
handed their translations as a plain mapping, read on the GUI thread, and a count function for the
%n texts (the translator's numerus forms: "1 part", "2 parts", "부품 2개").
tests/gui/test_lot_report_language.py fails when the report writes a text that is not listed.
"""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

from hmi.production.report_texts import ReportTexts

CONTEXT = "LotReport"

TEXTS: tuple[str, ...] = tuple(str(text) for text in (
    QT_TRANSLATE_NOOP("LotReport", "Lot report — {lot_no}"),
    QT_TRANSLATE_NOOP("LotReport", "{station} · generated {when}"),
    QT_TRANSLATE_NOOP("LotReport", "Summary"),
    QT_TRANSLATE_NOOP("LotReport", "Lot"),
    QT_TRANSLATE_NOOP("LotReport", "Work order"),
    QT_TRANSLATE_NOOP("LotReport", "Product"),
    QT_TRANSLATE_NOOP("LotReport", "Operation"),
    QT_TRANSLATE_NOOP("LotReport", "Status"),
    QT_TRANSLATE_NOOP("LotReport", "running"),
    QT_TRANSLATE_NOOP("LotReport", "paused"),
    QT_TRANSLATE_NOOP("LotReport", "finished"),
    QT_TRANSLATE_NOOP("LotReport", "aborted"),
    QT_TRANSLATE_NOOP("LotReport", "Good"),
    QT_TRANSLATE_NOOP("LotReport", "Scrap"),
    QT_TRANSLATE_NOOP("LotReport", "Planned"),
    QT_TRANSLATE_NOOP("LotReport", "Started"),
    QT_TRANSLATE_NOOP("LotReport", "Ended"),
    QT_TRANSLATE_NOOP("LotReport", "Counts"),
    QT_TRANSLATE_NOOP("LotReport", "Source"),
    QT_TRANSLATE_NOOP("LotReport", "Kept apart"),
    QT_TRANSLATE_NOOP("LotReport", "Counter (line)"),
    QT_TRANSLATE_NOOP("LotReport", "People (+1 / +N)"),
    QT_TRANSLATE_NOOP("LotReport", "Counted during pauses: added to the lot / scrap / not this lot"),
    QT_TRANSLATE_NOOP("LotReport", "Late counts (after Finish, parts in transit)"),
    QT_TRANSLATE_NOOP("LotReport", "Aborted: {reason}"),
    QT_TRANSLATE_NOOP("LotReport", "Work instruction: {instruction} version {version}"),
    QT_TRANSLATE_NOOP("LotReport", "Process parameters"),
    QT_TRANSLATE_NOOP("LotReport", "Tag"),
    QT_TRANSLATE_NOOP("LotReport", "At start"),
    QT_TRANSLATE_NOOP("LotReport", "At end"),
    QT_TRANSLATE_NOOP("LotReport", "No process values configured."),
    QT_TRANSLATE_NOOP("LotReport", "Defects"),
    QT_TRANSLATE_NOOP("LotReport", "Code"),
    QT_TRANSLATE_NOOP("LotReport", "Name"),
    QT_TRANSLATE_NOOP("LotReport", "Qty"),
    QT_TRANSLATE_NOOP("LotReport", "Where / note"),
    QT_TRANSLATE_NOOP("LotReport", "Measurement"),
    QT_TRANSLATE_NOOP("LotReport", "Recorded"),
    QT_TRANSLATE_NOOP("LotReport", "VOID: {reason}"),
    QT_TRANSLATE_NOOP("LotReport", "manual"),
    QT_TRANSLATE_NOOP("LotReport", "automatic"),
    QT_TRANSLATE_NOOP("LotReport", "Total defective parts (not void): {count}"),
    QT_TRANSLATE_NOOP("LotReport", "No defects recorded."),
    QT_TRANSLATE_NOOP("LotReport", "Instruction sign-offs"),
    QT_TRANSLATE_NOOP("LotReport", "Step"),
    QT_TRANSLATE_NOOP("LotReport", "Kind"),
    QT_TRANSLATE_NOOP("LotReport", "Value"),
    QT_TRANSLATE_NOOP("LotReport", "Limits"),
    QT_TRANSLATE_NOOP("LotReport", "Flag"),
    QT_TRANSLATE_NOOP("LotReport", "User"),
    QT_TRANSLATE_NOOP("LotReport", "Time"),
    QT_TRANSLATE_NOOP("LotReport", "info"),
    QT_TRANSLATE_NOOP("LotReport", "confirm"),
    QT_TRANSLATE_NOOP("LotReport", "checklist"),
    QT_TRANSLATE_NOOP("LotReport", "measure"),
    QT_TRANSLATE_NOOP("LotReport", "OUT OF LIMIT"),
    QT_TRANSLATE_NOOP("LotReport", "No sign-offs."),
    QT_TRANSLATE_NOOP("LotReport", "Events (runs of counts summarised)"),
    QT_TRANSLATE_NOOP("LotReport", "Event"),
    QT_TRANSLATE_NOOP("LotReport", "By"),
    QT_TRANSLATE_NOOP("LotReport", "Reason / kept apart"),
    QT_TRANSLATE_NOOP("LotReport", "started"),
    QT_TRANSLATE_NOOP("LotReport", "count"),
    QT_TRANSLATE_NOOP("LotReport", "pause count"),
    QT_TRANSLATE_NOOP("LotReport", "late count"),
    QT_TRANSLATE_NOOP("LotReport", "resumed"),
    QT_TRANSLATE_NOOP("LotReport", "corrected"),
    QT_TRANSLATE_NOOP("LotReport", "Alarms during the lot"),
    QT_TRANSLATE_NOOP("LotReport", "Alarm"),
    QT_TRANSLATE_NOOP("LotReport", "SPC"),
    QT_TRANSLATE_NOOP("LotReport", "Characteristics"),
    QT_TRANSLATE_NOOP("LotReport", "Violations"),
    QT_TRANSLATE_NOOP("LotReport", "Characteristic"),
    QT_TRANSLATE_NOOP("LotReport", "Chart"),
    QT_TRANSLATE_NOOP("LotReport", "Limit set"),
    QT_TRANSLATE_NOOP("LotReport", "Points"),
    QT_TRANSLATE_NOOP("LotReport", "Notes"),
    QT_TRANSLATE_NOOP("LotReport", "Rule"),
    QT_TRANSLATE_NOOP("LotReport", "Point"),
    QT_TRANSLATE_NOOP("LotReport", "Assignable cause / action"),
    QT_TRANSLATE_NOOP("LotReport", "TRIAL"),
    QT_TRANSLATE_NOOP("LotReport", "awaiting cause"),
    QT_TRANSLATE_NOOP("LotReport", "Trend"),
    QT_TRANSLATE_NOOP("LotReport", "not enough samples for a trend"),
    QT_TRANSLATE_NOOP("LotReport", "{tag} (x: minutes)"),
    QT_TRANSLATE_NOOP("LotReport", "at most {limit}"),
    QT_TRANSLATE_NOOP("LotReport", "at least {limit}"),
    QT_TRANSLATE_NOOP("LotReport", "no value"),
    QT_TRANSLATE_NOOP("LotReport", "confirmed"),
    QT_TRANSLATE_NOOP("LotReport", "BAD"),
    QT_TRANSLATE_NOOP("LotReport", "STALE"),
    QT_TRANSLATE_NOOP("LotReport", "UNCERTAIN"),
    QT_TRANSLATE_NOOP("LotReport", "line counter"),
    QT_TRANSLATE_NOOP("LotReport", "equipment"),
    QT_TRANSLATE_NOOP("LotReport", "SPC rules"),
    QT_TRANSLATE_NOOP("LotReport", "MES sync"),
))


def _listed_for_lupdate() -> None:
    """The %n texts: lupdate marks a text as plural only when its count is a number literal, as here."""
    QCoreApplication.translate("LotReport", "%n part(s)", "", 1)


def _count(text: str, n: int) -> str:
    """A %n text with the translator's numerus form for n (Qt's translate is thread-safe: the report
    is rendered in a worker thread)."""
    return QCoreApplication.translate(CONTEXT, text, "", n)


def lot_report_texts(locale: str) -> ReportTexts:
    """The report's words in the installed translator's language (call it on the GUI thread); the SPC
    rules as the SPC screen names them."""
    from hmi.spc.rules import RULE_TEXT
    from screens.spc_screen import rule_text

    words = {text: QCoreApplication.translate(CONTEXT, text) for text in TEXTS}
    return ReportTexts(language=locale, words=words, counts=_count, rules={code: rule_text(code) for code in RULE_TEXT})
