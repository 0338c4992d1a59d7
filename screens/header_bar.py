"""The header on every screen: station, active lot, who is signed in, status chips, clock."""

from __future__ import annotations

from PySide6.QtCore import QDateTime, QEvent, QLocale, Qt, QTimer, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from hmi.auth import Session
from hmi.services import StationServices
from hmi.status import ComponentStatus, Health
from screens.i18n import LANGUAGES, LanguageManager
from screens.widgets.elided_label import ElidedLabel
from screens.widgets.role_text import role_name
from screens.widgets.status_chip import StatusChip


class HeaderBar(QWidget):
    logout_requested = Signal()

    def __init__(self, *, station: StationServices, languages: LanguageManager, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("Header")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.setFixedHeight(84)
        self._station = station
        self._languages = languages
        self._session: Session | None = None

        self.station_name = ElidedLabel(station.profile.station.name, objectName="StationName")
        self.station_sub = ElidedLabel(objectName="HeaderSub")
        # Shown in place of the line/area line while records cannot be saved (a full disk): always in sight.
        self.store_chip = StatusChip(title="", status=station.status["store"])
        self.store_chip.setObjectName("Chip")
        self.store_chip.setVisible(False)
        # The history upload, in the same place while it needs a look (a backlog past its age, a sink down):
        # calm is not shown, as ISA-101 asks; the sync screen has every sink's figures.
        self.history_chip = StatusChip(title="", status=station.status["history"])
        self.history_chip.setObjectName("Chip")
        self.history_chip.setVisible(False)
        left = QVBoxLayout()
        left.setSpacing(2)
        left.addWidget(self.station_name)
        left.addWidget(self.station_sub)
        left.addWidget(self.store_chip)
        left.addWidget(self.history_chip)

        self.lot_label = ElidedLabel(objectName="LotLabel")
        self.user_label = ElidedLabel(objectName="UserLabel")
        middle = QVBoxLayout()
        middle.setSpacing(2)
        middle.addWidget(self.lot_label)
        middle.addWidget(self.user_label)

        self.chips = {
            "equipment": StatusChip(title="", status=station.status["equipment"]),
            "mes": StatusChip(title="", status=station.status["mes"]),
            "printer": StatusChip(title="", status=station.status["printer"]),
        }
        chips = QVBoxLayout()
        chips.setSpacing(2)
        for chip in self.chips.values():
            chip.setObjectName("Chip")
            chip.setMinimumWidth(190)   # grows with the window: the MES chip was cut even at 1920 px
            chips.addWidget(chip)

        self.clock = QLabel(objectName="Clock")
        self.clock.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.language_button = QPushButton(objectName="LanguageButton")
        self.language_button.setFixedWidth(84)
        self.language_button.clicked.connect(self._toggle_language)
        self.logout_button = QPushButton(objectName="LogoutButton")
        self.logout_button.setMinimumWidth(112)
        self.logout_button.clicked.connect(self.logout_requested)

        row = QHBoxLayout(self)
        row.setContentsMargins(16, 4, 12, 4)
        row.setSpacing(8)
        # The lot line (number, PAUSED, counts) gets the most room: it is what the operator reads.
        row.addLayout(left, 3)
        row.addLayout(middle, 5)
        row.addLayout(chips, 3)
        row.addWidget(self.clock)
        row.addWidget(self.language_button)
        row.addWidget(self.logout_button)

        self._timer = QTimer(self)
        self._timer.timeout.connect(self._tick)
        self._timer.start(1000)
        self._unsubscribe = station.auth.session.subscribe(self._on_session)
        self._unsubscribe_store = station.status["store"].subscribe(self._on_store)
        self._unsubscribe_history = station.status["history"].subscribe(self._on_history)
        self.destroyed.connect(lambda *_: (self._unsubscribe(), self._unsubscribe_store(), self._unsubscribe_history()))
        self.set_lot_text(None)
        self.retranslate()

    def set_lot_text(self, text: str | None) -> None:
        """The production screens put the active lot and its counts here."""
        self._lot_text = text
        self.lot_label.setText(text or self.tr("No active lot"))

    def retranslate(self) -> None:
        cfg = self._station.profile.station
        parts = [p for p in (cfg.line, cfg.area, cfg.id) if p]
        self.station_sub.setText(" · ".join(parts))
        self.chips["equipment"].set_title(self.tr("Equipment"))
        self.chips["mes"].set_title(self.tr("MES"))
        self.chips["printer"].set_title(self.tr("Printer"))
        self.store_chip.set_title(self.tr("Records"))
        self.history_chip.set_title(self.tr("History upload"))
        other = "en" if self._languages.locale == "ko" else "ko"
        self.language_button.setText(LANGUAGES[other])
        self.logout_button.setText(self.tr("Sign out"))
        self.set_lot_text(self._lot_text)
        self._on_session(self._session)
        self._tick()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def _on_store(self, status: ComponentStatus) -> None:
        self.store_chip.setVisible(status.health is Health.FAILED)
        self._place_chips()

    def _on_history(self, status: ComponentStatus) -> None:
        self.history_chip.setVisible(status.health in (Health.DEGRADED, Health.FAILED))
        self._place_chips()

    def _place_chips(self) -> None:
        """A chip in sight takes the line/area line's place; with both chips the station name steps aside too."""
        store, history = not self.store_chip.isHidden(), not self.history_chip.isHidden()
        self.station_sub.setVisible(not (store or history))
        self.station_name.setVisible(not (store and history))

    def _on_session(self, session: Session | None) -> None:
        self._session = session
        self.logout_button.setVisible(session is not None)
        if session is None:
            self.user_label.setText(self.tr("Not signed in"))
        else:
            self.user_label.setText(f"{session.display_name} · {role_name(session.role.value)}")

    def _role_names(self) -> tuple[str, ...]:
        """For lupdate: the role names role_name() translates (context HeaderBar)."""
        return self.tr("Operator"), self.tr("Inspector"), self.tr("Supervisor"), self.tr("Admin")

    def _toggle_language(self) -> None:
        self._languages.set_language("en" if self._languages.locale == "ko" else "ko")

    def _tick(self) -> None:
        now = QDateTime.currentDateTime()
        self.clock.setText(QLocale().toString(now, "HH:mm:ss") + "\n" + QLocale().toString(now, "yyyy-MM-dd"))
