"""The station's window: header, alarm banner, navigation rail and the screens, or the login."""

from __future__ import annotations

import logging

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import (
    QApplication,
    QButtonGroup,
    QFrame,
    QHBoxLayout,
    QMainWindow,
    QPushButton,
    QScrollArea,
    QScroller,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from hmi.auth import Session
from hmi.refusal import Refusal
from hmi.station import Station
from screens.alarm_banner import AlarmBanner
from screens.first_admin_screen import FirstAdminScreen
from screens.header_bar import HeaderBar
from screens.i18n import LanguageManager
from screens.login_screen import LoginScreen
from screens.lot_header import bind_lot_header
from screens.refusal_text import refusal_text
from screens.registry import ScreenSpec, screen_specs
from screens.shell_context import ShellContext
from screens.tasks import TaskGroup
from screens.widgets.screen_base import ScreenBase
from screens.widgets.toast import Toast

log = logging.getLogger(__name__)

_ACTIVITY = {QEvent.Type.MouseButtonPress, QEvent.Type.TouchBegin, QEvent.Type.KeyPress, QEvent.Type.Wheel}


class MainWindow(QMainWindow):
    quit_requested = Signal()

    def __init__(self, *, station: Station, languages: LanguageManager, kiosk: bool = False,
                 demo_hint: str = "") -> None:
        super().__init__()
        self.setWindowTitle(f"Station HMI — {station.config.station.name}")
        self.station = station
        self.languages = languages
        self.kiosk = kiosk
        self._quitting = False
        self.tasks = TaskGroup(on_error=self.show_error)

        root = QWidget(objectName="Root")
        column = QVBoxLayout(root)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(0)
        self.header = HeaderBar(station=station, languages=languages)
        self.header.logout_requested.connect(lambda: self.tasks.spawn(station.auth.logout()))
        bind_lot_header(self.header, station)
        # The alarms area puts its banner here; it stays empty until then.
        self.banner_slot = QWidget(objectName="AlarmBannerSlot")
        self.banner_layout = QVBoxLayout(self.banner_slot)
        self.banner_layout.setContentsMargins(0, 0, 0, 0)
        self.pages = QStackedWidget(objectName="Pages")
        column.addWidget(self.header)
        column.addWidget(self.banner_slot)
        column.addWidget(self.pages, 1)
        self.setCentralWidget(root)
        self.toast = Toast(root)

        self.context = ShellContext(station=station, languages=languages, tasks=self.tasks,
                                    notify=self.notify, navigate=self.navigate, quit=self.request_quit)
        self.alarm_banner = AlarmBanner(alarms=station.alarms, config=station.config,
                                        open_list=self._open_alarm_list, locale=lambda: languages.locale)
        self.banner_layout.addWidget(self.alarm_banner)
        self.login = LoginScreen(auth=station.auth, tasks=self.tasks, demo_hint=demo_hint)
        self.first_admin = FirstAdminScreen(auth=station.auth, tasks=self.tasks)
        self.first_admin.created.connect(self._show_login)
        self.workspace = QWidget(objectName="Workspace")
        self.pages.addWidget(self.login)
        self.pages.addWidget(self.first_admin)
        self.pages.addWidget(self.workspace)

        workspace_row = QHBoxLayout(self.workspace)
        workspace_row.setContentsMargins(0, 0, 0, 0)
        workspace_row.setSpacing(0)
        self.nav_rail = QWidget(objectName="NavRail")
        self.nav_rail.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.nav_layout = QVBoxLayout(self.nav_rail)
        self.nav_layout.setContentsMargins(0, 8, 0, 8)
        self.nav_layout.setSpacing(2)
        # A supervisor sees more screens than fit at 768 px: the rail scrolls with a finger drag.
        self.nav_scroll = QScrollArea(objectName="NavScroll")
        self.nav_scroll.setWidget(self.nav_rail)
        self.nav_scroll.setWidgetResizable(True)
        self.nav_scroll.setFixedWidth(190)
        self.nav_scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.nav_scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.nav_scroll.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        QScroller.grabGesture(self.nav_scroll.viewport(), QScroller.ScrollerGestureType.LeftMouseButtonGesture)
        self.screens = QStackedWidget(objectName="Screens")
        workspace_row.addWidget(self.nav_scroll)
        workspace_row.addWidget(self.screens, 1)

        self.specs: dict[str, ScreenSpec] = {spec.key: spec for spec in screen_specs()}
        self.nav_buttons: dict[str, QPushButton] = {}
        self._built: dict[str, QWidget] = {}
        self._group = QButtonGroup(self)
        self._group.setExclusive(True)
        for spec in self.specs.values():
            button = QPushButton(objectName=f"nav_{spec.key}")
            button.setProperty("nav", True)
            button.setCheckable(True)
            button.clicked.connect(lambda _=False, key=spec.key: self.navigate(key))
            self._group.addButton(button)
            self.nav_layout.addWidget(button)
            self.nav_buttons[spec.key] = button
        self.nav_layout.addStretch(1)
        self.current_key: str | None = None

        self._unsubscribe = station.auth.session.subscribe(self._on_session, replay=False)
        self._idle_timer = QTimer(self)
        self._idle_timer.timeout.connect(self._check_idle)
        self._idle_timer.start(1000)
        app = QApplication.instance()
        if app is not None:
            app.installEventFilter(self)
        self.retranslate()
        self.pages.setCurrentWidget(self.login)

    # Start-up -----------------------------------------------------------------------------------
    async def start(self) -> None:
        """Decide between first-time setup and login (reads the store off the loop)."""
        if await self.station.auth.has_users():
            self._show_login()
        else:
            self.pages.setCurrentWidget(self.first_admin)

    def _show_login(self) -> None:
        self.login.reset()
        self.pages.setCurrentWidget(self.login)

    # Navigation ---------------------------------------------------------------------------------
    def navigate(self, key: str) -> None:
        spec = self.specs.get(key)
        if spec is None:
            raise KeyError(f"no screen {key!r}")
        if spec.permission is not None:
            self.station.auth.require(spec.permission)
        previous = self._built.get(self.current_key or "")
        if isinstance(previous, ScreenBase) and self.current_key != key:
            previous.on_hidden()
        widget = self.screen(key)
        self.screens.setCurrentWidget(widget)
        self.nav_buttons[key].setChecked(True)
        self.nav_scroll.ensureWidgetVisible(self.nav_buttons[key])
        self.current_key = key
        if isinstance(widget, ScreenBase):
            widget.on_shown()

    def _open_alarm_list(self) -> None:
        """One touch on the banner: the alarm list (once someone is logged in)."""
        if self.station.auth.current is None or "alarms" not in self.specs:
            self.notify(self.tr("Log in to see the alarm list."))
            return
        self.navigate("alarms")

    def screen(self, key: str) -> QWidget:
        """The screen's widget, built the first time it is needed."""
        if key not in self._built:
            widget = self.specs[key].factory(self.context)
            self._built[key] = widget
            self.screens.addWidget(widget)
        return self._built[key]

    def _on_session(self, session: Session | None) -> None:
        for key, spec in self.specs.items():
            visible = session is not None and (spec.permission is None or session.can(spec.permission))
            self.nav_buttons[key].setVisible(visible)
        if session is None:
            self._show_login()
            return
        self.pages.setCurrentWidget(self.workspace)
        first = next((k for k, b in self.nav_buttons.items() if not b.isHidden()), None)
        if first is not None:
            self.navigate(first)

    # Language -----------------------------------------------------------------------------------
    def retranslate(self) -> None:
        for key, spec in self.specs.items():
            self.nav_buttons[key].setText(spec.title())

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    # Idle logout --------------------------------------------------------------------------------
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in _ACTIVITY:
            self.station.auth.touch()
        return False

    def _check_idle(self) -> None:
        if self.station.auth.current is not None:
            self.tasks.spawn(self.station.auth.check_idle(), name="idle-check")

    # Messages -----------------------------------------------------------------------------------
    def notify(self, text: str) -> None:
        self.toast.show_message(text)

    def show_error(self, exc: BaseException) -> None:
        if isinstance(exc, Refusal):   # the rules speaking (a permission, a state): a message, not a fault
            self.notify(refusal_text(exc))
        else:
            log_path = self.station.data_dir / "logs" / "station.log"
            self.notify(self.tr("Something went wrong: %1. Details are in %2.")
                        .replace("%1", str(exc) or type(exc).__name__).replace("%2", str(log_path)))

    # Closing ------------------------------------------------------------------------------------
    def request_quit(self) -> None:
        self._quitting = True
        self.quit_requested.emit()

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.kiosk and not self._quitting:
            event.ignore()  # a kiosk closes only through the admin's button
            return
        app = QApplication.instance()
        if app is not None:
            app.removeEventFilter(self)
        self._idle_timer.stop()
        self._unsubscribe()
        self.quit_requested.emit()
        super().closeEvent(event)
