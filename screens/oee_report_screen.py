"""The supervisor's OEE report: per day or per shift, the Pareto of downtime by reason, micro-stops,
OEE per hour as a chart, each shift's figures, and a CSV export."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pyqtgraph as pg
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QTableWidget,
    QTableWidgetItem,
    QWidget,
)

from hmi.auth import Permission
from hmi.oee.calculation import Figures
from hmi.oee.report import DayReport
from hmi.production.records import DowntimeReason, ProductionError
from screens.oee_screen import percent
from screens.shell_context import ShellContext
from screens.widgets.duration_text import duration_text
from screens.widgets.screen_base import ScreenBase

ALL_DAY = ""


def _plot() -> pg.PlotWidget:
    plot = pg.PlotWidget(background="#f7f8f9")
    plot.setMinimumHeight(150)
    plot.setMouseEnabled(x=False, y=False)
    plot.hideButtons()
    plot.getAxis("bottom").setPen("#5d656d")
    plot.getAxis("left").setPen("#5d656d")
    return plot


def _short(name: str, most: int = 16) -> str:
    return name if len(name) <= most else name[:most - 1] + "…"


class OeeReportScreen(ScreenBase):
    expected_errors = (ProductionError,)

    def __init__(self, context: ShellContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        self.oee = context.station.oee
        self.report: DayReport | None = None
        self._reasons: dict[str, DowntimeReason] = {}
        self._day = self.oee.local_day(context.station.clock.now()) if self.oee else date.today()
        top = QHBoxLayout()
        self.previous_button = QPushButton(objectName="OeeDayBefore")
        self.next_button = QPushButton(objectName="OeeDayAfter")
        self.day_label = QLabel(objectName="ScreenTitle")
        self.shift_choice = QComboBox(objectName="OeeShift")
        self.shift_choice.setMinimumHeight(64)
        self.shift_choice.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.shift_choice.setMinimumContentsLength(8)
        self.shift_choice.currentIndexChanged.connect(lambda _i: self._show())
        self.export_button = QPushButton(objectName="OeeExport")
        for button in (self.previous_button, self.next_button, self.export_button):
            button.setMinimumSize(96, 64)
        self.previous_button.clicked.connect(lambda: self._move(-1))
        self.next_button.clicked.connect(lambda: self._move(1))
        self.export_button.clicked.connect(self._export)
        top.addWidget(self.previous_button)
        top.addWidget(self.day_label)
        top.addWidget(self.next_button)
        top.addWidget(self.shift_choice, 1)
        top.addWidget(self.export_button)
        self.body.addLayout(top)
        self.summary = QLabel(objectName="Muted")
        self.summary.setWordWrap(True)
        self.body.addWidget(self.summary)
        charts = QHBoxLayout()
        self.pareto = _plot()
        self.hourly = _plot()
        for plot in (self.pareto, self.hourly):
            # The charts take the room that is left (never more than their minimum): the page never scrolls.
            plot.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Ignored)
            charts.addWidget(plot, 1)
        self.body.addLayout(charts, 1)
        self.shifts = QTableWidget(0, 7, objectName="OeeShifts")
        self.shifts.verticalHeader().setVisible(False)
        self.shifts.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.shifts.horizontalHeader().setStretchLastSection(True)
        self.shifts.verticalHeader().setDefaultSectionSize(52)     # a row is a touch target: >= 48 px
        self.shifts.setFixedHeight(196)
        self.body.addWidget(self.shifts)
        self.retranslate()

    def retranslate(self) -> None:
        self.title_label.setText(self.tr("OEE report"))
        self.previous_button.setText(self.tr("◀ Day"))
        self.next_button.setText(self.tr("Day ▶"))
        self.export_button.setText(self.tr("Export CSV"))
        self.shifts.setHorizontalHeaderLabels([self.tr("Shift"), self.tr("Availability"), self.tr("Performance"),
                                               self.tr("Quality"), self.tr("OEE"), self.tr("Target"),
                                               self.tr("Micro-stops")])
        self._fill_shifts()
        self._show()

    def on_shown(self) -> None:
        self.reload()

    def reload(self) -> None:
        self.run_task(self._load())

    async def _load(self) -> None:
        if self.oee is None or not self.context.station.auth.can(Permission.VIEW_OEE_REPORT):
            return
        self._reasons = {r.code: r for r in await self.context.station.production.downtime_reasons()}
        self.report = await self.oee.day_report(self._day)
        self._fill_shifts()
        self._show()

    def _move(self, days: int) -> None:
        self._day += timedelta(days=days)
        self.reload()

    def _korean(self) -> bool:
        return self.context.languages.locale == "ko"

    def _shift_name(self, name: str) -> str:
        if self._korean() and self.oee is not None:
            return next((s.name_ko for s in self.oee.section.shifts if s.name == name and s.name_ko), name)
        return name

    def _reason_name(self, code: str) -> str:
        reason = self._reasons.get(code)
        if reason is None:
            return self.tr("no reason") if code == "unassigned" else code
        return reason.name_ko if self._korean() and reason.name_ko else reason.name

    def _fill_shifts(self) -> None:
        chosen = self.shift_choice.currentData()
        self.shift_choice.blockSignals(True)
        self.shift_choice.clear()
        self.shift_choice.addItem(self.tr("Whole day"), ALL_DAY)
        for shift in self.report.shifts if self.report else ():
            self.shift_choice.addItem(self._shift_name(shift.shift.name), shift.shift.name)
        index = self.shift_choice.findData(chosen)
        self.shift_choice.setCurrentIndex(max(0, index))
        self.shift_choice.blockSignals(False)

    def _show(self) -> None:
        self.day_label.setText(self._day.isoformat())
        self.pareto.clear()
        self.hourly.clear()
        report = self.report
        if report is None or report.day != self._day or not report.shifts:
            self.summary.setText(self.tr("No shift of this day has begun yet."))
            self.shifts.setRowCount(0)
            return
        chosen = self.shift_choice.currentData() or ALL_DAY
        shifts = [s for s in report.shifts if chosen in (ALL_DAY, s.shift.name)]
        pareto: dict[str, float] = {}
        micro, micro_s = 0, 0.0
        for shift in shifts:
            for reason, seconds in shift.figures.downtime_s_by_reason.items():
                pareto[reason] = pareto.get(reason, 0.0) + seconds
            micro += shift.figures.micro_stops
            micro_s += shift.figures.micro_stop_total_s
        ranked = sorted(pareto.items(), key=lambda kv: (-kv[1], kv[0]))
        downtime = sum(pareto.values())
        # Two counts, two plurals: a %n text holds one number.
        self.summary.setText(self.tr("Downtime %1 in %n reason(s)", "", len(ranked))
                             .replace("%1", duration_text(downtime, tenths=False)) + " · "
                             + self.tr("%n micro-stop(s) (%1)", "", micro)
                             .replace("%1", duration_text(micro_s, tenths=False)))
        if ranked:
            xs = list(range(len(ranked)))
            minutes = [seconds / 60 for _, seconds in ranked]
            self.pareto.addItem(pg.BarGraphItem(x=xs, height=minutes, width=0.7, brush="#7a838c", pen="#7a838c"))
            self.pareto.getAxis("bottom").setTicks([[(x, _short(self._reason_name(code))) for x, (code, _) in
                                                     zip(xs, ranked, strict=True)]])
        self.pareto.setTitle(self.tr("Downtime by reason (min)"), color="#2b3035", size="10pt")
        hours = [(start, figures) for shift in shifts for start, figures in shift.hours]
        self._hourly(hours)
        self.shifts.setRowCount(len(shifts))
        for row, shift in enumerate(shifts):
            f = shift.figures
            cells = (self._shift_name(shift.shift.name), percent(f.availability), percent(f.performance),
                     percent(f.quality), percent(f.oee), percent(shift.shift.oee_target), str(f.micro_stops))
            for column, text in enumerate(cells):
                self.shifts.setItem(row, column, QTableWidgetItem(text))

    def _hourly(self, hours: list[tuple[float, Figures]]) -> None:
        self.hourly.setTitle(self.tr("OEE per hour (%)"), color="#2b3035", size="10pt")
        if not hours or self.oee is None:
            return
        xs = list(range(len(hours)))
        values = [0.0 if f.oee is None else f.oee * 100 for _, f in hours]
        self.hourly.addItem(pg.BarGraphItem(x=xs, height=values, width=0.7, brush="#5d88b3", pen="#5d88b3"))
        step = max(1, len(xs) // 8)
        self.hourly.getAxis("bottom").setTicks([[(x, self.oee.local(start).strftime("%H"))
                                                 for x, (start, _) in zip(xs, hours, strict=True)][::step]])
        self.hourly.setYRange(0, 110)

    def _export(self) -> None:
        self.run_task(self._write_csv())

    async def _write_csv(self) -> None:
        if self.oee is None:
            return
        text = await self.oee.export_csv(self._day)
        folder = Path(self.context.station.data_dir) / "exports"
        path = folder / f"oee-{self._day.isoformat()}.csv"

        def write() -> None:
            folder.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")

        import asyncio

        await asyncio.to_thread(write)
        self.context.notify(self.tr("OEE report written to %1").replace("%1", str(path)))
