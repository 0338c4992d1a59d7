"""Defects: a touch grid of defect codes grouped by category, quantity, location, note; void with reason.

The lot is the active one, or the one scanned into the lot field (a barcode scanner is a keyboard
wedge: the number, then Enter), finished lots too; the list shows that lot's defects. After a defect
is recorded the screen offers "Print label"; ``print_label_requested`` carries the defect id to whoever
wires label printing (the labels area).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from PySide6.QtCore import QT_TRANSLATE_NOOP, SIGNAL, QCoreApplication, QSize, Qt, Signal
from PySide6.QtGui import QResizeEvent
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
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from hmi.auth import Permission
from hmi.production.records import Defect, DefectCode, Lot, LotStatus, ProductionError
from screens.shell_context import ShellContext
from screens.widgets.screen_base import ScreenBase

SEVERITY_TEXT = {"critical": QT_TRANSLATE_NOOP("DefectsScreen", "critical"),
                 "major": QT_TRANSLATE_NOOP("DefectsScreen", "major"),
                 "minor": QT_TRANSLATE_NOOP("DefectsScreen", "minor")}
STATUS_TEXT = {LotStatus.RUNNING: QT_TRANSLATE_NOOP("DefectsScreen", "running"),
               LotStatus.PAUSED: QT_TRANSLATE_NOOP("DefectsScreen", "paused"),
               LotStatus.FINISHED: QT_TRANSLATE_NOOP("DefectsScreen", "finished"),
               LotStatus.ABORTED: QT_TRANSLATE_NOOP("DefectsScreen", "aborted")}
CODE_BUTTON_MIN_HEIGHT = 72
CODE_BUTTON_FRAME = 2 * (10 + 4) + 4    # side padding + the selected state's 4 px border, both sides, + slack
LIST_ROW_HEIGHT = 56
LIST_MIN_HEIGHT = 88
# Selected: inverted grey with a thick border (ISA-101: no alarm colour for a choice).
GRID_STYLE = """
QPushButton[defectCode="true"] { padding: 4px 10px; min-width: 0; text-align: center; font-size: 17px; }
QPushButton[defectCode="true"]:checked { background: #3c4248; color: #ffffff; border: 4px solid #15181b; }
"""
NO_BREAK_HYPHEN = "\u2011"


def wrap_words(text: str, width: int, advance: Callable[[str], int]) -> list[str]:
    """Lines of at most ``width`` (as ``advance`` measures), broken between words only; a word longer than
    a line (Korean written without spaces) is broken between its characters, never cut off."""
    lines: list[str] = []
    line = ""
    for word in text.split():
        candidate = f"{line} {word}" if line else word
        if advance(candidate) <= width:
            line = candidate
            continue
        if line:
            lines.append(line)
        line = ""
        while advance(word) > width and len(word) > 1:
            cut = len(word) - 1
            while cut > 1 and advance(word[:cut]) > width:
                cut -= 1
            lines.append(word[:cut])
            word = word[cut:]
        line = word
    if line:
        lines.append(line)
    return lines or [""]


def unbreakable(code: str) -> str:
    """A code as one word for the line breaker: "COL-SHADE" is never split at its hyphen."""
    return code.replace("-", NO_BREAK_HYPHEN)


class _CodeScroll(QScrollArea):
    """The code grid's scroll area: tells the screen when its width changed, so the texts are re-wrapped
    (a resize handler, not an event filter: a filter also sees the events of the screen's teardown)."""

    def __init__(self, *, on_resize: Callable[[], None]) -> None:
        super().__init__(objectName="DefectCodes")
        self._on_resize = on_resize

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._on_resize()


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
        self._just_recorded: int | None = None   # the defect this screen just recorded, to select once listed
        self.shown_lot: Lot | None = None      # the lot whose defects are listed (scanned, or the active one)
        self.scanned_lot: str | None = None     # a lot number the inspector scanned; None: the active lot
        self._names: dict[str, str] = {}        # user ID -> display name
        self._korean = False
        self._wrap_width = 0

        # The lot: the active one, or scan another (the scanner types the number and Enter).
        lot_row = QHBoxLayout()
        self.lot_info = QLabel(objectName="Notice")
        self.lot_info.setWordWrap(True)
        self.lot_field = QLineEdit(objectName="DefectLot")
        self.lot_field.setMinimumHeight(56)
        self.lot_field.returnPressed.connect(self._scan_lot)
        self.active_lot_button = QPushButton(objectName="ActiveLot")
        self.active_lot_button.setMinimumHeight(56)
        self.active_lot_button.clicked.connect(self._use_active_lot)
        lot_row.addWidget(self.lot_info, 3)
        lot_row.addWidget(self.lot_field, 2)
        lot_row.addWidget(self.active_lot_button)
        self.body.addLayout(lot_row)

        row = QHBoxLayout()
        grid_card = QFrame(objectName="Card")
        grid_box = QVBoxLayout(grid_card)
        grid_box.setContentsMargins(6, 6, 6, 6)
        self.grid_area = _CodeScroll(on_resize=self._wrap_codes)
        self.grid_area.setWidgetResizable(True)
        self.grid_area.setFrameShape(QFrame.Shape.NoFrame)
        self.grid_area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.grid_host = QWidget()
        self.grid_host.setStyleSheet(GRID_STYLE)
        self.grid = QGridLayout(self.grid_host)
        self.grid.setSpacing(8)
        self.grid.setContentsMargins(4, 4, 4, 4)
        self.grid.setColumnStretch(0, 1)
        self.grid.setColumnStretch(1, 1)
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
        self.location_field.setMinimumWidth(380)   # its placeholder was cut at 1024 px
        self.note_field = QLineEdit(objectName="DefectNote")
        self.record_button = QPushButton(objectName="RecordDefect")
        self.record_button.setProperty("role", "primary")
        self.record_button.setMinimumHeight(64)
        self.record_button.clicked.connect(self._record)
        form.addWidget(self.qty_caption)
        form.addLayout(qty_row)
        for widget in (self.location_field, self.note_field, self.record_button):
            form.addWidget(widget)
        form.addStretch(1)
        row.addWidget(form_card, 2)
        self.body.addLayout(row, 4)

        self.defect_list = QListWidget(objectName="DefectList")
        # The list is the bottom of the screen, where toasts appear (the bottom ~100 px of the window): a
        # toast may cover rows, never a button.
        self.defect_list.setMinimumHeight(LIST_MIN_HEIGHT)
        self.defect_list.setUniformItemSizes(True)
        self.defect_list.currentRowChanged.connect(lambda _r: self._update_actions())
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
        self.body.addLayout(actions)
        self.body.addWidget(self.defect_list, 1)

        self._unsubscribers = [
            self.production.lots.active.subscribe(lambda _l: self._refresh(), replay=False),
            context.station.auth.session.subscribe(lambda _s: self._on_session(), replay=False),
        ]
        self.destroyed.connect(lambda *_: [u() for u in self._unsubscribers])
        if context.station.labels.printers:
            self.print_label_requested.connect(self._queue_label)
        self.retranslate()

    def _queue_label(self, defect_id: int) -> None:
        self.run_task(self._do_queue_label(defect_id))

    async def _do_queue_label(self, defect_id: int) -> None:
        job = await self.context.station.labels.print_defect(defect_id, locale=self.context.languages.locale)
        text = self.tr("Label queued on printer %1 (job %2). Reprints and the preview are on the Printers screen.")
        self.context.notify(text.replace("%1", job.printer).replace("%2", str(job.id)))

    def retranslate(self) -> None:
        self._korean = self.context.languages.locale == "ko"
        self.title_label.setText(self.tr("Defects"))
        self.qty_caption.setText(self.tr("Quantity"))
        self.location_field.setPlaceholderText(self.tr("Location on the part (optional)"))
        self.note_field.setPlaceholderText(self.tr("Note (optional)"))
        self.lot_field.setPlaceholderText(self.tr("Scan or type a lot"))
        self.active_lot_button.setText(self.tr("Active lot"))
        self.record_button.setText(self.tr("Record defect"))
        self.label_button.setText(self.tr("Print label"))
        self.void_reason.setPlaceholderText(self.tr("Reason to void"))
        self.void_button.setText(self.tr("Void defect"))
        self._build_grid()
        self._show_lot()
        self._show_defects()

    def on_shown(self) -> None:
        self._refresh()

    def _refresh(self) -> None:
        self.run_task(self._load())

    def _on_session(self) -> None:
        """Another person (or nobody): no scanned lot, typed text or selection of the one before stays."""
        self.scanned_lot = None
        self.lot_field.clear()
        self.location_field.clear()
        self.note_field.clear()
        self.void_reason.clear()
        self.qty_field.setText("1")
        self._select_code(None)
        self.defects = []
        self.shown_lot = None
        self._show_defects()
        if self.context.station.auth.current is not None:
            self._refresh()

    async def _load(self) -> None:
        if self.context.station.auth.current is None:
            return
        codes = await self.production.defect_codes()
        if codes != self.codes:
            self.codes = codes
            self._build_grid()
        self._names = await self.context.station.system.user_names()
        if self.scanned_lot is not None:
            page = await self.production.lot_page(self.scanned_lot)
            if page is None:
                self.context.notify(self.tr("No lot %1.").replace("%1", self.scanned_lot))
                self.scanned_lot = None
            else:
                self.shown_lot, self.defects = page.lot, page.defects
        if self.scanned_lot is None:
            lot = self.production.lots.active.value
            self.shown_lot = lot
            self.defects = await self.production.defects.of_lot(lot.id) if lot is not None else []
        self._show_lot()
        self._show_defects()

    # The lot ------------------------------------------------------------------------------------------
    def _scan_lot(self) -> None:
        text = self.lot_field.text().strip()
        self.scanned_lot = text or None
        self._refresh()

    def _use_active_lot(self) -> None:
        self.lot_field.clear()
        self.scanned_lot = None
        self._refresh()

    def _show_lot(self) -> None:
        lot = self.shown_lot
        if lot is None:
            self.lot_info.setText(self.tr("No active lot: scan the lot number to record against it."))
        else:
            status = QCoreApplication.translate("DefectsScreen", STATUS_TEXT[lot.status])
            caption = self.tr("Lot %1 (%2)") if self.scanned_lot else self.tr("Active lot %1 (%2)")
            self.lot_info.setText(caption.replace("%1", lot.lot_no).replace("%2", status))
        self.active_lot_button.setEnabled(self.scanned_lot is not None)   # enabled, not shown: nothing moves

    # The code grid ------------------------------------------------------------------------------------
    def _code_texts(self, code: DefectCode) -> tuple[str, str]:
        name = code.name_ko if self._korean and code.name_ko else code.name
        severity = QCoreApplication.translate("DefectsScreen", SEVERITY_TEXT.get(code.severity, code.severity))
        return name, f"{unbreakable(code.code)} · {severity}"

    def _build_grid(self) -> None:
        selected = self.selected_code()
        while self.grid.count():
            item = self.grid.takeAt(0)
            if item.widget() is not None:
                item.widget().deleteLater()
        self.code_buttons = {}
        self._grid_groups: list[tuple[QLabel, list[QPushButton]]] = []
        for category in sorted({c.category for c in self.codes}):
            first = next(c for c in self.codes if c.category == category)
            header = QLabel(first.category_ko if self._korean and first.category_ko else category, objectName="Muted")
            buttons = []
            for code in (c for c in self.codes if c.category == category):
                button = QPushButton(objectName=f"code_{code.code}")
                button.setProperty("defectCode", True)
                button.setCheckable(True)
                button.setMinimumHeight(CODE_BUTTON_MIN_HEIGHT)
                # The column decides the width; the text is wrapped to it (never the other way round).
                button.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)
                button.setChecked(code.code == selected)
                self.group.addButton(button)
                self.code_buttons[code.code] = button
                buttons.append(button)
            self._grid_groups.append((header, buttons))
        self._columns = 0
        self._wrap_width = 0
        self._wrap_codes()

    def _place_grid(self, columns: int) -> None:
        while self.grid.count():
            self.grid.takeAt(0)
        for r in range(self.grid.rowCount()):
            self.grid.setRowStretch(r, 0)
        row = 0
        for header, buttons in self._grid_groups:
            self.grid.addWidget(header, row, 0, 1, columns)
            row += 1
            for i, button in enumerate(buttons):
                self.grid.addWidget(button, row + i // columns, i % columns)
            row += (len(buttons) + columns - 1) // columns
        self.grid.setColumnStretch(1, 1 if columns == 2 else 0)
        self.grid.setRowStretch(row, 1)
        self._columns = columns

    def _wrap_codes(self) -> None:
        """Set each code button's text to fit its column: the name wrapped between words, the code on its
        own line, whole (a column too narrow for a code turns the grid into one column); the button grows
        in height to hold its lines."""
        if not self.code_buttons:
            return
        margins = self.grid.contentsMargins()
        inner = self.grid_area.viewport().width() - margins.left() - margins.right()
        by_code = {c.code: c for c in self.codes}
        first = next(iter(self.code_buttons.values()))
        first.ensurePolished()   # the theme's font, not the default one, is what the text is drawn in
        metrics = first.fontMetrics()
        widest_code = max(metrics.horizontalAdvance(unbreakable(c)) for c in self.code_buttons)
        columns = 2 if (inner - self.grid.horizontalSpacing()) // 2 - CODE_BUTTON_FRAME >= widest_code else 1
        column = (inner - self.grid.horizontalSpacing()) // 2 if columns == 2 else inner
        width = max(40, column - CODE_BUTTON_FRAME)
        if width == self._wrap_width and columns == self._columns:
            return
        self._wrap_width = width
        if columns != self._columns:
            self._place_grid(columns)
        most_lines = 2
        for code_id, button in self.code_buttons.items():
            name, code_line = self._code_texts(by_code[code_id])
            if metrics.horizontalAdvance(code_line) > width:   # the severity goes below the code
                code_line = code_line.replace(" · ", "\n")
            lines = [*wrap_words(name, width, metrics.horizontalAdvance), *code_line.split("\n")]
            button.setText("\n".join(lines))
            most_lines = max(most_lines, len(lines))
        for button in self.code_buttons.values():   # one height for all: a calm grid, rows that line up
            button.setFixedHeight(max(CODE_BUTTON_MIN_HEIGHT, most_lines * metrics.lineSpacing() + 20))

    def _select_code(self, code: str | None) -> None:
        self.group.setExclusive(False)
        for key, button in self.code_buttons.items():
            button.setChecked(key == code)
        self.group.setExclusive(True)

    def _step_qty(self, delta: int) -> None:
        try:
            qty = int(self.qty_field.text())
        except ValueError:
            qty = 1
        self.qty_field.setText(str(max(1, qty + delta)))

    def selected_code(self) -> str | None:
        return next((code for code, button in self.code_buttons.items() if button.isChecked()), None)

    # The lot's defects --------------------------------------------------------------------------------
    def defect_text(self, d: Defect) -> str:
        when = dt.datetime.fromtimestamp(d.recorded_at).strftime("%H:%M")
        name = d.name_ko if self._korean and d.name_ko else d.name
        by = self._names.get(d.recorded_by, d.recorded_by)
        if d.recorded_by.startswith("system:") or d.recorded_by == "equipment":
            by = self.tr("automatic")
        text = f"#{d.id} {when} · {d.code} {name} × {d.qty} · {by}"
        if d.measurement and d.measurement.get("value") is not None:
            text += f" · {d.measurement.get('value')} {d.measurement.get('unit') or ''}".rstrip()
        if d.voided:
            void_word = self.tr("VOID")
            text = f"{void_word} ({d.void_reason or ''}) · {text}"
        return text

    def _show_defects(self) -> None:
        listed = {d.id for d in self.defects}
        selected = self._just_recorded if self._just_recorded in listed else self._selected_defect()
        if selected == self._just_recorded:
            self._just_recorded = None
        self.defect_list.clear()
        for d in self.defects:
            item = QListWidgetItem(self.defect_text(d))
            item.setData(Qt.ItemDataRole.UserRole, d.id)
            item.setSizeHint(QSize(0, LIST_ROW_HEIGHT))
            self.defect_list.addItem(item)
        if selected is not None:
            self._select_defect(selected)
        elif self.defect_list.count() == 1:
            self.defect_list.setCurrentRow(0)
        self.void_button.setVisible(self.context.station.auth.can(Permission.VOID_DEFECT))
        self.void_reason.setVisible(self.context.station.auth.can(Permission.VOID_DEFECT))
        self._update_actions()

    def _update_actions(self) -> None:
        chosen = self._selected_defect() is not None
        self.label_button.setEnabled(chosen)
        self.void_button.setEnabled(chosen)

    def _select_defect(self, defect_id: int) -> None:
        for row in range(self.defect_list.count()):
            if self.defect_list.item(row).data(Qt.ItemDataRole.UserRole) == defect_id:
                self.defect_list.setCurrentRow(row)

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
        typed = self.lot_field.text().strip()
        if typed and typed != self.scanned_lot:   # typed but not confirmed with Enter: that lot it is
            self.scanned_lot = typed
        self.run_task(self._do_record(code, qty, self.scanned_lot))

    async def _do_record(self, code: str, qty: int, lot_no: str | None) -> None:
        defect = await self.production.defects.record(
            code=code, qty=qty, location=self.location_field.text(), note=self.note_field.text(), lot_no=lot_no)
        self.last_recorded = defect
        self._just_recorded = defect.id   # whichever reload lists it first selects it: "Print label" prints this one
        self.qty_field.setText("1")
        self.location_field.clear()
        self.note_field.clear()
        self._select_code(None)
        await self._load()
        if self.receivers(SIGNAL("print_label_requested(int)")):
            message = self.tr("Defect %1 recorded on lot %2. Print its label with “Print label”.")
        else:
            message = self.tr("Defect %1 recorded on lot %2.")
        self.context.notify(message.replace("%1", f"#{defect.id} {unbreakable(defect.code)}")
                            .replace("%2", unbreakable(defect.lot_no)))

    def _selected_defect(self) -> int | None:
        item = self.defect_list.currentItem()
        return None if item is None else int(item.data(Qt.ItemDataRole.UserRole))

    def _print_label(self) -> None:
        defect_id = self._selected_defect()
        if defect_id is None:
            self.context.notify(self.tr("Select a defect in the list first."))
            return
        if self.receivers(SIGNAL("print_label_requested(int)")) == 0:
            self.context.notify(self.tr("Label printing is not set up at this station."))
            return
        self.print_label_requested.emit(defect_id)

    def _void(self) -> None:
        defect_id = self._selected_defect()
        if defect_id is None:
            self.context.notify(self.tr("Select a defect in the list first."))
            return
        self.run_task(self._do_void(defect_id, self.void_reason.text()))

    async def _do_void(self, defect_id: int, reason: str) -> None:
        await self.production.defects.void(defect_id=defect_id, reason=reason)
        self.void_reason.clear()
        await self._load()
