"""Alarm system performance for the supervisor (EEMUA 191 / ISA-18.2): rate, floods, bad actors,
standing and chattering alarms."""

from __future__ import annotations

import pyqtgraph as pg
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from hmi.alarms import Priority
from hmi.alarms.performance import FLOOD_THRESHOLD, Performance
from hmi.auth import Permission
from screens.shell_context import ShellContext
from screens.widgets.alarm_look import clock_text, priority_text
from screens.widgets.screen_base import ScreenBase

WINDOWS_S = (24 * 3600, 7 * 24 * 3600)


class AlarmPerformanceScreen(ScreenBase):
    def __init__(self, context: ShellContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        self.result: Performance | None = None
        top = QHBoxLayout()
        self.window_choice = QComboBox(objectName="PerformanceWindow")
        self.window_choice.currentIndexChanged.connect(self.reload)
        self.window_choice.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.window_choice.setMinimumContentsLength(10)
        top.addWidget(self.window_choice, 1)
        self.kpis: dict[str, tuple[QLabel, QLabel]] = {}
        for key in ("total", "average", "peak", "flood"):
            card = QFrame(objectName="Card")
            column = QVBoxLayout(card)
            column.setContentsMargins(12, 6, 12, 6)
            column.setSpacing(0)
            value = QLabel(objectName="KpiValue")
            caption = QLabel(objectName="Muted")
            caption.setWordWrap(True)
            card.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
            column.addWidget(value)
            column.addWidget(caption)
            top.addWidget(card, 1)
            self.kpis[key] = (value, caption)
        self.body.addLayout(top)

        self.plot = pg.PlotWidget(background="#f7f8f9")
        self.plot.setMinimumHeight(140)
        self.plot.setMouseEnabled(x=False, y=False)
        self.plot.hideButtons()
        self.plot.getAxis("bottom").setPen("#5d656d")
        self.plot.getAxis("left").setPen("#5d656d")
        self.body.addWidget(self.plot, 1)

        lists = QGridLayout()
        self.list_titles: list[QLabel] = []
        self.bad_actors = QListWidget(objectName="BadActors")
        self.standing = QListWidget(objectName="StandingAlarms")
        self.chattering = QListWidget(objectName="ChatteringAlarms")
        for column, widget in enumerate((self.bad_actors, self.standing, self.chattering)):
            widget.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Expanding)
            widget.setMinimumWidth(120)
            widget.setWordWrap(True)
            widget.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
            title = QLabel()
            title.setWordWrap(True)   # "Standing longer than 24 h" takes two lines in a third of 1024 px
            title.setStyleSheet("font-weight: 600;")
            title.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
            self.list_titles.append(title)
            lists.addWidget(title, 0, column)
            lists.addWidget(widget, 1, column)
        self.body.addLayout(lists, 1)
        self.retranslate()

    def retranslate(self) -> None:
        self.title_label.setText(self.tr("Alarm performance"))
        current = self.window_choice.currentIndex()
        self.window_choice.blockSignals(True)
        self.window_choice.clear()
        self.window_choice.addItem(self.tr("Last 24 hours"), WINDOWS_S[0])
        self.window_choice.addItem(self.tr("Last 7 days"), WINDOWS_S[1])
        self.window_choice.setCurrentIndex(max(0, current))
        self.window_choice.blockSignals(False)
        titles = (self.tr("Top 10 bad actors"), self.tr("Standing longer than 24 h"),
                  self.tr("Chattering (3+ in 1 min)"))
        for label, text in zip(self.list_titles, titles, strict=True):
            label.setText(text)
        self._show()

    def on_shown(self) -> None:
        self.reload()

    def _name(self, alarm_id: str) -> str:
        """The alarm's message in the operator's language; its id only when it is no longer configured."""
        definition = self.context.station.profile.alarms.get(alarm_id)
        return definition.message(self.context.languages.locale) if definition is not None else alarm_id

    def reload(self) -> None:
        self.context.tasks.spawn(self.load())

    async def load(self) -> None:
        if not self.context.station.auth.can(Permission.VIEW_ALARM_JOURNAL):
            return  # logged out meanwhile
        window = float(self.window_choice.currentData() or WINDOWS_S[0])
        self.result = await self.context.station.alarms.performance(window_s=window)
        self._show()

    def _show(self) -> None:
        captions = {
            "total": self.tr("alarms in the period"),
            "average": self.tr("average per 10 min (target ≤ 1)"),
            "peak": self.tr("peak per 10 min (target ≤ 10)"),
            "flood": self.tr("of the time in flood"),
        }
        r = self.result
        values = {"total": "—", "average": "—", "peak": "—", "flood": "—"}
        if r is not None:
            values = {"total": str(r.total), "average": f"{r.average_per_10_min:.2f}",
                      "peak": str(r.peak_per_10_min), "flood": f"{r.time_in_flood_pct:.1f} %"}
        for key, (value, caption) in self.kpis.items():
            value.setText(values[key])
            caption.setText(captions[key])
        flooded = r is not None and r.peak_per_10_min > FLOOD_THRESHOLD
        self.kpis["peak"][0].setStyleSheet("color: #c62828;" if flooded else "")
        self.plot.clear()
        self.bad_actors.clear()
        self.standing.clear()
        self.chattering.clear()
        if r is None:
            return
        xs = [(start - r.until) / 3600.0 for start, _ in r.per_10_min]
        heights = [count for _, count in r.per_10_min]
        brushes = ["#c62828" if c > FLOOD_THRESHOLD else "#7a838c" for c in heights]
        self.plot.addItem(pg.BarGraphItem(x=xs, height=heights, width=1 / 6 * 0.9, brushes=brushes, pens=brushes))
        self.plot.addItem(pg.InfiniteLine(pos=FLOOD_THRESHOLD, angle=0, pen=pg.mkPen("#c62828", style=pg.QtCore.Qt.PenStyle.DashLine)))
        self.plot.setLabel("bottom", self.tr("hours before now"))
        self.plot.setLabel("left", self.tr("alarms / 10 min"))
        for actor in r.bad_actors:
            self.bad_actors.addItem(f"{actor.count:>4}  {self._name(actor.alarm_id)}  "
                                    f"({priority_text(Priority(actor.priority))})")
        for item in r.standing:
            self.standing.addItem(self.tr("%1 since %2").replace("%1", self._name(item.alarm_id))
                                  .replace("%2", clock_text(item.since, with_date=True)))
        for alarm_id, count in r.chattering:
            self.chattering.addItem(self.tr("%1: %2 in one minute").replace("%1", self._name(alarm_id)).replace("%2", str(count)))
        for widget in (self.bad_actors, self.standing, self.chattering):
            if widget.count() == 0:
                widget.addItem(self.tr("none"))
        if r.floods:
            first, _end, count = r.floods[-1]
            self.plot.setTitle(self.tr("Last flood: %1, %n alarm(s)", "", count)
                               .replace("%1", clock_text(first, with_date=True)),
                               color="#c62828", size="11pt")
        else:
            self.plot.setTitle(None)
