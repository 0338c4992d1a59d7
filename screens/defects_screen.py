"""Defects: a touch grid of defect codes grouped by category, quantity, location, note; void with reason.

After a defect is recorded the screen offers "Print label"; ``print_label_requested`` carries the
defect id to whoever wires label printing (the labels area).
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import SIGNAL, Qt, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from hmi.auth import Permission
from hmi.production import records
from hmi.production.records import Defect, DefectCode, ProductionError
from screens.shell_context import ShellContext
from screens.widgets.screen_base import ScreenBase

SEVERITY_MARK = {"critical": "!!!", "major": "!!", "minor": "!"}


class DefectsScreen(ScreenBase):
    expected_errors = (ProductionError,)
    print_label_requested = Signal(int)

    def __init__(self, context: ShellContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        self.production = context.station.production
        self.codes: list[DefectCode] = []
        self.code_buttons: dict[str, QPushButton] = {}
        self.defects: list[Defect] = []
        self.last_recorded: Defect | None = None
        self._korean = False

        self.lot_info = QLabel(objectName="Notice")
        self.body.addWidget(self.lot_info)
        row = QHBoxLayout()
        grid_card = QFrame(objectName="Card")
        grid_box = QVBoxLayout(grid_card)
        self.grid_area = QScrollArea()
        self.grid_area.setWidgetResizable(True)
        self.grid_area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.grid_host = QWidget()
        self.grid = QGridLayout(self.grid_host)
        self.grid.setSpacing(8)
        self.grid_area.setWidget(self.grid_host)
        self.group = QButtonGroup(self)
        self.group.setExclusive(True)
        grid_box.addWidget(self.grid_area)
        row.addWidget(grid_card, 3)

        form_card = QFrame(objectName="Card")
        form = QVBoxLayout(form_card)
        self.qty_caption = QLabel(objectName="Muted")
        self.qty_field = QLineEdit("1", objectName="DefectQty")
        self.qty_field.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.qty_field.returnPressed.connect(self._record)
        self.qty_minus = QPushButton("−", objectName="QtyMinus")
        self.qty_plus = QPushButton("+", objectName="QtyPlus")
        for button in (self.qty_minus, self.qty_plus):
            button.setProperty("role", "key")
            button.setStyleSheet("min-width: 80px; min-height: 58px;")
        self.qty_minus.clicked.connect(lambda: self._step_qty(-1))
        self.qty_plus.clicked.connect(lambda: self._step_qty(1))
        qty_row = QHBoxLayout()
        qty_row.addWidget(self.qty_minus)
        qty_row.addWidget(self.qty_field, 1)
        qty_row.addWidget(self.qty_plus)
        self.location_field = QLineEdit(objectName="DefectLocation")
        self.note_field = QLineEdit(objectName="DefectNote")
        self.lot_field = QLineEdit(objectName="DefectLot")   # scan another lot; empty = the active lot
        self.record_button = QPushButton(objectName="RecordDefect")
        self.record_button.setProperty("role", "primary")
        self.record_button.setMinimumHeight(64)
        self.record_button.clicked.connect(self._record)
        form.addWidget(self.qty_caption)
        form.addLayout(qty_row)
        for widget in (self.location_field, self.note_field, self.lot_field, self.record_button):
            form.addWidget(widget)
        form.addStretch(1)
        row.addWidget(form_card, 2)
        self.body.addLayout(row, 4)

        self.defect_list = QListWidget(objectName="DefectList")
        self.defect_list.setMinimumHeight(60)
        actions = QHBoxLayout()
        self.label_button = QPushButton(objectName="PrintLabel")
        self.void_reason = QLineEdit(objectName="VoidReason")
        self.void_button = QPushButton(objectName="VoidDefect")
        for button in (self.label_button, self.void_button):
            button.setMinimumHeight(60)
        self.label_button.clicked.connect(self._print_label)
        self.void_button.clicked.connect(self._void)
        actions.addWidget(self.label_button)
        actions.addWidget(self.void_reason, 1)
        actions.addWidget(self.void_button)
        self.body.addWidget(self.defect_list, 1)
        self.body.addLayout(actions)

        self._unsubscribers = [self.production.lots.active.subscribe(lambda _l: self._refresh(), replay=False)]
        self.destroyed.connect(lambda *_: [u() for u in self._unsubscribers])
        if context.station.labels.printers:
            self.print_label_requested.connect(self._queue_label)
        self.retranslate()

    def _queue_label(self, defect_id: int) -> None:
        self.run_task(self._do_queue_label(defect_id))

    async def _do_queue_label(self, defect_id: int) -> None:
        job = await self.context.station.labels.print_defect(defect_id, locale=self.context.languages.locale)
        self.context.notify(self.tr("Label queued on printer %1 (job %2).").replace("%1", job.printer)
                            .replace("%2", str(job.id)))

    def retranslate(self) -> None:
        self._korean = self.context.languages.locale == "ko"
        self.title_label.setText(self.tr("Defects"))
        self.qty_caption.setText(self.tr("Quantity"))
        self.location_field.setPlaceholderText(self.tr("Location on the part (optional)"))
        self.note_field.setPlaceholderText(self.tr("Note (optional)"))
        self.lot_field.setPlaceholderText(self.tr("Other lot or serial: scan here (optional)"))
        self.record_button.setText(self.tr("Record defect"))
        self.label_button.setText(self.tr("Print label"))
        self.void_reason.setPlaceholderText(self.tr("Reason to void (inspector)"))
        self.void_button.setText(self.tr("Void selected defect"))
        self._build_grid()
        self._show_lot()
        self._show_defects()

    def on_shown(self) -> None:
        self._refresh()

    def _refresh(self) -> None:
        self.run_task(self._load())

    async def _load(self) -> None:
        codes = await self.context.station.store.read(records.defect_codes)
        if codes != self.codes:
            self.codes = codes
            self._build_grid()
        lot = self.production.lots.active.value
        lot_id = lot.id if lot is not None else None
        self.defects = (await self.context.station.store.read(lambda db: records.defects_of_lot(db, lot_id))
                        if lot_id is not None else [])
        self._show_lot()
        self._show_defects()

    def _build_grid(self) -> None:
        selected = self.selected_code()
        while self.grid.count():
            item = self.grid.takeAt(0)
            if item.widget() is not None:
                item.widget().deleteLater()
        self.code_buttons = {}
        for r in range(self.grid.rowCount()):
            self.grid.setRowStretch(r, 0)
        row = 0
        for category in sorted({c.category for c in self.codes}):
            first = next(c for c in self.codes if c.category == category)
            header = QLabel(first.category_ko if self._korean and first.category_ko else category, objectName="Muted")
            self.grid.addWidget(header, row, 0, 1, 2)
            row += 1
            for i, code in enumerate(c for c in self.codes if c.category == category):
                name = code.name_ko if self._korean else code.name
                button = QPushButton(f"{name}\n{code.code} · {SEVERITY_MARK.get(code.severity, '')}",
                                     objectName=f"code_{code.code}")
                button.setCheckable(True)
                button.setMinimumHeight(72)
                button.setChecked(code.code == selected)
                self.group.addButton(button)
                self.grid.addWidget(button, row + i // 2, i % 2)
                self.code_buttons[code.code] = button
            row += (len([c for c in self.codes if c.category == category]) + 1) // 2
        self.grid.setRowStretch(row, 1)

    def _step_qty(self, delta: int) -> None:
        try:
            qty = int(self.qty_field.text())
        except ValueError:
            qty = 1
        self.qty_field.setText(str(max(1, qty + delta)))

    def selected_code(self) -> str | None:
        return next((code for code, button in self.code_buttons.items() if button.isChecked()), None)

    def _show_lot(self) -> None:
        lot = self.production.lots.active.value
        self.lot_info.setText(self.tr("Active lot: %1").replace("%1", lot.lot_no) if lot else
                              self.tr("No active lot: scan the lot number below to record against it."))

    def _show_defects(self) -> None:
        self.defect_list.clear()
        for d in self.defects:
            when = dt.datetime.fromtimestamp(d.recorded_at).strftime("%H:%M")
            name = d.name_ko if self._korean else d.name
            text = f"#{d.id} {when} · {d.code} {name} × {d.qty}"
            if d.measurement:
                text += f" · {d.measurement.get('value')} {d.measurement.get('unit', '')}"
            if d.voided:
                text = self.tr("VOID") + f" ({d.void_reason}) · " + text
            item = QListWidgetItem(text)
            item.setData(Qt.ItemDataRole.UserRole, d.id)
            self.defect_list.addItem(item)
        self.void_button.setEnabled(self.context.station.auth.can(Permission.VOID_DEFECT))

    def _record(self) -> None:
        code = self.selected_code()
        if code is None:
            self.context.notify(self.tr("Choose a defect code first."))
            return
        try:
            qty = int(self.qty_field.text())
        except ValueError:
            self.context.notify(self.tr("Quantity must be a whole number."))
            return
        self.run_task(self._do_record(code, qty))

    async def _do_record(self, code: str, qty: int) -> None:
        defect = await self.production.defects.record(
            code=code, qty=qty, location=self.location_field.text(), note=self.note_field.text(),
            lot_no=self.lot_field.text().strip() or None)
        self.last_recorded = defect
        self.qty_field.setText("1")
        self.location_field.clear()
        self.note_field.clear()
        self.context.notify(self.tr("Defect %1 recorded. Print its label with “Print label”.")
                            .replace("%1", f"#{defect.id} {defect.code}"))
        await self._load()
        for row in range(self.defect_list.count()):
            if self.defect_list.item(row).data(Qt.ItemDataRole.UserRole) == defect.id:
                self.defect_list.setCurrentRow(row)

    def _selected_defect(self) -> int | None:
        item = self.defect_list.currentItem()
        return None if item is None else int(item.data(Qt.ItemDataRole.UserRole))

    def _print_label(self) -> None:
        defect_id = self._selected_defect()
        if defect_id is None:
            self.context.notify(self.tr("Select a defect first."))
            return
        if self.receivers(SIGNAL("print_label_requested(int)")) == 0:
            self.context.notify(self.tr("Label printing is not set up at this station."))
            return
        self.print_label_requested.emit(defect_id)

    def _void(self) -> None:
        defect_id = self._selected_defect()
        if defect_id is None:
            self.context.notify(self.tr("Select a defect first."))
            return
        self.run_task(self._do_void(defect_id, self.void_reason.text()))

    async def _do_void(self, defect_id: int, reason: str) -> None:
        await self.production.defects.void(defect_id=defect_id, reason=reason)
        self.void_reason.clear()
        await self._load()
