"""Lots: pick or scan a work order, type or scan the lot number, start, count, pause, finish, abort.

Live updates (counter ticks, proposals) change texts in place and never rebuild a control. Proposals,
confirmations, the pause-count decision and the downtime reason prompt share one fixed-height slot
above the lot, so no button moves when they come or go, and the running and paused layouts have the
same geometry.
"""

from __future__ import annotations

from collections.abc import Callable, Coroutine
from typing import Any

from PySide6.QtCore import QSize, Qt
from PySide6.QtWidgets import (
    QComboBox,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QProgressBar,
    QPushButton,
    QSizePolicy,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from hmi.auth import Permission
from hmi.oee.records import DowntimeEvent
from hmi.oee.service import LiveOee, ReasonCategory
from hmi.production.defects import DefectProposal
from hmi.production.lots import PauseCounts
from hmi.production.records import DowntimeReason, Lot, LotStatus, ProductionError, WorkOrder
from screens.shell_context import ShellContext
from screens.widgets.confirm_bar import ConfirmBar
from screens.widgets.number_pad import NumberPad
from screens.widgets.reason_tree import ReasonTreeBar
from screens.widgets.screen_base import ScreenBase

SLOT_HEIGHT = 100       # the one place for a proposal, a confirmation or the pause-count decision
DETAILS_HEIGHT = 60     # the lot's details line (running) or its pause line (paused): same height


def _limit(value: object) -> str:
    return "" if value is None else f"{value:g}" if isinstance(value, float | int) else str(value)


def limits_text(lo: object, hi: object, unit: str, *, below: str, above: str, between: str) -> str:
    """One-sided limits in words ("at most 1.5"), never "None … 1.5"."""
    if lo is None and hi is None:
        return ""
    if lo is None:
        return below.replace("%1", _limit(hi)).replace("%2", unit).strip()
    if hi is None:
        return above.replace("%1", _limit(lo)).replace("%2", unit).strip()
    return between.replace("%1", _limit(lo)).replace("%2", _limit(hi)).replace("%3", unit).strip()


class PauseCountsBar(QFrame):
    """At resume: parts the counter counted during the pause go onto the lot, to scrap, or to no lot."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("ConfirmBar")
        row = QHBoxLayout(self)
        row.setContentsMargins(16, 10, 16, 10)
        self.question = QLabel(objectName="Notice")
        self.question.setWordWrap(True)
        row.addWidget(self.question, 1)
        self.accept_button = QPushButton(objectName="PauseCountsAccept")
        self.accept_button.setProperty("role", "primary")
        self.scrap_button = QPushButton(objectName="PauseCountsScrap")
        self.other_button = QPushButton(objectName="PauseCountsNotThisLot")
        self.cancel_button = QPushButton(objectName="PauseCountsCancel")
        for button in (self.accept_button, self.scrap_button, self.other_button, self.cancel_button):
            button.setMinimumSize(112, 64)
            row.addWidget(button)


def _card() -> tuple[QFrame, QVBoxLayout]:
    card = QFrame(objectName="Card")
    layout = QVBoxLayout(card)
    layout.setContentsMargins(14, 10, 14, 10)
    layout.setSpacing(6)
    return card, layout


def _button(name: str, *, primary: bool = False) -> QPushButton:
    button = QPushButton(objectName=name)
    button.setMinimumHeight(64)
    if primary:
        button.setProperty("role", "primary")
    return button


class LotsScreen(ScreenBase):
    expected_errors = (ProductionError,)
    asks_downtime_reason = True     # in its own slot: the window's prompt stays away from this screen
    def __init__(self, context: ShellContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        self.production = context.station.production
        self._orders: list[WorkOrder] = []
        self._reasons: list[DowntimeReason] = []
        self._korean = False

        self._confirming = False
        self._ask_texts: Callable[[], tuple[str, str]] | None = None
        self._deciding = False
        self._answering = False   # a proposal's answer is being saved
        self.frozen_counts: tuple[int, int] | None = None   # what the open finish question shows and records
        current = context.station.auth.session.value
        self._username: str | None = current.username if current is not None else None
        self.slot = QStackedWidget(objectName="LotsSlot")
        self.slot.setFixedHeight(SLOT_HEIGHT)
        self.slot_empty = QWidget()
        self.proposal_bar = ConfirmBar()
        self.confirm_bar = ConfirmBar()
        self.pause_bar = PauseCountsBar()
        self.reason_bar = ReasonTreeBar()      # a stop's reason, asked within a moment of the stop
        self.reason_bar.chosen.connect(self._reason_chosen)
        self._asking: DowntimeEvent | None = None
        self._tree: list[ReasonCategory] = []
        for page in (self.slot_empty, self.confirm_bar, self.pause_bar, self.proposal_bar, self.reason_bar):
            self.slot.addWidget(page)
        self.body.addWidget(self.slot)
        self.pause_bar.accept_button.clicked.connect(lambda: self._resume(PauseCounts.ACCEPT))
        self.pause_bar.scrap_button.clicked.connect(lambda: self._resume(PauseCounts.SCRAP))
        self.pause_bar.other_button.clicked.connect(lambda: self._resume(PauseCounts.NOT_THIS_LOT))
        self.pause_bar.cancel_button.clicked.connect(self._close_decision)
        self.pages = QStackedWidget()
        self.body.addWidget(self.pages, 1)

        # Idle: choose a work order and a lot number ---------------------------------------------------
        idle = QWidget()
        idle_row = QHBoxLayout(idle)
        idle_row.setContentsMargins(0, 0, 0, 0)
        orders_card, orders = _card()
        self.orders_title = QLabel(objectName="Muted")
        self.order_list = QListWidget(objectName="WorkOrders")
        self.order_list.setMinimumWidth(260)
        self.order_list.currentRowChanged.connect(lambda _row: self._order_chosen())
        orders.addWidget(self.orders_title)
        orders.addWidget(self.order_list, 1)
        start_card, start = _card()
        self.scan_label = QLabel(objectName="Muted")
        self.scan_field = QLineEdit(objectName="ScanField")   # a keyboard-wedge scanner types + Enter here
        self.scan_field.returnPressed.connect(self._scanned)
        self.lot_label = QLabel(objectName="Muted")
        self.lot_field = QLineEdit(objectName="LotNumber")
        self.lot_field.returnPressed.connect(self._start)
        self.order_info = QLabel(objectName="Notice")
        self.order_info.setWordWrap(True)
        self.instruction_info = QLabel(objectName="Error")
        self.instruction_info.setWordWrap(True)
        self.late_info = QLabel(objectName="Muted")   # the finished lot's late counts, while no lot runs
        self.late_info.setWordWrap(True)
        self.review_button = _button("ReviewInstruction")
        self.review_button.clicked.connect(lambda: self.context.navigate("instructions"))
        self.start_button = _button("StartLot", primary=True)
        self.start_button.clicked.connect(self._start)
        for widget in (self.scan_label, self.scan_field, self.lot_label, self.lot_field, self.order_info,
                       self.instruction_info, self.late_info, self.review_button, self.start_button):
            start.addWidget(widget)
        start.addStretch(1)
        idle_row.addWidget(orders_card, 1)
        idle_row.addWidget(start_card, 1)
        self.pages.addWidget(idle)

        # Running: counts and actions -------------------------------------------------------------------
        running = QWidget()
        run_row = QHBoxLayout(running)
        run_row.setContentsMargins(0, 0, 0, 0)
        lot_card, lot_box = _card()
        self.lot_title = QLabel(objectName="ScreenTitle")
        self.details_stack = QStackedWidget()
        self.details_stack.setFixedHeight(DETAILS_HEIGHT)
        self.lot_details = QLabel(objectName="Muted")
        self.lot_details.setWordWrap(True)
        self.status_label = QLabel(objectName="Error")   # in place of the details while paused
        self.status_label.setWordWrap(True)
        self.details_stack.addWidget(self.lot_details)
        self.details_stack.addWidget(self.status_label)
        self.progress = QProgressBar(objectName="LotProgress")
        self.progress.setFixedHeight(28)
        self.progress.setTextVisible(True)
        counts = QGridLayout()
        self.good_caption, self.scrap_caption = QLabel(objectName="Muted"), QLabel(objectName="Muted")
        self.good_value, self.scrap_value = QLabel(objectName="BigCount"), QLabel(objectName="BigCount")
        for label in (self.good_value, self.scrap_value):
            label.setStyleSheet("font-size: 40px; font-weight: 600;")
        counts.addWidget(self.good_caption, 0, 0)
        counts.addWidget(self.scrap_caption, 0, 1)
        counts.addWidget(self.good_value, 1, 0)
        counts.addWidget(self.scrap_value, 1, 1)
        self.good_one = _button("GoodPlusOne", primary=True)
        self.scrap_one = _button("ScrapPlusOne")
        self.good_one.clicked.connect(lambda: self.run_task(self.production.lots.add_count(good=1)))
        self.scrap_one.clicked.connect(lambda: self.run_task(self.production.lots.add_count(scrap=1)))
        counts.addWidget(self.good_one, 2, 0)
        counts.addWidget(self.scrap_one, 2, 1)
        lot_box.addWidget(self.lot_title)
        lot_box.addWidget(self.details_stack)
        lot_box.addWidget(self.progress)
        lot_box.addLayout(counts)
        pause_row = QHBoxLayout()
        self.reason_box = QComboBox(objectName="DowntimeReason")
        self.reason_box.setMinimumHeight(64)
        self.reason_box.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        # The longest reason must not squeeze the Pause button: the box takes the room that is left.
        self.reason_box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.reason_box.setMinimumContentsLength(12)
        self.pause_button = _button("PauseLot")
        self.pause_button.setMinimumWidth(140)
        self.pause_button.clicked.connect(self._pause_or_resume)
        pause_row.addWidget(self.reason_box, 1)
        pause_row.addWidget(self.pause_button)
        lot_box.addLayout(pause_row)
        end_row = QHBoxLayout()
        self.finish_button = _button("FinishLot", primary=True)
        self.finish_button.clicked.connect(self._ask_finish)
        self.abort_reason = QLineEdit(objectName="AbortReason")
        self.abort_reason.setMinimumHeight(64)
        self.abort_button = _button("AbortLot")
        self.abort_button.clicked.connect(self._ask_abort)
        end_row.addWidget(self.finish_button, 1)
        end_row.addWidget(self.abort_button)
        lot_box.addLayout(end_row)
        # Aborting is a supervisor's: its reason gets a row of its own (one row with Finish cut both at
        # 1024 px), shown only to who may abort, so an operator's lot still fits the content area.
        lot_box.addWidget(self.abort_reason)
        lot_box.addStretch(1)
        pad_card, pad_box = _card()
        self.pad_caption = QLabel(objectName="Muted")
        self.pad_caption.setWordWrap(True)
        self.count_field = QLineEdit(objectName="CountField")
        self.count_field.setAlignment(Qt.AlignmentFlag.AlignRight)
        self.pad = NumberPad(field=self.count_field, decimals=False)
        self.pad.entered.connect(self._add_n)
        self.scrap_n = _button("ScrapPlusN")
        self.scrap_n.clicked.connect(lambda: self._add_n(self.count_field.text(), scrap=True))
        # Its text wraps above the field: as the field's placeholder it was cut to "Count several: type…".
        pad_box.addWidget(self.pad_caption)
        pad_box.addWidget(self.count_field)
        pad_box.addWidget(self.pad, 1)
        pad_box.addWidget(self.scrap_n)
        run_row.addWidget(lot_card, 3)
        run_row.addWidget(pad_card, 2)
        self.pages.addWidget(running)

        self._unsubscribers = [
            self.production.lots.active.subscribe(lambda _lot: self._show_lot(), replay=False),
            self.production.lots.last_finished.subscribe(lambda _lot: self._show_late(), replay=False),
            self.production.defects.proposals.subscribe(lambda _p: self._show_proposal(), replay=False),
            context.station.auth.session.subscribe(lambda _s: self._session_changed(), replay=False),
        ]
        if context.station.oee is not None:
            self._unsubscribers.append(context.station.oee.live.subscribe(self._show_downtime, replay=False))
        self.destroyed.connect(lambda *_: [u() for u in self._unsubscribers])
        self._show_abort()
        self.retranslate()

    # Texts --------------------------------------------------------------------------------------------------
    def retranslate(self) -> None:
        self._korean = self.context.languages.locale == "ko"
        self.title_label.setText(self.tr("Lots"))
        self.orders_title.setText(self.tr("Work orders"))
        self.scan_label.setText(self.tr("Scan a work order or lot barcode"))
        self.scan_field.setPlaceholderText(self.tr("Scan here"))
        self.lot_label.setText(self.tr("Lot number"))
        self.review_button.setText(self.tr("Review the work instruction"))
        self.start_button.setText(self.tr("Start lot"))
        self.good_caption.setText(self.tr("Good"))
        self.scrap_caption.setText(self.tr("Scrap"))
        self.good_one.setText(self.tr("+1 good"))
        self.scrap_one.setText(self.tr("+1 scrap"))
        self.finish_button.setText(self.tr("Finish lot"))
        self.abort_reason.setPlaceholderText(self.tr("Reason to abort (supervisor)"))
        self.abort_button.setText(self.tr("Abort lot"))
        self.pad_caption.setText(self.tr("Count several: type N, then OK adds N good"))
        self.scrap_n.setText(self.tr("Add N as scrap"))
        self.pause_bar.accept_button.setText(self.tr("Add to lot"))
        self.pause_bar.scrap_button.setText(self.tr("Scrap"))
        self.pause_bar.other_button.setText(self.tr("Not this lot"))
        self.pause_bar.cancel_button.setText(self.tr("Cancel"))
        if self._confirming and self._ask_texts is not None:
            question, confirm = self._ask_texts()
            self.confirm_bar.relabel(question, confirm=confirm, cancel=self.tr("Cancel"))
        self._fill_reasons()
        self._fill_tree()
        self._show_downtime(self.context.station.oee.live.value if self.context.station.oee else None)
        self._show_lot()
        self._show_late()
        self._show_proposal()
        self._fill_orders()

    def on_shown(self) -> None:
        self.run_task(self._load())

    # Loading ------------------------------------------------------------------------------------------------
    async def _load(self) -> None:
        self._orders = await self.production.work_orders()
        suggestion = await self.production.lots.suggest_lot_number()
        self.lot_field.setPlaceholderText(self.tr("e.g. %1").replace("%1", suggestion) if suggestion else "")
        self._reasons = list(await self.production.downtime_reasons())
        self._fill_reasons()
        if self.context.station.oee is not None:
            self._tree = await self.context.station.oee.reason_tree()
            self._fill_tree()
        self._fill_orders()
        self._show_lot()

    def _fill_reasons(self) -> None:
        """The pause reasons in the operator's language (again when the language changes), the choice kept."""
        chosen = self.reason_box.currentData()
        self.reason_box.blockSignals(True)
        self.reason_box.clear()
        for reason in self._reasons:
            self.reason_box.addItem(reason.name_ko if self._korean and reason.name_ko else reason.name, reason.code)
        index = self.reason_box.findData(chosen)
        if index >= 0:
            self.reason_box.setCurrentIndex(index)
        self.reason_box.blockSignals(False)

    def _fill_tree(self) -> None:
        self.reason_bar.set_tree(self._tree, korean=self._korean, back=self.tr("Back"),
                                 more=self.tr("More"))

    def _fill_orders(self) -> None:
        current = self.selected_order()
        self.order_list.clear()
        for order in self._orders:
            product = order.product_name_ko if self._korean and order.product_name_ko else order.product_name
            operation = order.operation_name_ko if self._korean and order.operation_name_ko else order.operation_name
            amounts = self.tr("%1 pcs · due %2").replace("%1", str(order.planned_qty)).replace("%2", order.due)
            item = QListWidgetItem(f"{order.order_no} · {product}\n{operation} · {amounts}")
            item.setData(Qt.ItemDataRole.UserRole, order.order_no)
            item.setSizeHint(QSize(0, 76))
            self.order_list.addItem(item)
            if current and order.order_no == current:
                self.order_list.setCurrentItem(item)

    def selected_order(self) -> str | None:
        item = self.order_list.currentItem()
        return None if item is None else str(item.data(Qt.ItemDataRole.UserRole))

    def select_order(self, order_no: str) -> bool:
        for row in range(self.order_list.count()):
            if self.order_list.item(row).data(Qt.ItemDataRole.UserRole) == order_no:
                self.order_list.setCurrentRow(row)
                return True
        return False

    def _scanned(self) -> None:
        code = self.scan_field.text().strip()
        self.scan_field.clear()
        if not code:
            return
        if not self.select_order(code):
            self.lot_field.setText(code)   # not a work order: take it as the lot number
            self.lot_field.setFocus()

    def _order_chosen(self) -> None:
        order_no = self.selected_order()
        if order_no is None:
            return
        order = next((o for o in self._orders if o.order_no == order_no), None)
        if order is not None:
            self.order_info.setText(f"{order.order_no}: {order.product} · {order.operation}")
        self.run_task(self._check_instruction(order_no))

    async def _check_instruction(self, order_no: str) -> None:
        status = await self.production.instructions.status_for(order_no)
        if status.doc is None:
            self.instruction_info.setText("")
            self.review_button.hide()
        elif status.acknowledged:
            self.instruction_info.setText("")
            self.review_button.show()
        else:
            self.instruction_info.setText(
                self.tr("Instruction %1 version %2 is new or changed: acknowledge it before starting.")
                .replace("%1", status.doc.instruction_id).replace("%2", str(status.doc.version)))
            self.review_button.show()

    # Actions ------------------------------------------------------------------------------------------------
    def _start(self) -> None:
        order = self.selected_order()
        if order is None:
            self.context.notify(self.tr("Choose a work order first."))
            return
        self.run_task(self._start_lot(order, self.lot_field.text()))

    async def _start_lot(self, order: str, lot_no: str) -> None:
        await self.production.lots.start(work_order=order, lot_no=lot_no)
        self.lot_field.clear()

    def _add_n(self, text: str, *, scrap: bool = False) -> None:
        try:
            n = int(text)
        except ValueError:
            self.context.notify(self.tr("Type a whole number first."))
            return
        self.count_field.clear()
        self.run_task(self.production.lots.add_count(good=0 if scrap else n, scrap=n if scrap else 0))

    def _pause_or_resume(self) -> None:
        lot = self.production.lots.active.value
        if lot is not None and lot.status is LotStatus.PAUSED:
            if lot.pause_pending:
                self._ask_pause_counts()
            else:
                self._resume(None)
        else:
            self.run_task(self.production.lots.pause(reason_code=str(self.reason_box.currentData() or "")))

    def _ask_pause_counts(self) -> None:
        self._deciding = True
        self._show_decision()
        self._update_slot()

    def _show_decision(self) -> None:
        lot = self.production.lots.active.value
        pending = lot.pause_pending if lot is not None else 0
        self.pause_bar.question.setText(
            self.tr("%n part(s) were counted during the pause. Are they this lot's?", "", pending))

    def _resume(self, decision: PauseCounts | None) -> None:
        self._close_decision()
        self.run_task(self.production.lots.resume(pause_counts=decision))

    def _close_decision(self) -> None:
        self._deciding = False
        self._update_slot()

    def _ask_finish(self) -> None:
        lot = self.production.lots.active.value
        if lot is None:
            return
        good, scrap = lot.good, lot.scrap   # frozen: the question and the record use these, whatever comes next
        self.frozen_counts = (good, scrap)
        lot_no = lot.lot_no
        self._ask(lambda: (self.tr("Finish lot %1 with %2 good and %3 scrap? Later parts are its late counts.")
                           .replace("%1", lot_no).replace("%2", str(good)).replace("%3", str(scrap)),
                           self.tr("Finish")),
                  action=lambda: self.run_task(self.production.lots.finish(confirm_good=good, confirm_scrap=scrap)))

    def _ask_abort(self) -> None:
        lot = self.production.lots.active.value
        if lot is None:
            return
        reason = self.abort_reason.text()
        lot_no = lot.lot_no
        self._ask(lambda: (self.tr("Abort lot %1? This cannot be undone.").replace("%1", lot_no), self.tr("Abort")),
                  action=lambda: self.run_task(self.production.lots.abort(reason=reason)))

    def _ask(self, texts: Callable[[], tuple[str, str]], *, action: Callable[[], None]) -> None:
        """Ask with ``texts`` (the question and its confirm word), made again when the language changes."""
        def done() -> None:
            self._confirming = False
            self._update_slot()

        def confirmed() -> None:
            done()
            action()

        self._confirming = True
        self._ask_texts = texts
        question, confirm = texts()
        self.confirm_bar.ask(question, confirm=confirm, cancel=self.tr("Cancel"), action=confirmed, on_cancel=done)
        self._update_slot()

    def cancel_confirmation(self) -> None:
        """Close an open question without acting on it (sign-out, the lot ended)."""
        if self._confirming:
            self.confirm_bar.hide()
            self._confirming = False
        self._deciding = False
        self._update_slot()

    def _session_changed(self) -> None:
        """Sign-out (or another user) clears every form: nothing typed by one person reaches the next."""
        session = self.context.station.auth.session.value
        username = session.username if session is not None else None
        if username != self._username:
            self._username = username
            for field in (self.scan_field, self.lot_field, self.count_field, self.abort_reason):
                field.clear()
            self.cancel_confirmation()
        self._show_abort()
        self._show_lot()

    def _show_abort(self) -> None:
        session = self.context.station.auth.session.value
        may_abort = session is not None and session.can(Permission.ABORT_LOT)
        self.abort_reason.setVisible(may_abort)
        self.abort_button.setVisible(may_abort)

    def _update_slot(self) -> None:
        """One fixed slot: the open question first, then the pause-count decision, then a proposal."""
        if self._confirming:
            page: QWidget = self.confirm_bar
        elif self._deciding:
            page = self.pause_bar
        elif self.production.defects.proposals.value:
            page = self.proposal_bar
        elif self._asking is not None:
            page = self.reason_bar
        else:
            page = self.slot_empty
        self.slot.setCurrentWidget(page)
        # Its place at once: a page never shown keeps 640×480 until the next layout pass, and its buttons
        # would lie (and take taps) somewhere else in the meantime.
        page.setGeometry(self.slot.contentsRect())
        for other in (self.slot_empty, self.confirm_bar, self.pause_bar, self.proposal_bar, self.reason_bar):
            other.setVisible(other is page)   # a bar's ask() shows itself: only the chosen one may be seen
        for button in (self.proposal_bar.confirm_button, self.proposal_bar.cancel_button):
            button.setEnabled(not self._answering)   # one answer in flight: a second tap has nothing to act on
        busy = self._confirming or self._deciding
        lot = self.production.lots.active.value
        running = lot is not None and lot.status is LotStatus.RUNNING
        for button in (self.good_one, self.scrap_one, self.scrap_n):
            button.setEnabled(running and not busy)

    # Showing --------------------------------------------------------------------------------------------------
    def _show_lot(self) -> None:
        """Texts in place: a counter tick never touches the open question or a typed number."""
        lot: Lot | None = self.production.lots.active.value
        self.pages.setCurrentIndex(0 if lot is None else 1)
        if lot is None:
            if self._confirming or self._deciding:
                self.cancel_confirmation()
            return
        self.lot_title.setText(self.tr("Lot %1").replace("%1", lot.lot_no))
        started = self.tr("started by %1").replace("%1", lot.started_by_name or lot.started_by)
        self.lot_details.setText(f"{lot.work_order} · {lot.product} · {lot.operation} · {started}")
        self.good_value.setText(str(lot.good))
        self.scrap_value.setText(str(lot.scrap))
        if lot.planned_qty > 0:
            self.progress.setRange(0, lot.planned_qty)
            self.progress.setValue(min(lot.good, lot.planned_qty))
            self.progress.setFormat(self.tr("%1 of %2 planned (%3 %)").replace("%1", str(lot.good))
                                    .replace("%2", str(lot.planned_qty))
                                    .replace("%3", str(round(100 * lot.good / lot.planned_qty))))
        else:
            self.progress.setRange(0, 1)
            self.progress.setValue(0)
            self.progress.setFormat(self.tr("no planned quantity"))
        paused = lot.status is LotStatus.PAUSED
        index = self.reason_box.findData(lot.pause_reason) if paused else -1
        reason = self.reason_box.itemText(index) if index >= 0 else (lot.pause_reason or "")
        status = self.tr("PAUSED: %1").replace("%1", reason) if paused else ""
        if paused and lot.pause_pending:
            status += " · " + self.tr("%n part(s) counted during the pause (kept apart)", "",
                                        lot.pause_pending)
        self.status_label.setText(status)
        self.details_stack.setCurrentWidget(self.status_label if paused else self.lot_details)
        self.pause_button.setText(self.tr("Resume") if paused else self.tr("Pause"))
        self.reason_box.setEnabled(not paused)
        self.abort_button.setEnabled(self.context.station.auth.can(Permission.ABORT_LOT))
        if self._deciding:
            if paused and lot.pause_pending:
                self._show_decision()
            else:
                self._deciding = False
        self._update_slot()

    def _show_late(self) -> None:
        lot = self.production.lots.last_finished.value
        if lot is None or not lot.late_good:
            self.late_info.setText("")
            return
        self.late_info.setText(self.tr("Lot %1 finished; %n part(s) counted since are its late counts.", "", lot.late_good)
                               .replace("%1", lot.lot_no))

    def _show_proposal(self) -> None:
        proposals: tuple[DefectProposal, ...] = self.production.defects.proposals.value
        if not proposals:
            self._update_slot()
            return
        p = proposals[0]
        m = p.measurement
        tag = self.context.station.profile.tags.get(str(m["tag"]))
        name = (tag.description_ko if self._korean and tag.description_ko else tag.description) if tag else ""
        unit = str(m.get("unit", "") or (tag.unit if tag else ""))
        value = m.get("value")
        shown = f"{value:g}" if isinstance(value, float | int) else str(value)
        limits = limits_text(m.get("lo"), m.get("hi"), unit, below=self.tr("at most %1 %2"),
                             above=self.tr("at least %1 %2"), between=self.tr("%1 … %2 %3"))
        self.proposal_bar.ask(
            self.tr("%1 = %2 %3 is outside %4: record defect %5 for lot %6?")
            .replace("%1", name or str(m["tag"])).replace("%2", shown).replace("%3", unit)
            .replace("%4", limits).replace("%5", p.code).replace("%6", p.lot_no),
            confirm=self.tr("Record defect"), cancel=self.tr("Dismiss"),
            action=lambda: self._proposal_done(self.production.defects.confirm_proposal(p.id)),
            on_cancel=lambda: self._proposal_done(self.production.defects.dismiss_proposal(p.id)))
        self._update_slot()

    def _show_downtime(self, live: LiveOee | None) -> None:
        """The newest downtime event still without a reason asks for one; texts change in place."""
        event = None
        if live is not None and self.context.station.auth.can(Permission.SET_DOWNTIME_REASON):
            event = live.to_ask
        if event is None or self._asking is None or event.id != self._asking.id:
            self.reason_bar.reset()
        self._asking = event
        if event is not None:
            oee = self.context.station.oee
            since = oee.local(event.start).strftime("%H:%M:%S") if oee is not None else ""
            text = (self.tr("Stopped since %1: why?") if event.end is None
                    else self.tr("Stop at %1 has no reason yet: why?"))
            self.reason_bar.question.setText(text.replace("%1", since))
        self._update_slot()

    def _reason_chosen(self, code: str) -> None:
        event, oee = self._asking, self.context.station.oee
        if event is None or oee is None:
            return
        self.run_task(oee.set_reason(event.id, code))

    def _proposal_done(self, coro: Coroutine[Any, Any, object]) -> None:
        """The tap is taken: the bar stays, its buttons off, until the answer is saved; then it shows what is
        still pending, armed again (a refused answer never leaves a bar whose buttons do nothing)."""
        self._answering = True
        self._update_slot()
        self.run_task(self._answer(coro))

    async def _answer(self, coro: Coroutine[Any, Any, object]) -> None:
        try:
            await coro
        finally:
            self._answering = False
            self._show_proposal()
