"""The alarm list: active alarms by priority then time, filters, acknowledge, shelve, guidance, trend."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QItemSelectionModel, QObject, Qt, QTimer
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSizePolicy,
    QTableView,
    QWidget,
)

from hmi.alarms import AlarmActionError, AlarmState, Priority
from hmi.alarms.service import AlarmView
from hmi.auth import Permission
from screens.alarm_table_model import ALARM_COLUMN, COLUMN_WIDTHS, STATE_COLUMN, AlarmTableModel
from screens.refusal_text import refusal_text
from screens.shell_context import ShellContext
from screens.widgets.alarm_look import clock_text, priority_text
from screens.widgets.screen_base import ScreenBase

SHELVE_CHOICES_S = (15 * 60, 30 * 60, 3600, 2 * 3600, 4 * 3600, 8 * 3600)
_OVERLAYS = (AlarmState.SHELVED, AlarmState.SUPPRESSED, AlarmState.OUT_OF_SERVICE)


class AlarmsScreen(ScreenBase):
    def __init__(self, context: ShellContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        station = context.station
        self.alarms = station.alarms
        self._visible = False
        self._selected_id: str | None = None
        self._panel_mode = ""

        filters = QHBoxLayout()
        self.priority_filter = QComboBox(objectName="AlarmPriorityFilter")
        self.area_filter = QComboBox(objectName="AlarmAreaFilter")
        self.equipment_filter = QComboBox(objectName="AlarmEquipmentFilter")
        definitions = station.profile.alarms.values()
        self._areas = sorted({d.area for d in definitions if d.area})
        self._equipment = sorted({d.equipment for d in definitions if d.equipment})
        self.show_overlaid = QCheckBox(objectName="AlarmShowOverlaid")
        self.show_overlaid.setChecked(True)
        self.sound = QCheckBox(objectName="AlarmSound")
        for widget in (self.priority_filter, self.area_filter, self.equipment_filter):
            # As wide as the longest choice ("All equipment" was cut at 1024 px).
            widget.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
            widget.currentIndexChanged.connect(self.refresh)
            filters.addWidget(widget, 1)
        self.show_overlaid.toggled.connect(self.refresh)
        self.sound.toggled.connect(self._sound_toggled)
        filters.addWidget(self.show_overlaid)
        filters.addWidget(self.sound)
        self.body.addLayout(filters)

        self.model = AlarmTableModel(profile=station.profile, live=station.live, locale=lambda: context.languages.locale)
        self.table = QTableView(objectName="AlarmTable")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setMinimumSectionSize(52)
        self.table.verticalHeader().setDefaultSectionSize(52)   # a row is a touch target: >= 48 px
        self.table.setWordWrap(False)
        self.table.setTextElideMode(Qt.TextElideMode.ElideRight)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(ALARM_COLUMN, QHeaderView.ResizeMode.Stretch)
        for column, width in COLUMN_WIDTHS.items():
            header.resizeSection(column, width)
        self.table.selectionModel().selectionChanged.connect(self._selection_changed)
        self.table.viewport().installEventFilter(self)
        self.body.addWidget(self.table, 1)

        guidance = QFrame(objectName="Card")
        guidance.setObjectName("AlarmGuidance")
        guidance_row = QHBoxLayout(guidance)
        guidance_row.setContentsMargins(14, 8, 14, 8)
        self.guidance = QLabel(objectName="AlarmGuidanceText")
        self.guidance.setWordWrap(True)
        self.guidance.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.guidance.setMinimumHeight(72)
        self.comment = QLineEdit(objectName="AlarmComment")
        self.comment.setFixedWidth(280)
        guidance_row.addWidget(self.guidance, 1)
        guidance_row.addWidget(self.comment, 0, Qt.AlignmentFlag.AlignVCenter)
        self.body.addWidget(guidance)

        buttons = QGridLayout()
        buttons.setSpacing(8)
        self.ack_button = QPushButton(objectName="AlarmAck")
        self.ack_button.setProperty("role", "primary")
        self.ack_all_button = QPushButton(objectName="AlarmAckAll")
        self.shelve_button = QPushButton(objectName="AlarmShelve")
        self.unshelve_button = QPushButton(objectName="AlarmUnshelve")
        self.reset_button = QPushButton(objectName="AlarmReset")
        self.trend_button = QPushButton(objectName="AlarmTrend")
        self.oos_button = QPushButton(objectName="AlarmOutOfService")
        self.in_service_button = QPushButton(objectName="AlarmInService")
        grid = (self.ack_button, self.ack_all_button, self.trend_button, self.reset_button,
                self.shelve_button, self.unshelve_button, self.oos_button, self.in_service_button)
        for i, button in enumerate(grid):
            # Four equal columns that may shrink below the text's natural width on a 1024 px screen.
            button.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)
            button.setMinimumWidth(100)
            button.setStyleSheet("padding: 0 6px;")   # "Return to service" fits a quarter of a 1024 px pane
            buttons.addWidget(button, i // 4, i % 4)
        self.body.addLayout(buttons)

        # Shelving and out-of-service ask for a reason here, not in a modal dialog.
        self.panel = QFrame(objectName="Card")
        panel_row = QHBoxLayout(self.panel)
        panel_row.setContentsMargins(14, 8, 14, 8)
        self.panel_label = QLabel()
        self.reason = QLineEdit(objectName="AlarmReason")
        self.duration = QComboBox(objectName="AlarmShelveDuration")
        self.confirm_button = QPushButton(objectName="AlarmConfirm")
        self.confirm_button.setProperty("role", "primary")
        self.cancel_button = QPushButton(objectName="AlarmCancel")
        for widget in (self.panel_label, self.reason, self.duration, self.confirm_button, self.cancel_button):
            panel_row.addWidget(widget, 1 if widget is self.reason else 0)
        self.reason.setMinimumWidth(120)
        self.panel.hide()
        self.body.addWidget(self.panel)

        self.ack_button.clicked.connect(lambda: self._spawn(self._acknowledge_selected()))
        self.ack_all_button.clicked.connect(lambda: self._spawn(self._acknowledge_visible()))
        self.shelve_button.clicked.connect(lambda: self._open_panel("shelve"))
        self.oos_button.clicked.connect(lambda: self._open_panel("oos"))
        self.unshelve_button.clicked.connect(lambda: self._spawn(self._with_selected(self.alarms.unshelve)))
        self.in_service_button.clicked.connect(
            lambda: self._spawn(self._with_selected(self.alarms.return_to_service)))
        self.reset_button.clicked.connect(lambda: self._spawn(self._with_selected(self.alarms.reset)))
        self.trend_button.clicked.connect(self._trend)
        self.confirm_button.clicked.connect(lambda: self._spawn(self._confirm_panel()))
        self.cancel_button.clicked.connect(self._close_panel)

        self._refresh_timer = QTimer(self)
        self._refresh_timer.setSingleShot(True)
        self._refresh_timer.setInterval(int(1000 / station.profile.ui.max_repaint_hz))
        self._refresh_timer.timeout.connect(self.refresh)
        self._unsubscribe = self.alarms.changed.subscribe(self._changed, replay=False)
        self.destroyed.connect(lambda *_: self._unsubscribe())
        self.retranslate()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.table.viewport() and event.type() == QEvent.Type.Resize:
            # A wide screen gives the state ("Active, unacknowledged · latched") room; a narrow one the message.
            width = self.table.viewport().width()
            self.table.horizontalHeader().resizeSection(STATE_COLUMN, max(COLUMN_WIDTHS[STATE_COLUMN],
                                                                          min(320, width // 5)))
        return super().eventFilter(watched, event)

    # Texts ----------------------------------------------------------------------------------------
    def retranslate(self) -> None:
        self.title_label.setText(self.tr("Alarms"))
        self._fill_combo(self.priority_filter, self.tr("All priorities"),
                         [(priority_text(p), p.value) for p in Priority])
        korean = self.context.languages.locale == "ko"
        names = self.context.station.profile.equipment
        self._fill_combo(self.area_filter, self.tr("All areas"),
                         [(names.display_name(a, korean=korean), a) for a in self._areas])
        self._fill_combo(self.equipment_filter, self.tr("All equipment"),
                         [(names.display_name(e, korean=korean), e) for e in self._equipment])
        self.show_overlaid.setText(self.tr("Show shelved"))
        self.sound.setText(self.tr("Sound"))
        self.comment.setPlaceholderText(self.tr("Comment (optional)"))
        self.ack_button.setText(self.tr("Acknowledge"))
        self.ack_all_button.setText(self.tr("Acknowledge all"))
        self.shelve_button.setText(self.tr("Shelve…"))
        self.unshelve_button.setText(self.tr("Unshelve"))
        self.reset_button.setText(self.tr("Reset latch"))
        self.trend_button.setText(self.tr("Trend"))
        self.oos_button.setText(self.tr("Out of service…"))
        self.in_service_button.setText(self.tr("Return to service"))
        self.reason.setPlaceholderText(self.tr("Reason (required)"))
        self.confirm_button.setText(self.tr("Confirm"))
        self.cancel_button.setText(self.tr("Cancel"))
        self._fill_durations()
        self.refresh()

    @staticmethod
    def _fill_combo(combo: QComboBox, everything: str, items: list[tuple[str, str]]) -> None:
        current = combo.currentData()
        combo.blockSignals(True)
        combo.clear()
        combo.addItem(everything, "")
        for text, data in items:
            combo.addItem(text, data)
        index = combo.findData(current)
        combo.setCurrentIndex(max(0, index))
        combo.blockSignals(False)

    def _fill_durations(self) -> None:
        self.duration.clear()
        for seconds in SHELVE_CHOICES_S:
            text = self.tr("%n min", "", seconds // 60) if seconds < 3600 else self.tr("%n h", "", seconds // 3600)
            self.duration.addItem(text, seconds)

    # Showing --------------------------------------------------------------------------------------
    def on_shown(self) -> None:
        self._visible = True
        banner = getattr(self.window(), "alarm_banner", None)
        self.sound.setChecked(bool(banner is not None and banner.audible))
        auth = self.context.station.auth
        self.shelve_button.setVisible(auth.can(Permission.SHELVE_ALARM))
        self.unshelve_button.setVisible(auth.can(Permission.SHELVE_ALARM))
        self.reset_button.setVisible(auth.can(Permission.RESET_ALARM))
        self.oos_button.setVisible(auth.can(Permission.ALARM_OUT_OF_SERVICE))
        self.in_service_button.setVisible(auth.can(Permission.ALARM_OUT_OF_SERVICE))
        self.refresh()

    def on_hidden(self) -> None:
        self._visible = False
        self._close_panel()

    def _changed(self, _version: int) -> None:
        if self._visible and not self._refresh_timer.isActive():
            self._refresh_timer.start()

    def visible_alarms(self) -> list[AlarmView]:
        priority = self.priority_filter.currentData() or ""
        area = self.area_filter.currentData() or ""
        equipment = self.equipment_filter.currentData() or ""
        views = self.alarms.views(include_overlaid=self.show_overlaid.isChecked())
        return [v for v in views
                if (not priority or v.priority.value == priority)
                and (not area or v.definition.area == area)
                and (not equipment or v.definition.equipment == equipment)]

    def refresh(self) -> None:
        keep = self._selected_id
        self.model.set_rows(self.visible_alarms())
        self._select(keep)
        self._update_guidance()

    def _select(self, alarm_id: str | None) -> None:
        rows = [i for i, v in enumerate(self.model.rows) if v.alarm_id == alarm_id]
        selection = self.table.selectionModel()
        if rows:
            selection.select(self.model.index(rows[0], 0), QItemSelectionModel.SelectionFlag.ClearAndSelect
                             | QItemSelectionModel.SelectionFlag.Rows)
        else:
            self._selected_id = None

    def select_alarm(self, alarm_id: str) -> None:
        self._selected_id = alarm_id
        self._select(alarm_id)

    def _selection_changed(self, *_: object) -> None:
        rows = self.table.selectionModel().selectedRows()
        self._selected_id = self.model.rows[rows[0].row()].alarm_id if rows else None
        self._update_guidance()

    def selected(self) -> AlarmView | None:
        return next((v for v in self.model.rows if v.alarm_id == self._selected_id), None)

    def _update_guidance(self) -> None:
        view = self.selected()
        self.ack_button.setEnabled(view is not None and not view.acked)
        self.ack_all_button.setEnabled(any(not v.acked for v in self.model.rows))
        self.unshelve_button.setEnabled(view is not None and view.state is AlarmState.SHELVED)
        self.shelve_button.setEnabled(view is not None and view.state is not AlarmState.OUT_OF_SERVICE)
        self.reset_button.setEnabled(view is not None and view.latched)
        self.trend_button.setEnabled(view is not None)
        self.oos_button.setEnabled(view is not None and view.state is not AlarmState.OUT_OF_SERVICE)
        self.in_service_button.setEnabled(view is not None and view.state is AlarmState.OUT_OF_SERVICE)
        if view is None:
            self.guidance.setText(self.tr("Select an alarm to see what it means and what to do."))
            return
        d = view.definition
        korean = self.context.languages.locale == "ko"
        tag = self.context.station.profile.tags.get(d.tag)
        described = ((tag.description_ko if korean and tag.description_ko else tag.description)
                     if tag is not None else "") or d.tag      # the measured value's name, not its tag id
        lines = [f"<b>{d.message(self.context.languages.locale)}</b> — {described}"]
        consequence = self.tr("Consequence")
        what_to_do = self.tr("What to do")
        if d.consequence:
            lines.append(f"<b>{consequence}:</b> {d.consequence_text(self.context.languages.locale)}")
        names, korean = self.context.station.profile.equipment, self.context.languages.locale == "ko"
        where = " / ".join(names.display_name(p, korean=korean) for p in (d.area, d.equipment) if p)
        if where:
            lines[0] += f" · {where}"
        if d.corrective_action:
            lines.append(f"<b>{what_to_do}:</b> {d.corrective_action_text(self.context.languages.locale)}")
        if view.state is AlarmState.SHELVED and view.shelved_until is not None:
            lines.append(self.tr("Shelved until %1: %2").replace("%1", clock_text(view.shelved_until))
                         .replace("%2", view.shelve_reason))
        if view.state is AlarmState.OUT_OF_SERVICE:
            lines.append(self.tr("Out of service: %1").replace("%1", view.oos_reason))
        self.guidance.setText("<br>".join(lines))

    # Actions --------------------------------------------------------------------------------------
    def _spawn(self, coro: object) -> None:
        self.context.tasks.spawn(coro)  # type: ignore[arg-type]

    async def _acknowledge_selected(self) -> None:
        view = self.selected()
        if view is not None:
            await self._run(self.alarms.acknowledge([view.alarm_id], comment=self.comment.text()))
            self.comment.clear()

    async def _acknowledge_visible(self) -> None:
        ids = [v.alarm_id for v in self.model.rows if not v.acked]
        count = await self._run(self.alarms.acknowledge(ids, comment=self.comment.text()))
        if count:
            self.context.notify(self.tr("%n alarm(s) acknowledged.", "", count))
            self.comment.clear()

    async def _with_selected(self, action: object) -> None:
        view = self.selected()
        if view is not None:
            await self._run(action(view.alarm_id))  # type: ignore[operator]

    async def _run(self, coro: object) -> object:
        try:
            return await coro  # type: ignore[misc]
        except AlarmActionError as exc:
            self.context.notify(refusal_text(exc))
            return None
        finally:
            self.refresh()

    def _open_panel(self, mode: str) -> None:
        view = self.selected()
        if view is None:
            return
        self._panel_mode = mode
        self.duration.setVisible(mode == "shelve")
        message = view.definition.message(self.context.languages.locale)   # its message, not its id
        if mode == "shelve":
            self.panel_label.setText(self.tr("Shelve %1 for").replace("%1", message))
            limit = view.definition.max_shelve_s
            for i in range(self.duration.count()):
                self.duration.model().item(i).setEnabled(self.duration.itemData(i) <= limit)  # type: ignore[attr-defined]
        else:
            self.panel_label.setText(self.tr("Take %1 out of service").replace("%1", message))
        self.reason.clear()
        self.panel.show()
        self.reason.setFocus()

    def _close_panel(self) -> None:
        self.panel.hide()
        self._panel_mode = ""

    async def _confirm_panel(self) -> None:
        view = self.selected()
        if view is None:
            self._close_panel()
            return
        reason = self.reason.text()
        if not reason.strip():
            self.context.notify(self.tr("Please give a reason."))
            return
        if self._panel_mode == "shelve":
            seconds = float(self.duration.currentData())
            result = await self._run(self.alarms.shelve(view.alarm_id, duration_s=seconds, reason=reason))
        else:
            result = await self._run(self.alarms.remove_from_service(view.alarm_id, reason=reason))
        del result
        self._close_panel()

    def _sound_toggled(self, on: bool) -> None:
        banner = getattr(self.window(), "alarm_banner", None)
        if banner is not None:
            banner.audible = on

    def _trend(self) -> None:
        """Open the trend screen (when this station has one) with the alarm's tag as its pen."""
        view = self.selected()
        if view is None:
            return
        window = self.window()
        specs = getattr(window, "specs", {})
        if "trends" not in specs:
            self.context.notify(self.tr("This station has no trend screen (tag %1).").replace("%1", view.definition.tag))
            return
        trends = window.screen("trends")  # type: ignore[attr-defined]
        if hasattr(trends, "set_pens"):
            trends.set_pens([view.definition.tag])
        self.context.navigate("trends")
