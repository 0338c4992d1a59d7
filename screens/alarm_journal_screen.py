"""The alarm journal: every transition, filtered by time, tag, priority, state and user; CSV export."""

from __future__ import annotations

import asyncio
import functools
import time

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QWidget,
)

from hmi.alarms import AlarmState, Priority
from hmi.alarms.export import write_journal_csv
from hmi.alarms.journal import JournalEntry, JournalFilter
from hmi.auth import Permission
from screens.shell_context import ShellContext
from screens.widgets.alarm_look import clock_text, priority_text, state_text, value_text
from screens.widgets.screen_base import ScreenBase
from screens.widgets.verbatim import verbatim_item

PERIODS_S = (3600, 8 * 3600, 24 * 3600, 7 * 24 * 3600, 30 * 24 * 3600)
_HEADERS = ("Time", "Priority", "Alarm", "Tag", "Transition", "State", "Value", "User", "Comment")
EXPORT_LIMIT = 1_000_000
SCREEN_LIMIT = 500          # the newest rows on screen (thousands of rows made every visit slow); CSV has all


class AlarmJournalScreen(ScreenBase):
    def __init__(self, context: ShellContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        self.entries: list[JournalEntry] = []
        self._names: dict[str, str] = {}     # user ID -> display name: people are shown by name
        filters = QGridLayout()
        filters.setHorizontalSpacing(8)
        self.period = QComboBox(objectName="JournalPeriod")
        self.tag = QLineEdit(objectName="JournalTag")
        self.priority = QComboBox(objectName="JournalPriority")
        self.state = QComboBox(objectName="JournalState")
        self.user = QLineEdit(objectName="JournalUser")
        self.refresh_button = QPushButton(objectName="JournalRefresh")
        self.export_button = QPushButton(objectName="JournalExport")
        places = {self.period: (0, 0), self.priority: (0, 1), self.state: (0, 2), self.tag: (1, 0),
                  self.user: (1, 1)}
        for widget, (row, column) in places.items():
            filters.addWidget(widget, row, column)
            if isinstance(widget, QComboBox):
                widget.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
                widget.setMinimumContentsLength(5)
                widget.currentIndexChanged.connect(self.reload)
            else:
                widget.setMinimumWidth(90)
                widget.returnPressed.connect(self.reload)
        buttons = QHBoxLayout()
        buttons.addWidget(self.refresh_button)
        buttons.addWidget(self.export_button)
        filters.addLayout(buttons, 1, 2)
        self.body.addLayout(filters)

        self.table = QTableWidget(0, len(_HEADERS), objectName="JournalTable")
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setMinimumSectionSize(52)
        self.table.verticalHeader().setDefaultSectionSize(52)   # a row is a touch target: >= 48 px
        self.table.setAlternatingRowColors(True)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.body.addWidget(self.table, 1)
        self.refresh_button.clicked.connect(self.reload)
        self.export_button.clicked.connect(lambda: self.context.tasks.spawn(self.export_csv()))
        self.retranslate()

    def retranslate(self) -> None:
        self.title_label.setText(self.tr("Alarm journal"))
        self._fill(self.period, [(self._period_text(s), s) for s in PERIODS_S], default=2)
        self._fill(self.priority, [(self.tr("All priorities"), "")] + [(priority_text(p), p.value) for p in Priority])
        self._fill(self.state, [(self.tr("All states"), "")] + [(state_text(s), s.value) for s in AlarmState])
        self.tag.setPlaceholderText(self.tr("Tag or alarm"))
        self.user.setPlaceholderText(self.tr("User"))
        self.refresh_button.setText(self.tr("Refresh"))
        self.export_button.setText(self.tr("Export CSV"))
        self.table.setHorizontalHeaderLabels([
            self.tr("Time"), self.tr("Priority"), self.tr("Alarm"), self.tr("Tag"), self.tr("Transition"),
            self.tr("State"), self.tr("Value"), self.tr("User"), self.tr("Comment")])
        self._show()

    def _period_text(self, seconds: int) -> str:
        if seconds < 24 * 3600:
            return self.tr("Last %n hour(s)", "", seconds // 3600)
        return self.tr("Last %n day(s)", "", seconds // (24 * 3600))

    @staticmethod
    def _fill(combo: QComboBox, items: list[tuple[str, object]], default: int = 0) -> None:
        current = combo.currentData() if combo.count() else None
        combo.blockSignals(True)
        combo.clear()
        for text, data in items:
            combo.addItem(text, data)
        index = combo.findData(current) if current is not None else -1
        combo.setCurrentIndex(index if index >= 0 else default)
        combo.blockSignals(False)

    def query(self, *, limit: int = SCREEN_LIMIT) -> JournalFilter:
        now = self.context.station.clock.now()
        return JournalFilter(since=now - float(self.period.currentData() or PERIODS_S[2]), tag=self.tag.text().strip(),
                             priority=self.priority.currentData() or "", state=self.state.currentData() or "",
                             user=self.user.text().strip(), limit=limit)

    def on_shown(self) -> None:
        self.reload()

    def reload(self) -> None:
        self.context.tasks.spawn(self.load())

    async def load(self) -> None:
        if not self.context.station.auth.can(Permission.VIEW_ALARM_JOURNAL):
            return  # logged out meanwhile
        self.entries = await self.context.station.alarms.journal(self.query())
        self._names = await self.context.station.system.user_names()
        self._show()

    def _show(self) -> None:
        self.table.setUpdatesEnabled(False)
        self.table.setRowCount(len(self.entries))
        profile = self.context.station.profile
        for row, e in enumerate(self.entries):
            texts = (clock_text(e.ts, with_date=True), priority_text(Priority(e.priority)) if e.priority else "",
                     self._alarm_text(e.alarm_id), self._tag_text(e.tag), transition_text(e.transition),
                     state_text(e.state_after), "" if e.value is None else value_text(profile, e.tag, e.value),
                     user_text(e.user, self._names))
            ids = ("", "", e.alarm_id, e.tag, "", "", "", e.user)   # the ids stay at hand for the integrator
            for column, text in enumerate(texts):
                item = QTableWidgetItem(text)
                if ids[column]:
                    item.setToolTip(ids[column])
                self.table.setItem(row, column, item)
            self.table.setItem(row, len(texts), verbatim_item(e.comment))   # as the person wrote it
        self.table.setUpdatesEnabled(True)

    def _alarm_text(self, alarm_id: str) -> str:
        """The alarm's message in the screen's language (its id only for an alarm no longer configured)."""
        try:
            definition = self.context.station.alarms.view(alarm_id).definition
        except KeyError:
            return alarm_id
        return definition.message(self.context.languages.locale)

    def _tag_text(self, tag: str) -> str:
        section = self.context.station.profile.tags.get(tag)
        if section is None:
            return tag
        korean = self.context.languages.locale == "ko"
        return (section.description_ko if korean and section.description_ko else section.description) or tag

    async def export_csv(self) -> None:
        entries = await self.context.station.alarms.journal(self.query(limit=EXPORT_LIMIT))
        folder = self.context.station.data_dir / "exports"
        path = folder / time.strftime("alarm_journal_%Y%m%d_%H%M%S.csv", time.localtime(self.context.station.clock.now()))
        names = await self.context.station.system.user_names()
        count = await asyncio.to_thread(functools.partial(write_journal_csv, entries, path, names=names))
        # The file in the station's exports folder: a full path wrapped past the toast's one line.
        shown = f"{folder.name}/{path.name}"
        self.context.notify(self.tr("%n journal entries written to %1", "", count).replace("%1", shown))


_TRANSITIONS = {
    "raised": QT_TRANSLATE_NOOP("AlarmJournalScreen", "raised"),
    "acknowledged": QT_TRANSLATE_NOOP("AlarmJournalScreen", "acknowledged"),
    "returned": QT_TRANSLATE_NOOP("AlarmJournalScreen", "returned"),
    "reset": QT_TRANSLATE_NOOP("AlarmJournalScreen", "reset"),
    "shelved": QT_TRANSLATE_NOOP("AlarmJournalScreen", "shelved"),
    "unshelved": QT_TRANSLATE_NOOP("AlarmJournalScreen", "unshelved"),
    "out_of_service": QT_TRANSLATE_NOOP("AlarmJournalScreen", "out of service"),
    "in_service": QT_TRANSLATE_NOOP("AlarmJournalScreen", "back in service"),
    "suppressed": QT_TRANSLATE_NOOP("AlarmJournalScreen", "suppressed"),
    "unsuppressed": QT_TRANSLATE_NOOP("AlarmJournalScreen", "unsuppressed"),
    "limit_changed": QT_TRANSLATE_NOOP("AlarmJournalScreen", "limit changed"),
}


def transition_text(transition: str) -> str:
    """A journal transition in the operator's language (the core stores the English keyword)."""
    text = _TRANSITIONS.get(transition)
    return QCoreApplication.translate("AlarmJournalScreen", text) if text else transition


def user_text(user: str, names: dict[str, str] | None = None) -> str:
    """Machine identities ("system", "system:equipment") in words; people by their name (their user ID
    only when the station no longer knows them)."""
    if user == "system" or user.startswith("system:"):
        return QCoreApplication.translate("AlarmJournalScreen", "station (automatic)")
    return (names or {}).get(user, user)
