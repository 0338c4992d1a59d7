"""The operator's OEE: this shift's A, P, Q and OEE against target, planned against actual count hour by
hour, the open downtime and the stops still waiting for a reason (given here in two taps).

One tap from the Lots screen in the rail. Live updates change texts and table cells in place.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QSizePolicy,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from hmi.oee.service import LiveOee, ReasonCategory
from hmi.production.records import ProductionError
from screens.shell_context import ShellContext
from screens.widgets.duration_text import duration_text
from screens.widgets.reason_tree import ReasonTreeBar
from screens.widgets.screen_base import ScreenBase

REASON_BAR_HEIGHT = 100


def percent(value: float | None) -> str:
    return "—" if value is None else f"{value * 100:.1f} %"


class OeeScreen(ScreenBase):
    expected_errors = (ProductionError,)

    def __init__(self, context: ShellContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        self.oee = context.station.oee
        self._tree: list[ReasonCategory] = []
        self._korean = False
        self.shift_line = QLabel(objectName="Muted")
        self.shift_line.setWordWrap(True)
        self.body.addWidget(self.shift_line)
        tiles = QHBoxLayout()
        self.tiles: dict[str, tuple[QLabel, QLabel]] = {}
        self.notes: dict[str, QLabel] = {}
        for key in ("availability", "performance", "quality", "oee"):
            card = QFrame(objectName="Card")
            column = QVBoxLayout(card)
            column.setContentsMargins(12, 6, 12, 6)
            column.setSpacing(0)
            caption = QLabel(objectName="Muted")
            value = QLabel(objectName="KpiValue")
            value.setObjectName(f"Oee{key.capitalize()}")
            value.setStyleSheet("font-size: 30px; font-weight: 600;")
            note = QLabel(objectName="Muted")
            note.setWordWrap(True)
            card.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
            column.addWidget(caption)
            column.addWidget(value)
            column.addWidget(note)
            tiles.addWidget(card, 1)
            self.tiles[key] = (caption, value)
            self.notes[key] = note
        self.body.addLayout(tiles)
        row = QHBoxLayout()
        self.hours = QTableWidget(0, 4, objectName="OeeHours")
        self.hours.verticalHeader().setVisible(False)
        self.hours.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.hours.setSelectionMode(QTableWidget.SelectionMode.NoSelection)
        self.hours.horizontalHeader().setStretchLastSection(True)
        self.hours.verticalHeader().setDefaultSectionSize(52)
        row.addWidget(self.hours, 3)
        side = QVBoxLayout()
        self.open_title = QLabel()
        self.open_title.setStyleSheet("font-weight: 600;")
        self.open_line = QLabel(objectName="Notice")
        self.open_line.setWordWrap(True)
        self.waiting_title = QLabel()
        self.waiting_title.setStyleSheet("font-weight: 600;")
        self.waiting = QListWidget(objectName="OeeWaiting")
        self.waiting.setWordWrap(True)
        self.waiting.currentRowChanged.connect(lambda _row: self._chosen_event())
        for widget in (self.open_title, self.open_line, self.waiting_title):
            side.addWidget(widget)
        side.addWidget(self.waiting, 1)
        row.addLayout(side, 2)
        self.body.addLayout(row, 1)
        self.reason_bar = ReasonTreeBar()
        self.reason_bar.setFixedHeight(REASON_BAR_HEIGHT)
        self.reason_bar.chosen.connect(self._reason_chosen)
        self.body.addWidget(self.reason_bar)
        self._unsubscribe = [self.oee.live.subscribe(lambda live: self._show(live), replay=False)] if self.oee else []
        self.destroyed.connect(lambda *_: [u() for u in self._unsubscribe])
        self.retranslate()

    def retranslate(self) -> None:
        self._korean = self.context.languages.locale == "ko"
        self.title_label.setText(self.tr("OEE this shift"))
        captions = {"availability": self.tr("Availability"), "performance": self.tr("Performance"),
                    "quality": self.tr("Quality"), "oee": self.tr("OEE")}
        for key, (caption, _value) in self.tiles.items():
            caption.setText(captions[key])
        self.hours.setHorizontalHeaderLabels([self.tr("Hour"), self.tr("Planned"), self.tr("Actual"),
                                              self.tr("OEE")])
        self.open_title.setText(self.tr("Open downtime"))
        self.waiting_title.setText(self.tr("Stops waiting for a reason"))
        self.reason_bar.question.setText(self.tr("Choose a stop, then its reason"))
        self._fill_tree()
        self._show(self.oee.live.value if self.oee else None)

    def on_shown(self) -> None:
        self.run_task(self._load())

    async def _load(self) -> None:
        if self.oee is None:
            return
        self._tree = await self.oee.reason_tree()
        self._fill_tree()

    def _fill_tree(self) -> None:
        self.reason_bar.set_tree(self._tree, korean=self._korean, back=self.tr("Back"), more=self.tr("More"))

    def _clock(self, ts: float) -> str:
        return self.oee.local(ts).strftime("%H:%M") if self.oee is not None else ""

    def _show(self, live: LiveOee | None) -> None:
        figures = live.figures if live is not None else None
        shift = live.shift if live is not None else None
        if shift is None or figures is None:
            self.shift_line.setText(self.tr("No shift is planned now."))
        else:
            name = shift.name
            if self._korean and self.oee is not None:
                name = next((s.name_ko for s in self.oee.section.shifts if s.name == shift.name and s.name_ko), name)
            self.shift_line.setText(
                self.tr("%1 %2–%3 · run %4 of %5 planned · %n micro-stop(s) (%7) · %8 good, %9 scrap", "",
                        figures.micro_stops)
                .replace("%1", name).replace("%2", self._clock(shift.start)).replace("%3", self._clock(shift.end))
                .replace("%4", duration_text(figures.run_s, tenths=False))
                .replace("%5", duration_text(figures.planned_s, tenths=False))
                .replace("%7", duration_text(figures.micro_stop_total_s, tenths=False))
                .replace("%8", str(figures.good)).replace("%9", str(figures.scrap)))
        values = {"availability": figures.availability if figures else None,
                  "performance": figures.performance if figures else None,
                  "quality": figures.quality if figures else None, "oee": figures.oee if figures else None}
        for key, (_caption, value) in self.tiles.items():
            value.setText(percent(values[key]))
        target = shift.oee_target if shift is not None else None
        oee_note, perf_note = self.notes["oee"], self.notes["performance"]
        below = figures is not None and figures.oee is not None and target is not None and figures.oee < target
        oee_note.setText(self.tr("target %1").replace("%1", percent(target)) if target is not None else "")
        self.tiles["oee"][1].setStyleSheet("font-size: 30px; font-weight: 600;" + (" color: #c62828;" if below else ""))
        over = figures is not None and figures.performance is not None and figures.performance > 1.0
        missing = figures is not None and figures.good + figures.scrap > 0 and figures.ideal_cycle_s is None
        perf_note.setText(self.tr("above 100 %: check the ideal cycle time") if over else
                          self.tr("no ideal cycle time in the master data") if missing else "")
        hours = live.hours if live is not None else ()
        self.hours.setRowCount(len(hours))
        for row, hour in enumerate(hours):
            cells = (f"{self._clock(hour.start)}–{self._clock(hour.end)}",
                     "—" if hour.planned_count is None else f"{hour.planned_count:.0f}",
                     str(hour.actual_count), percent(hour.oee))
            for column, text in enumerate(cells):
                item = self.hours.item(row, column)
                if item is None:
                    item = QTableWidgetItem()
                    item.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
                    self.hours.setItem(row, column, item)
                item.setText(text)
        event = live.open_event if live is not None else None
        if event is None:
            self.open_line.setText(self.tr("The line is not stopped."))
        else:
            end = live.updated_at if live is not None else event.start
            self.open_line.setText(self.tr("Stopped since %1 (%2) · %3").replace("%1", self._clock(event.start))
                                   .replace("%2", duration_text(end - event.start, tenths=False))
                                   .replace("%3", self._reason_name(event.reason)))
        waiting = live.waiting if live is not None else ()
        chosen = self._chosen_id()
        self.waiting.blockSignals(True)
        self.waiting.clear()
        for item_event in reversed(waiting):
            length = (item_event.end or (live.updated_at if live else item_event.start)) - item_event.start
            item = QListWidgetItem(self.tr("%1, %2").replace("%1", self._clock(item_event.start))
                                   .replace("%2", duration_text(length, tenths=False)))
            item.setData(Qt.ItemDataRole.UserRole, item_event.id)
            self.waiting.addItem(item)
            if item_event.id == chosen:
                self.waiting.setCurrentItem(item)
        if not waiting:
            self.waiting.addItem(self.tr("none"))
        self.waiting.blockSignals(False)
        self.reason_bar.setEnabled(self._chosen_id() is not None)

    def _reason_name(self, code: str) -> str:
        for category in self._tree:
            for reason in category.reasons:
                if reason.code == code:
                    return reason.name_ko if self._korean and reason.name_ko else reason.name
        return self.tr("no reason yet") if code == "unassigned" else code

    def _chosen_id(self) -> int | None:
        item = self.waiting.currentItem()
        value = item.data(Qt.ItemDataRole.UserRole) if item is not None else None
        return int(value) if value is not None else None

    def _chosen_event(self) -> None:
        self.reason_bar.reset()
        self.reason_bar.setEnabled(self._chosen_id() is not None)

    def _reason_chosen(self, code: str) -> None:
        event_id = self._chosen_id()
        if event_id is None or self.oee is None:
            return
        self.run_task(self.oee.set_reason(event_id, code))
