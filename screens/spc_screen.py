"""SPC: the station overview of every characteristic and the control chart of the chosen one.

The overview says for each characteristic whether it is in control or which rule it broke last; the
chart shows the points against the centre line, the control limits and zones, the spec limits (in
another style: they are not control limits), the violations with their rule numbers, the limit-set
version (flagged when the limits are trial limits) and the capability with its warnings. Where a
rule needs it, the operator records the assignable cause and the corrective action from the touch
lists. Repaints follow the service's revision at most ``ui.max_repaint_hz`` and only while shown.
"""

from __future__ import annotations

import time

from PySide6.QtCore import QCoreApplication, Qt, QTimer
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from hmi.observable import Unsubscribe
from hmi.refusal import Refusal
from hmi.spc.capability import Capability
from hmi.spc.records import Reason, ViolationRecord
from hmi.spc.service import CharacteristicStatus, ChartView
from screens.shell_context import ShellContext
from screens.widgets.screen_base import ScreenBase
from screens.widgets.spc_chart import SpcChart


def rule_text(rule: str) -> str:
    """A rule's name and pattern in the screen's language."""
    texts = {
        "we-1": QCoreApplication.translate("SpcRule", "WE 1: 1 point beyond 3σ"),
        "we-2": QCoreApplication.translate("SpcRule", "WE 2: 2 of 3 points beyond 2σ, same side"),
        "we-3": QCoreApplication.translate("SpcRule", "WE 3: 4 of 5 points beyond 1σ, same side"),
        "we-4": QCoreApplication.translate("SpcRule", "WE 4: 8 points in a row on one side"),
        "nelson-1": QCoreApplication.translate("SpcRule", "Nelson 1: 1 point beyond 3σ"),
        "nelson-2": QCoreApplication.translate("SpcRule", "Nelson 2: 9 points in a row on one side"),
        "nelson-3": QCoreApplication.translate("SpcRule", "Nelson 3: 6 points rising or falling"),
        "nelson-4": QCoreApplication.translate("SpcRule", "Nelson 4: 14 points alternating up and down"),
        "nelson-5": QCoreApplication.translate("SpcRule", "Nelson 5: 2 of 3 points beyond 2σ, same side"),
        "nelson-6": QCoreApplication.translate("SpcRule", "Nelson 6: 4 of 5 points beyond 1σ, same side"),
        "nelson-7": QCoreApplication.translate("SpcRule", "Nelson 7: 15 points in a row within 1σ"),
        "nelson-8": QCoreApplication.translate("SpcRule", "Nelson 8: 8 points in a row beyond 1σ"),
    }
    return texts.get(rule, rule)


class _ItemButton(QPushButton):
    """One characteristic in the overview: its name and its state on two lines that wrap, never cut."""

    def __init__(self) -> None:
        super().__init__(objectName="SpcItem")
        self.setCheckable(True)
        self.setProperty("segment", "true")
        self.setMinimumHeight(76)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 6, 12, 6)
        layout.setSpacing(2)
        self.name = QLabel(objectName="GroupTitle")
        self.state = QLabel(objectName="Muted")
        for label in (self.name, self.state):
            label.setWordWrap(True)
            label.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
            layout.addWidget(label)

    def show_status(self, name: str, state: str, *, alarm: bool) -> None:
        self.name.setText(name)
        self.state.setText(state)
        self.state.setObjectName("Error" if alarm else "Muted")
        self.state.style().unpolish(self.state)
        self.state.style().polish(self.state)
        self.setMinimumHeight(max(76, self.layout().sizeHint().height()))


class SpcScreen(ScreenBase):
    expected_errors = (Refusal,)

    def __init__(self, context: ShellContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        self.spc = context.station.spc
        self.selected: str | None = None
        self._dirty = True
        self._visible = False
        self._unsubscribe: Unsubscribe | None = None
        self._buttons: dict[str, QPushButton] = {}
        self._statuses: list[CharacteristicStatus] = []
        self._pending: list[ViolationRecord] = []
        self._reasons: tuple[list[Reason], list[Reason]] = ([], [])
        self.paint_count = 0          # tests read it: repaints are coalesced
        self._repaint = QTimer(self, interval=int(1000 / context.station.profile.ui.max_repaint_hz))
        self._repaint.timeout.connect(self._paint_if_dirty)
        self._build()
        self.destroyed.connect(lambda *_: self._unsubscribe() if self._unsubscribe else None)
        self.retranslate()

    # Layout --------------------------------------------------------------------------------------
    def _build(self) -> None:
        row = QHBoxLayout()
        row.setSpacing(12)
        self.list_scroll = QScrollArea(objectName="SpcList")
        self.list_scroll.setWidgetResizable(True)
        self.list_scroll.setFixedWidth(250)
        self.list_scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        holder = QWidget()
        self.list_layout = QVBoxLayout(holder)
        self.list_layout.setContentsMargins(0, 0, 0, 0)
        self.list_layout.setSpacing(6)
        self.list_layout.addStretch(1)
        self.list_scroll.setWidget(holder)
        self._group = QButtonGroup(self)
        self._group.setExclusive(True)
        row.addWidget(self.list_scroll)

        detail = QVBoxLayout()
        detail.setSpacing(6)
        self.heading = QLabel(objectName="GroupTitle")
        self.heading.setWordWrap(True)
        self.version = QLabel(objectName="Muted")
        self.version.setWordWrap(True)
        self.capability = QLabel(objectName="Notice")
        self.capability.setWordWrap(True)
        self.state = QLabel(objectName="Notice")
        self.state.setWordWrap(True)
        self.chart = SpcChart()
        self.chart.setMinimumHeight(260)
        self.legend = QLabel(objectName="Muted")
        self.legend.setWordWrap(True)
        top = QHBoxLayout()
        top.setSpacing(8)
        top.addWidget(self.heading, 1)
        self.cause_button = QPushButton(objectName="SpcCause")
        self.cause_button.setMinimumHeight(58)
        self.cause_button.clicked.connect(self._open_cause)
        top.addWidget(self.cause_button)
        detail.addLayout(top)
        detail.addWidget(self.version)
        detail.addWidget(self.state)
        detail.addWidget(self.chart, 1)
        detail.addWidget(self.capability)
        detail.addWidget(self.legend)

        self.cause_panel = QFrame(objectName="Card")
        cause_row = QHBoxLayout(self.cause_panel)
        cause_row.setContentsMargins(10, 6, 10, 6)
        self.cause_for = QLabel(objectName="Notice")
        self.cause_for.setWordWrap(True)
        self.cause_combo = QComboBox()
        self.action_combo = QComboBox()
        self.save_cause = QPushButton()
        self.save_cause.setProperty("role", "primary")
        self.save_cause.setMinimumHeight(58)
        self.save_cause.clicked.connect(self._save_cause)
        self.cancel_cause = QPushButton()
        self.cancel_cause.setMinimumHeight(58)
        self.cancel_cause.clicked.connect(lambda: self.cause_panel.hide())
        cause_column = QVBoxLayout()
        cause_column.addWidget(self.cause_for)
        combos = QHBoxLayout()
        combos.addWidget(self.cause_combo, 1)
        combos.addWidget(self.action_combo, 1)
        combos.addWidget(self.save_cause)
        combos.addWidget(self.cancel_cause)
        cause_column.addLayout(combos)
        cause_row.addLayout(cause_column)
        self.cause_panel.hide()
        detail.addWidget(self.cause_panel)
        row.addLayout(detail, 1)
        self.body.addLayout(row, 1)

    def retranslate(self) -> None:
        self.title_label.setText(self.tr("SPC"))
        self.legend.setText(self.tr("── CL   ‒ ‒ control limits UCL/LCL   ··· 1σ/2σ zones\n‒·‒ spec limits USL/LSL   ◆ rule number violated"))
        self.save_cause.setText(self.tr("Save"))
        self.cancel_cause.setText(self.tr("Cancel"))
        self._dirty = True
        self._paint()

    # Showing ---------------------------------------------------------------------------------------
    def on_shown(self) -> None:
        self._visible = True
        if self._unsubscribe is None:
            self._unsubscribe = self.spc.revision.subscribe(self._changed, replay=False)
        self._repaint.start()
        self._dirty = True
        self._paint()

    def on_hidden(self) -> None:
        self._visible = False
        self._repaint.stop()
        if self._unsubscribe is not None:
            self._unsubscribe()
            self._unsubscribe = None

    def _changed(self, _revision: int) -> None:
        self._dirty = True

    def _paint_if_dirty(self) -> None:
        if self._dirty and self._visible:
            self._paint()

    def _paint(self) -> None:
        self._dirty = False
        if self.context.station.auth.current is None:
            return
        try:
            statuses = self.spc.characteristics()
        except Refusal:
            return
        self.paint_count += 1
        self._statuses = statuses
        self._paint_list(statuses)
        if self.selected is None and statuses:
            self.selected = statuses[0].code
        if self.selected is None:
            self.heading.setText(self.tr("No characteristics are configured for SPC on this station."))
            self.version.setText("")
            self.state.setText("")
            self.capability.setText("")
            self.cause_button.hide()
            self.chart.clear_chart()
            return
        self._paint_chart(self.spc.chart(self.selected))

    def _paint_list(self, statuses: list[CharacteristicStatus]) -> None:
        korean = self.context.languages.locale == "ko"
        for status in statuses:
            button = self._buttons.get(status.code)
            if button is None:
                button = _ItemButton()
                button.clicked.connect(lambda _=False, code=status.code: self._select(code))
                self._group.addButton(button)
                self.list_layout.insertWidget(self.list_layout.count() - 1, button)
                self._buttons[status.code] = button
            assert isinstance(button, _ItemButton)
            name = status.name_ko if korean and status.name_ko else status.name
            button.show_status(name, self._short_state(status), alarm=status.state == "violation")
            button.setChecked(status.code == self.selected)

    def _short_state(self, s: CharacteristicStatus) -> str:
        if s.state == "idle":
            return self.tr("No lot running")
        if s.state == "no_limits":
            return self.tr("No limit set")
        if s.state == "baseline":
            return self.tr("Baseline: %n point(s)", "", s.points)
        if s.state == "violation" and s.latest_rule:
            return self.tr("Out of control: %1").replace("%1", rule_text(s.latest_rule).split(":")[0])
        if s.latest_rule:
            return self.tr("In control (last: %1)").replace("%1", rule_text(s.latest_rule).split(":")[0])
        return self.tr("In control")

    def _paint_chart(self, view: ChartView) -> None:
        s = view.status
        korean = self.context.languages.locale == "ko"
        name = s.name_ko if korean and s.name_ko else s.name
        unit = f" ({s.unit})" if s.unit else ""
        charts = {"imr": self.tr("I-MR chart"), "xbar_r": self.tr("X̄-R chart"), "xbar_s": self.tr("X̄-S chart"),
                  "p": self.tr("p chart"), "np": self.tr("np chart"), "c": self.tr("c chart"), "u": self.tr("u chart")}
        self.heading.setText(f"{name}{unit} · {charts.get(s.chart.value, s.chart.value)}")
        limits = view.limits
        if limits is None:
            self.version.setText(self.tr("No limit set for this lot: the centre has sent none."))
        elif limits.trial:
            self.version.setText(self.tr("TRIAL limits %1, computed at the station from the baseline; not a limit set from the centre").replace("%1", limits.version))
        else:
            self.version.setText(self.tr("Limit set %1 (from the centre)").replace("%1", limits.version))
        if s.lot_no is None:
            self.state.setText(self.tr("No lot running."))
        elif s.state == "violation" and s.latest_rule:
            self.state.setText(self.tr("Out of control: %1").replace("%1", rule_text(s.latest_rule)))
        elif s.state == "baseline":
            self.state.setText(self.tr("Collecting the baseline for trial limits: %n point(s)", "", s.points))
        elif s.state == "no_limits":
            self.state.setText(self.tr("Values are not judged until a limit set arrives."))
        else:
            self.state.setText(self.tr("In control · lot %1 · %n point(s)", "", s.points).replace("%1", s.lot_no))
        self.capability.setText(self._capability_text(view.capability))
        if limits is not None and view.points:
            names = {"cl": self.tr("CL"), "ucl": self.tr("UCL"), "lcl": self.tr("LCL"), "usl": self.tr("USL"),
                     "lsl": self.tr("LSL")}
            self.chart.set_chart(limits, view.points, names=names)
        else:
            self.chart.clear_chart()
        self.cause_button.setVisible(s.awaiting_cause > 0)
        self.cause_button.setText(self.tr("Record cause (%1)").replace("%1", str(s.awaiting_cause)))

    def _capability_text(self, cap: Capability | None) -> str:
        if cap is None:
            return ""

        def num(value: float | None) -> str:
            return "–" if value is None else f"{value:.2f}"

        text = self.tr("Cp %1 · Cpk %2 · Pp %3 · Ppk %4 · %5 values").replace("%1", num(cap.cp)).replace(
            "%2", num(cap.cpk)).replace("%3", num(cap.pp)).replace("%4", num(cap.ppk)).replace("%5", str(cap.count))
        notes = {"too_few": self.tr("too few values to rely on"), "not_in_control": self.tr("not in control"),
                 "no_spec": self.tr("no spec limits"), "no_variation": self.tr("the values do not vary"),
                 "several_versions": self.tr("several limit-set versions")}
        warned = [notes[k] for k in cap.kinds if k in notes]
        if warned:
            text += "  ⚠ " + "; ".join(warned)
        return text

    def _select(self, code: str) -> None:
        self.selected = code
        self.cause_panel.hide()
        self._dirty = True
        self._paint()

    # Assignable cause ---------------------------------------------------------------------------------
    def _open_cause(self) -> None:
        self.run_task(self._load_cause())

    async def _load_cause(self) -> None:
        if self.selected is None:
            return
        self._pending = await self.spc.violations(characteristic=self.selected, awaiting_cause=True)
        self._reasons = await self.spc.reasons()
        if not self._pending:
            self.cause_panel.hide()
            return
        korean = self.context.languages.locale == "ko"
        first = self._pending[0]
        when = time.strftime("%H:%M:%S", time.localtime(first.sample_ts))
        prompt = self.tr("%1 at point %2 (%3): choose the assignable cause and the corrective action")
        self.cause_for.setText(prompt.replace("%1", rule_text(first.rule)).replace("%2", str(first.index + 1))
                               .replace("%3", when))
        for combo, reasons in ((self.cause_combo, self._reasons[0]), (self.action_combo, self._reasons[1])):
            combo.clear()
            for reason in reasons:
                combo.addItem(reason.name_ko if korean and reason.name_ko else reason.name, reason.code)
        self.save_cause.setEnabled(bool(self._reasons[0]) and bool(self._reasons[1]))
        self.cause_panel.show()

    def _save_cause(self) -> None:
        if not self._pending:
            return
        violation = self._pending[0]
        cause, action = self.cause_combo.currentData(), self.action_combo.currentData()

        async def save() -> None:
            await self.spc.record_cause(violation.id, cause_code=str(cause), action_code=str(action))
            self.context.notify(self.tr("Cause recorded."))
            self.cause_panel.hide()
            self._dirty = True
            self._paint()

        self.run_task(save())
