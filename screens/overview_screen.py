"""Overview: the station, who is signed in, and the health of every connection at a glance."""

from __future__ import annotations

import datetime as dt

from PySide6.QtWidgets import QFrame, QGridLayout, QLabel, QVBoxLayout, QWidget

from hmi.auth import Session
from hmi.status import ComponentStatus
from screens.shell_context import ShellContext
from screens.widgets.role_text import role_name
from screens.widgets.screen_base import ScreenBase
from screens.widgets.status_text import health_text, summary_text


class OverviewScreen(ScreenBase):
    def __init__(self, context: ShellContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        station = context.station
        grid = QGridLayout()
        grid.setSpacing(16)
        self.station_card, self.station_text = self._card()
        self.user_card, self.user_text = self._card()
        self.health_card, self.health_text = self._card()
        grid.addWidget(self.station_card, 0, 0)
        grid.addWidget(self.user_card, 0, 1)
        grid.addWidget(self.health_card, 1, 0, 1, 2)
        self.body.addLayout(grid)
        self.body.addStretch(1)
        self._unsubscribers = [station.auth.session.subscribe(lambda _s: self.retranslate(), replay=False)]
        for name in station.status.names():
            self._unsubscribers.append(station.status[name].subscribe(lambda _s: self._show_health(), replay=False))
        self.destroyed.connect(lambda *_: [u() for u in self._unsubscribers])
        self.retranslate()

    @staticmethod
    def _card() -> tuple[QFrame, QLabel]:
        card = QFrame(objectName="Card")
        layout = QVBoxLayout(card)
        layout.setContentsMargins(20, 16, 20, 16)
        text = QLabel()
        text.setWordWrap(True)
        layout.addWidget(text)
        return card, text

    def retranslate(self) -> None:
        # lupdate does not see tr() inside f-strings: translate first, then format.
        cfg = self.context.station.profile.station
        station, line, area = self.tr("Station"), self.tr("Line"), self.tr("Area")
        area_name = self.context.station.profile.equipment.display_name(
            cfg.area, korean=self.context.languages.locale == "ko")
        self.title_label.setText(self.tr("Overview"))
        self.station_text.setText(
            f"<b>{station}</b><br>{cfg.name}<br>ID: {cfg.id}<br>{line}: {cfg.line or '—'} · {area}: {area_name or '—'}"
        )
        signed_in, role, since = self.tr("Signed in"), self.tr("Role"), self.tr("since")
        session: Session | None = self.context.station.auth.current
        if session is None:
            self.user_text.setText(f"<b>{signed_in}</b><br>—")
        else:
            started = dt.datetime.fromtimestamp(session.started_at).strftime("%H:%M")
            self.user_text.setText(
                f"<b>{signed_in}</b><br>{session.display_name} ({session.username})<br>"
                f"{role}: {role_name(session.role.value)} · {since} {started}"
            )
        self._show_health()

    def _show_health(self) -> None:
        names = {"equipment": self.tr("Equipment"), "mes": self.tr("MES"), "printer": self.tr("Printer"),
                 "store": self.tr("Records"), "history": self.tr("History upload")}
        heading = self.tr("Connections")
        rows = [f"<b>{heading}</b>"]
        for name in self.context.station.status.names():
            status: ComponentStatus = self.context.station.status[name].value
            line = f"{names.get(name, name)}: {health_text(status.health)} — {summary_text(status.summary)}"
            if status.last_error:
                line += f"<br>&nbsp;&nbsp;{summary_text(status.last_error)}"   # red is for abnormal states alone
            rows.append(line)
        self.health_text.setText("<br>".join(rows))
