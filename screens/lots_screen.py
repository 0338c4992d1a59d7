"""Lots: pick or scan a work order, type or scan the lot number, start, count, pause, finish, abort."""

from __future__ import annotations

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
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from hmi.auth import Permission
from hmi.production import records
from hmi.production.defects import DefectProposal
from hmi.production.records import Lot, LotStatus, ProductionError, WorkOrder
from screens.shell_context import ShellContext
from screens.widgets.confirm_bar import ConfirmBar
from screens.widgets.number_pad import NumberPad
from screens.widgets.screen_base import ScreenBase


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
    def __init__(self, context: ShellContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        self.production = context.station.production
        self._orders: list[WorkOrder] = []
        self._korean = False

        self.proposal_bar = ConfirmBar()
        self.confirm_bar = ConfirmBar()
        self.body.addWidget(self.proposal_bar)
        self.body.addWidget(self.confirm_bar)
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
        self.review_button = _button("ReviewInstruction")
        self.review_button.clicked.connect(lambda: self.context.navigate("instructions"))
        self.start_button = _button("StartLot", primary=True)
        self.start_button.clicked.connect(self._start)
        for widget in (self.scan_label, self.scan_field, self.lot_label, self.lot_field, self.order_info,
                       self.instruction_info, self.review_button, self.start_button):
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
        self.lot_details = QLabel(objectName="Muted")
        self.lot_details.setWordWrap(True)
        counts = QGridLayout()
        self.good_caption, self.scrap_caption = QLabel(objectName="Muted"), QLabel(objectName="Muted")
        self.good_value, self.scrap_value = QLabel(objectName="BigCount"), QLabel(objectName="BigCount")
        for label in (self.good_value, self.scrap_value):
            label.setStyleSheet("font-size: 44px; font-weight: 600;")
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
        self.status_label = QLabel(objectName="Error")   # shown instead of the details while paused
        self.status_label.setWordWrap(True)
        lot_box.addWidget(self.lot_title)
        lot_box.addWidget(self.lot_details)
        lot_box.addWidget(self.status_label)
        lot_box.addLayout(counts)
        pause_row = QHBoxLayout()
        self.reason_box = QComboBox(objectName="DowntimeReason")
        self.pause_button = _button("PauseLot")
        self.pause_button.clicked.connect(self._pause_or_resume)
        pause_row.addWidget(self.reason_box, 1)
        pause_row.addWidget(self.pause_button)
        lot_box.addLayout(pause_row)
        end_row = QHBoxLayout()
        self.finish_button = _button("FinishLot", primary=True)
        self.finish_button.clicked.connect(self._ask_finish)
        self.abort_reason = QLineEdit(objectName="AbortReason")
        self.abort_button = _button("AbortLot")
        self.abort_button.clicked.connect(self._ask_abort)
        end_row.addWidget(self.finish_button, 1)
        abort_row = QHBoxLayout()
        abort_row.addWidget(self.abort_reason, 1)
        abort_row.addWidget(self.abort_button)
        lot_box.addLayout(end_row)
        lot_box.addLayout(abort_row)
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
        self.pad_caption.hide()   # its text is the count field's placeholder: the screen must fit 1024x768
        pad_box.addWidget(self.count_field)
        pad_box.addWidget(self.pad, 1)
        pad_box.addWidget(self.scrap_n)
        run_row.addWidget(lot_card, 3)
        run_row.addWidget(pad_card, 2)
        self.pages.addWidget(running)

        self._unsubscribers = [
            self.production.lots.active.subscribe(lambda _lot: self._show_lot(), replay=False),
            self.production.defects.proposals.subscribe(lambda _p: self._show_proposal(), replay=False),
            context.station.auth.session.subscribe(lambda _s: self._show_lot(), replay=False),
        ]
        self.destroyed.connect(lambda *_: [u() for u in self._unsubscribers])
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
        self.count_field.setPlaceholderText(self.pad_caption.text())
        self.scrap_n.setText(self.tr("Add N as scrap"))
        self._show_lot()
        self._show_proposal()
        self._fill_orders()

    def on_shown(self) -> None:
        self.run_task(self._load())

    # Loading ------------------------------------------------------------------------------------------------
    async def _load(self) -> None:
        self._orders = await self.context.station.store.read(records.work_orders)
        reasons = await self.context.station.store.read(records.downtime_reasons)
        self.reason_box.clear()
        for reason in reasons:
            self.reason_box.addItem(f"{reason.name_ko if self._korean else reason.name}", reason.code)
        self._fill_orders()
        self._show_lot()

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
            self.run_task(self.production.lots.resume())
        else:
            self.run_task(self.production.lots.pause(reason_code=str(self.reason_box.currentData() or "")))

    def _ask_finish(self) -> None:
        lot = self.production.lots.active.value
        if lot is None:
            return
        good, scrap = lot.good, lot.scrap
        self.confirm_bar.ask(
            self.tr("Finish lot %1 with %2 good and %3 scrap?").replace("%1", lot.lot_no)
            .replace("%2", str(good)).replace("%3", str(scrap)),
            confirm=self.tr("Finish"), cancel=self.tr("Cancel"),
            action=lambda: self.run_task(self.production.lots.finish(confirm_good=good, confirm_scrap=scrap)))

    def _ask_abort(self) -> None:
        lot = self.production.lots.active.value
        if lot is None:
            return
        reason = self.abort_reason.text()
        self.confirm_bar.ask(self.tr("Abort lot %1? This cannot be undone.").replace("%1", lot.lot_no),
                             confirm=self.tr("Abort"), cancel=self.tr("Cancel"),
                             action=lambda: self.run_task(self.production.lots.abort(reason=reason)))

    # Showing --------------------------------------------------------------------------------------------------
    def _show_lot(self) -> None:
        lot: Lot | None = self.production.lots.active.value
        self.pages.setCurrentIndex(0 if lot is None else 1)
        if lot is None:
            return
        self.lot_title.setText(self.tr("Lot %1").replace("%1", lot.lot_no))
        started = self.tr("started by %1").replace("%1", lot.started_by)
        self.lot_details.setText(f"{lot.work_order} · {lot.product} · {lot.operation} · {started}")
        self.good_value.setText(str(lot.good))
        self.scrap_value.setText(str(lot.scrap))
        paused = lot.status is LotStatus.PAUSED
        index = self.reason_box.findData(lot.pause_reason) if paused else -1
        reason = self.reason_box.itemText(index) if index >= 0 else (lot.pause_reason or "")
        self.status_label.setText(self.tr("PAUSED: %1").replace("%1", reason) if paused else "")
        self.status_label.setVisible(paused)
        self.lot_details.setVisible(not paused)
        self.pause_button.setText(self.tr("Resume") if paused else self.tr("Pause"))
        self.reason_box.setEnabled(not paused)
        for button in (self.good_one, self.scrap_one, self.scrap_n):
            button.setEnabled(not paused)
        self.abort_button.setEnabled(self.context.station.auth.can(Permission.ABORT_LOT))

    def _show_proposal(self) -> None:
        proposals: tuple[DefectProposal, ...] = self.production.defects.proposals.value
        if not proposals:
            self.proposal_bar.hide()
            return
        p = proposals[0]
        m = p.measurement
        tag = self.context.station.config.tags.get(str(m["tag"]))
        name = (tag.description_ko if self._korean and tag.description_ko else tag.description) if tag else ""
        self.proposal_bar.ask(
            self.tr("%1 = %2 %3 is outside %4 … %5: record defect %6 for lot %7?")
            .replace("%1", name or str(m["tag"])).replace("%2", f"{m['value']:g}").replace("%3", str(m.get("unit", "")))
            .replace("%4", str(m.get("lo"))).replace("%5", str(m.get("hi"))).replace("%6", p.code)
            .replace("%7", p.lot_no),
            confirm=self.tr("Record defect"), cancel=self.tr("Dismiss"),
            action=lambda: self.run_task(self.production.defects.confirm_proposal(p.id)),
            on_cancel=lambda: self.run_task(self.production.defects.dismiss_proposal(p.id)))
