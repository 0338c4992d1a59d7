"""Work instructions, step by step: big back/next, zoomable images, confirm/checklist/measure sign-offs.

A measured value outside its limits needs a second confirmation and is recorded flagged. A new or
changed instruction must be acknowledged here before a lot can start with it.

Counter ticks change the lot's counts many times a second: the screen re-reads only when the lot
itself changes (another lot, paused, resumed), and showing the same step again keeps its typed value,
its ticked boxes and an open confirmation. The step's text scrolls inside its pane; the keypad and
Back/Next stay visible at 1024×768.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Awaitable

from PySide6.QtCore import Qt
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from hmi.production.instructions import InstructionStatus, OutOfLimit
from hmi.production.masterdata import Step, StepKind
from hmi.production.records import InstructionDoc, ProductionError, Signoff
from screens.refusal_text import refusal_text
from screens.shell_context import ShellContext
from screens.widgets.confirm_bar import ConfirmBar
from screens.widgets.elided_label import ElidedLabel
from screens.widgets.number_pad import NumberPad
from screens.widgets.screen_base import ScreenBase


class InstructionsScreen(ScreenBase):
    def __init__(self, context: ShellContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        self.production = context.station.production
        self.status: InstructionStatus | None = None
        self.index = 0
        self.signoffs: list[Signoff] = []
        self._zoom = 1.0
        self._pixmap: QPixmap | None = None
        self._asked: tuple[str, int, object] | None = None   # the open out-of-limit question: message, step, value
        self._korean = False
        self._lot_key: tuple[int, str] | None = None
        self._step_key: tuple[object, ...] | None = None
        current = context.station.auth.session.value
        self._username: str | None = current.username if current is not None else None

        top = QHBoxLayout()
        self.order_box = QComboBox(objectName="InstructionOrder")
        self.order_box.setMinimumWidth(300)
        self.order_box.currentIndexChanged.connect(lambda _i: self._reload())
        self.heading = ElidedLabel(objectName="Notice")
        top.addWidget(self.heading, 1)
        top.addWidget(self.order_box)
        self.body.addLayout(top)
        self.overview = ElidedLabel(objectName="Muted")   # every step, with what is signed
        self.body.addWidget(self.overview)
        self.ack_bar = ConfirmBar()
        self.body.addWidget(self.ack_bar)
        self.confirm_bar = ConfirmBar(stacked=True)   # the second confirmation, in place of the keypad

        middle = QHBoxLayout()
        text_card = QFrame(objectName="Card")
        text_box = QVBoxLayout(text_card)
        text_box.setSpacing(6)
        text_box.setContentsMargins(10, 6, 10, 6)
        self.step_label = QLabel(objectName="Muted")
        self.step_text = QLabel(objectName="StepText")
        self.step_text.setTextFormat(Qt.TextFormat.MarkdownText)
        self.step_text.setWordWrap(True)
        self.step_text.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.step_text.setStyleSheet("font-size: 20px;")
        self.image_area = QScrollArea(objectName="StepImage")
        self.image_area.setWidgetResizable(False)
        self.image_label = QLabel()
        self.image_area.setWidget(self.image_label)
        self.zoom_button = QPushButton(objectName="ZoomImage")
        self.zoom_button.setMinimumSize(160, 60)
        self.zoom_button.clicked.connect(self._toggle_zoom)
        step_row = QHBoxLayout()
        step_row.addWidget(self.step_label, 1)
        step_row.addWidget(self.zoom_button)
        text_box.addLayout(step_row)
        self.text_scroll = QScrollArea(objectName="StepTextScroll")   # a long step scrolls in its pane
        self.text_scroll.setWidgetResizable(True)
        self.text_scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.text_scroll.setWidget(self.step_text)
        self.text_scroll.setMinimumHeight(60)
        text_box.addWidget(self.text_scroll, 1)
        text_box.addWidget(self.image_area, 2)
        middle.addWidget(text_card, 3)

        sign_card = QFrame(objectName="Card")
        self.sign_box = QVBoxLayout(sign_card)
        self.sign_box.setSpacing(6)
        self.sign_box.setContentsMargins(10, 6, 10, 6)
        self.signed_label = QLabel(objectName="Notice")
        self.signed_label.setWordWrap(True)
        self.checks_area = QScrollArea(objectName="ChecklistScroll")
        self.checks_area.setWidgetResizable(True)
        self.checks_area.setFrameShape(QFrame.Shape.NoFrame)
        checks_widget = QWidget()
        self.checks_box = QVBoxLayout(checks_widget)
        self.checks_box.setContentsMargins(0, 0, 0, 0)
        self.checks_area.setWidget(checks_widget)
        self.checks: list[QCheckBox] = []
        self.limits_label = QLabel(objectName="Muted")
        self.value_field = QLineEdit(objectName="MeasuredValue")
        self.value_field.setAlignment(Qt.AlignmentFlag.AlignRight)
        self.pad = NumberPad(field=self.value_field)
        self.pad.entered.connect(lambda _t: self._sign())
        self.sign_button = QPushButton(objectName="SignStep")
        self.sign_button.setProperty("role", "primary")
        self.sign_button.setMinimumHeight(64)
        self.sign_button.clicked.connect(self._sign)
        self.sign_box.addWidget(self.signed_label)
        self.sign_box.addWidget(self.checks_area, 1)
        self.sign_box.addWidget(self.limits_label)
        self.sign_box.addWidget(self.value_field)
        self.sign_box.addWidget(self.confirm_bar)
        self.sign_box.addWidget(self.pad, 1)
        self.sign_box.addWidget(self.sign_button)
        self.sign_box.addStretch(0)
        middle.addWidget(sign_card, 2)
        # The 3:2 split alone sets the widths: with the cards' size hints in it, the out-of-limit question
        # in place of the keypad moved the step's buttons (Zoom) 58 px sideways.
        for card in (text_card, sign_card):
            card.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.body.addLayout(middle, 1)

        nav = QHBoxLayout()
        self.back_button = QPushButton(objectName="StepBack")
        self.next_button = QPushButton(objectName="StepNext")
        self.next_button.setProperty("role", "primary")
        for button in (self.back_button, self.next_button):
            button.setMinimumHeight(60)
        self.back_button.clicked.connect(lambda: self.go(self.index - 1))
        self.next_button.clicked.connect(lambda: self.go(self.index + 1))
        nav.addWidget(self.back_button, 1)
        nav.addWidget(self.next_button, 1)
        self.body.addLayout(nav)

        self._unsubscribers = [
            self.production.lots.active.subscribe(lambda _l: self._lot_changed(), replay=False),
            context.station.auth.session.subscribe(lambda _s: self._session_changed(), replay=False),
        ]
        self.destroyed.connect(lambda *_: [u() for u in self._unsubscribers])
        self.retranslate()

    # Texts ----------------------------------------------------------------------------------------------------
    def retranslate(self) -> None:
        self._korean = self.context.languages.locale == "ko"
        self.title_label.setText(self.tr("Work instructions"))
        self.back_button.setText("◀  " + self.tr("Back"))
        self.next_button.setText(self.tr("Next") + "  ▶")
        self._show_step()

    def on_shown(self) -> None:
        self._run(self._load_orders())

    # Loading ----------------------------------------------------------------------------------------------------
    def _run(self, coro: Awaitable[object]) -> None:
        async def guarded() -> None:
            try:
                await coro
            except OutOfLimit as exc:
                self._ask_out_of_limit(refusal_text(exc))
            except ProductionError as exc:
                self.context.notify(refusal_text(exc))

        self.context.tasks.spawn(guarded(), name="instructions-screen")

    async def _load_orders(self) -> None:
        orders = await self.production.work_orders()
        current = self.order_box.currentData()
        self.order_box.blockSignals(True)
        self.order_box.clear()
        for order in orders:
            self.order_box.addItem(f"{order.order_no} · {order.product}", order.order_no)
        index = self.order_box.findData(current)
        self.order_box.setCurrentIndex(max(0, index))
        self.order_box.blockSignals(False)
        await self.reload()

    def _reload(self) -> None:
        self._run(self.reload())

    def _lot_changed(self) -> None:
        """Re-read only when the lot itself changed; its counts (the counter, many times a second) never matter here."""
        lot = self.production.lots.active.value
        key = None if lot is None else (lot.id, lot.status.value)
        if key != self._lot_key:
            self._lot_key = key
            self._reload()

    def _session_changed(self) -> None:
        """Sign-out clears the form: a typed value, ticked boxes and an open question stay with their person."""
        session = self.context.station.auth.session.value
        username = session.username if session is not None else None
        if username == self._username:
            return
        self._username = username
        self.value_field.clear()
        for box in self.checks:
            box.setChecked(False)
        if self.confirm_bar.isVisible():
            self.confirm_bar.hide()
            self.pad.setVisible(self.value_field.isVisible())
        self._step_key = None
        self._show_step()

    async def reload(self) -> None:
        lot = self.production.lots.active.value
        self.order_box.setVisible(lot is None)
        order = lot.work_order if lot is not None else self.order_box.currentData()
        if order is None:
            self.status = None
            self._show_step()
            return
        previous = (self.status.doc.instruction_id, self.status.doc.version) if self.status and self.status.doc else None
        self.status = await self.production.instructions.status_for(str(order))
        lot_id = lot.id if lot is not None else None
        self.signoffs = await self.production.instructions.signoffs(lot_id) if lot_id is not None else []
        doc = self.status.doc
        if doc is None or previous != (doc.instruction_id, doc.version):
            self.index = 0
        self._show_step()

    # Steps --------------------------------------------------------------------------------------------------------
    def current_step(self) -> Step | None:
        doc = self.status.doc if self.status else None
        if doc is None or not doc.steps:
            return None
        return doc.steps[min(self.index, len(doc.steps) - 1)]

    def go(self, index: int) -> None:
        doc = self.status.doc if self.status else None
        if doc is None:
            return
        self.index = max(0, min(index, len(doc.steps) - 1))
        self.value_field.clear()
        self._show_step()

    def _show_step(self) -> None:
        doc = self.status.doc if self.status else None
        step = self.current_step()
        lot = self.production.lots.active.value
        key = (None if doc is None else (doc.instruction_id, doc.version), self.index, lot.id if lot else None,
               self.status.acknowledged if self.status else None)
        same = key == self._step_key
        self._step_key = key
        self._show_overview()
        if same and step is not None:
            self._show_signed(step)   # the same step: keep the typed value, the boxes and an open question
            self._show_texts(doc, step, fresh=False)   # in the language now chosen
            return
        self.confirm_bar.hide()
        if doc is None or step is None:
            self.heading.setText(self.tr("No work instruction for this work order."))
            self.step_label.setText("")
            self.step_text.setText("")
            self.image_label.clear()
            self.ack_bar.hide()
            for widget in (self.sign_button, self.value_field, self.pad, self.limits_label, self.zoom_button):
                widget.hide()
            return
        self._show_texts(doc, step, fresh=True)
        self.back_button.setEnabled(self.index > 0)
        self.next_button.setEnabled(self.index < len(doc.steps) - 1)
        self._show_image(step)
        self._show_signing(step)

    def _show_texts(self, doc: InstructionDoc, step: Step, *, fresh: bool) -> None:
        """Every text of the step, in the language now chosen: for a new step (``fresh``) and again at a
        language change, when a question stays as open or as put off as it was."""
        title = doc.title_ko if self._korean and doc.title_ko else doc.title
        version = self.tr("version %1").replace("%1", str(doc.version))
        self.heading.setText(f"{title} · {doc.instruction_id} · {version}")
        if self.status is not None and not self.status.acknowledged and (fresh or not self.ack_bar.isHidden()):
            changes = (doc.changes_ko if self._korean and doc.changes_ko else doc.changes) or self.tr(
                "First use at this station.")
            self.ack_bar.ask(self.tr("Version %1 is new or changed: %2").replace("%1", str(doc.version))
                             .replace("%2", changes), confirm=self.tr("Acknowledge"), cancel=self.tr("Later"),
                             action=lambda: self._run(self._acknowledge()))
        elif self.status is None or self.status.acknowledged:
            self.ack_bar.hide()
        self.step_label.setText(self.tr("Step %1 of %2").replace("%1", str(self.index + 1))
                                .replace("%2", str(len(doc.steps))))
        self.step_text.setText(step.text_ko if self._korean and step.text_ko else step.text)
        self.zoom_button.setText(self.tr("Zoom: %1×").replace("%1", f"{self._zoom:g}"))
        if step.kind is StepKind.MEASURE:
            limits = self._limits(step) or self.tr("no limits")
            self.limits_label.setText(self.tr("Limits: %1").replace("%1", limits))
        self.sign_button.setText({StepKind.CONFIRM: self.tr("Confirm done"),
                                  StepKind.CHECKLIST: self.tr("Confirm checklist"),
                                  StepKind.MEASURE: self.tr("Record value")}.get(step.kind, ""))
        if not fresh and not self.confirm_bar.isHidden() and self._asked is not None:
            self._ask_out_of_limit(*self._asked)

    def _show_image(self, step: Step) -> None:
        self._pixmap = None
        self.image_label.clear()
        self.image_area.setVisible(bool(step.image))
        self.zoom_button.setVisible(bool(step.image))
        if step.image:
            name = step.image
            self._run(self._load_image(name))

    async def _load_image(self, name: str) -> None:
        data = await self.production.instructions.image(name)
        step = self.current_step()
        if data is None or step is None or step.image != name:
            return
        pixmap = QPixmap()
        pixmap.loadFromData(data)
        self._pixmap = pixmap
        self._zoom = 1.0
        self._apply_zoom()

    def _toggle_zoom(self) -> None:
        self._zoom = {1.0: 2.0, 2.0: 0.5}.get(self._zoom, 1.0)
        self._apply_zoom()

    def _apply_zoom(self) -> None:
        if self._pixmap is None or self._pixmap.isNull():
            return
        viewport = self.image_area.viewport().size()
        fit = self._pixmap.scaled(max(200, viewport.width() - 4), max(150, viewport.height() - 4),
                                  Qt.AspectRatioMode.KeepAspectRatio, Qt.TransformationMode.SmoothTransformation)
        scaled = self._pixmap.scaledToWidth(int(fit.width() * self._zoom), Qt.TransformationMode.SmoothTransformation)
        self.image_label.setPixmap(scaled)
        self.image_label.resize(scaled.size())
        self.zoom_button.setText(self.tr("Zoom: %1×").replace("%1", f"{self._zoom:g}"))

    def _show_signing(self, step: Step) -> None:
        for box in self.checks:
            box.deleteLater()
        self.checks = []
        lot = self.production.lots.active.value
        self._show_signed(step)
        can_sign = lot is not None and step.kind is not StepKind.INFO
        if step.kind is StepKind.CHECKLIST:
            for item in step.items:
                box = QCheckBox(item)
                box.setMinimumHeight(48)
                box.setEnabled(can_sign)
                self.checks_box.addWidget(box)
                self.checks.append(box)
        self.checks_area.setVisible(step.kind is StepKind.CHECKLIST)
        measure = step.kind is StepKind.MEASURE
        self.limits_label.setVisible(measure)
        for widget in (self.value_field, self.pad):   # the keypad's OK records the value
            widget.setVisible(measure and can_sign)
        self.sign_button.setVisible(can_sign and not measure)

    def _limits(self, step: Step) -> str:
        from screens.lots_screen import limits_text

        return limits_text(step.lo, step.hi, step.unit, below=self.tr("at most %1 %2"),
                           above=self.tr("at least %1 %2"), between=self.tr("%1 … %2 %3"))

    def _show_overview(self) -> None:
        """Step 1 ✓ · 2 ✓ · [3] · 4 …: where the operator is and what is signed."""
        doc = self.status.doc if self.status else None
        if doc is None:
            self.overview.setText("")
            return
        signed = {s.step_index for s in self.signoffs}
        parts = []
        for i, step in enumerate(doc.steps):
            mark = "✓" if i in signed else ("·" if step.kind is StepKind.INFO else "○")
            text = f"{i + 1} {mark}"
            parts.append(f"[{text}]" if i == self.index else text)
        done = len([i for i, st in enumerate(doc.steps) if st.kind is not StepKind.INFO and i in signed])
        to_sign = len([st for st in doc.steps if st.kind is not StepKind.INFO])
        summary = self.tr("%1 of %n step(s) signed", "", to_sign).replace("%1", str(done))
        self.overview.setText(summary + ":  " + "   ".join(parts))

    def _show_signed(self, step: Step) -> None:
        lot = self.production.lots.active.value
        signed = [s for s in self.signoffs if s.step_index == self.index]
        if signed:
            last = signed[-1]
            when = dt.datetime.fromtimestamp(last.ts).strftime("%H:%M")
            value = "" if last.value is True else f" · {last.value if not isinstance(last.value, list) else '✓'}"
            flag = " · " + self.tr("OUT OF LIMIT") if last.out_of_limit else ""
            self.signed_label.setText(self.tr("Signed by %1 at %2").replace("%1", last.display_name or last.username)
                                      .replace("%2", when) + f"{value} {last.unit}{flag}")
        elif step.kind is StepKind.INFO:
            self.signed_label.setText(self.tr("Read the step, then go on."))
        elif lot is None:
            self.signed_label.setText(self.tr("Start a lot to sign this step."))
        else:
            self.signed_label.setText(self.tr("Not signed yet."))

    # Signing ------------------------------------------------------------------------------------------------------
    def _value(self) -> object:
        step = self.current_step()
        if step is None or step.kind in (StepKind.CONFIRM, StepKind.INFO):
            return True
        if step.kind is StepKind.CHECKLIST:
            return [box.text() for box in self.checks if box.isChecked()]
        return self.value_field.text().strip() or None

    def _sign(self, *, confirmed: bool = False) -> None:
        self._run(self._do_sign(self.index, self._value(), confirmed))

    async def _do_sign(self, index: int, value: object, confirmed: bool) -> None:
        await self.production.instructions.sign(step_index=index, value=value, confirm_out_of_limit=confirmed)
        self._step_key = None   # signed: show the step afresh (its value recorded, the keypad back)
        await self.reload()
        doc = self.status.doc if self.status else None
        if doc is not None and index == self.index and self.index < len(doc.steps) - 1:
            self.go(self.index + 1)

    def _ask_out_of_limit(self, message: str, index: int | None = None, value: object = None) -> None:
        """Record flagged or measure again? Asked again in the new language if it changes meanwhile."""
        if index is None:
            index, value = self.index, self._value()
        self._asked = (message, index, value)
        step = self.current_step()
        if step is not None:   # the operator's language rather than the service's English
            message = (self.tr("%1 %2 is outside the limits (%3). Record it flagged?")
                       .replace("%1", str(value)).replace("%2", step.unit).replace("%3", self._limits(step)))
        self.pad.hide()
        self.confirm_bar.ask(message, confirm=self.tr("Record flagged"), cancel=self.tr("Measure again"),
                             action=lambda: self._run(self._do_sign(index, value, True)),
                             on_cancel=self.pad.show)

    async def _acknowledge(self) -> None:
        doc = self.status.doc if self.status else None
        if doc is None:
            return
        await self.production.instructions.acknowledge(instruction_id=doc.instruction_id, version=doc.version)
        await self.reload()
