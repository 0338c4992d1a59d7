"""The station's window: header, alarm banner, navigation rail and the screens, or the login."""

from __future__ import annotations

import logging

from PySide6.QtCore import QEvent, QObject, QPoint, QRect, QRectF, Qt, QTimer, Signal
from PySide6.QtGui import QCloseEvent, QGuiApplication, QResizeEvent
from PySide6.QtWidgets import (
    QAbstractScrollArea,
    QApplication,
    QButtonGroup,
    QComboBox,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QMainWindow,
    QPushButton,
    QScrollArea,
    QScroller,
    QStackedWidget,
    QStyledItemDelegate,
    QVBoxLayout,
    QWidget,
)

from hmi.auth import Session
from hmi.refusal import Refusal
from hmi.station import Station
from screens.alarm_banner import AlarmBanner
from screens.downtime_prompt import DowntimePrompt
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

NAV_WIDTH = 200
NAV_COLUMNS = 2
NAV_TILE_HEIGHT = 58   # >= the 48 px touch minimum; 9 rows of them fit the rail at 1024x768
TOAST_HEIGHT = 56   # the height of a screen's title strip: the toast's fixed slot

_ACTIVITY = {QEvent.Type.MouseButtonPress, QEvent.Type.TouchBegin, QEvent.Type.KeyPress, QEvent.Type.Wheel}


class MainWindow(QMainWindow):
    quit_requested = Signal()

    def __init__(self, *, station: Station, languages: LanguageManager, kiosk: bool = False,
                 demo_hint: str = "") -> None:
        super().__init__()
        self.station = station      # for the window's owner (start, stop); the window itself uses the services
        services = self.services = station.services
        self.setWindowTitle(f"Station HMI — {services.profile.station.name}")
        self.languages = languages
        self.kiosk = kiosk
        self._quitting = False
        self.tasks = TaskGroup(on_error=self.show_error)

        root = QWidget(objectName="Root")
        column = QVBoxLayout(root)
        self._column = column
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(0)
        self.header = HeaderBar(station=services, languages=languages)
        self.header.logout_requested.connect(lambda: self.tasks.spawn(services.auth.logout()))
        bind_lot_header(self.header, services)
        # The alarms area puts its banner here; it stays empty until then.
        self.banner_slot = QWidget(objectName="AlarmBannerSlot")
        self.banner_layout = QVBoxLayout(self.banner_slot)
        self.banner_layout.setContentsMargins(0, 0, 0, 0)
        self.pages = QStackedWidget(objectName="Pages")
        column.addWidget(self.header)
        column.addWidget(self.banner_slot)
        column.addWidget(self.pages, 1)
        self.setCentralWidget(root)
        self.toast = Toast(root, slot=self.toast_slot)

        self.context = ShellContext(station=services, languages=languages, tasks=self.tasks,
                                    notify=self.notify, navigate=self.navigate, quit=self.request_quit)
        self.alarm_banner = AlarmBanner(alarms=services.alarms, profile=services.profile,
                                        open_list=self._open_alarm_list, locale=lambda: languages.locale)
        self.banner_layout.addWidget(self.alarm_banner)
        # A stop's reason is asked on every screen, in the strip the toast uses (Lots asks in its own slot).
        self.downtime_prompt = None if services.oee is None else DowntimePrompt(
            root, context=self.context, slot=self.toast_slot, wanted=self._prompt_wanted)
        self.login = LoginScreen(auth=services.auth, tasks=self.tasks, demo_hint=demo_hint)
        self.first_admin = FirstAdminScreen(auth=services.auth, tasks=self.tasks)
        self.first_admin.created.connect(self._show_login)
        self.workspace = QWidget(objectName="Workspace")
        # The login and first-start pages scroll too: with the on-screen keyboard up, less than half the
        # panel is left for them.
        self.login_scroll = page_scroll_area(self.login, name="LoginScroll")
        self.first_admin_scroll = page_scroll_area(self.first_admin, name="FirstAdminScroll")
        self.pages.addWidget(self.login_scroll)
        self.pages.addWidget(self.first_admin_scroll)
        self.pages.addWidget(self.workspace)

        workspace_row = QHBoxLayout(self.workspace)
        workspace_row.setContentsMargins(0, 0, 0, 0)
        workspace_row.setSpacing(0)
        self.nav_rail = QWidget(objectName="NavRail")
        self.nav_rail.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        # Two columns of compact tiles: a supervisor's 17 screens in one column of 64 px buttons needed
        # 1136 px, and the rail scrolled at 768 px. In two columns of NAV_TILE_HEIGHT they all show at once,
        # each still a glove's target. Should a station ever add more than fit, the rail still scrolls
        # with a finger drag, and its scroll bar shows that there is more below.
        self.nav_layout = QGridLayout(self.nav_rail)
        self.nav_layout.setContentsMargins(2, 6, 2, 6)
        self.nav_layout.setHorizontalSpacing(2)
        self.nav_layout.setVerticalSpacing(2)
        self.nav_scroll = QScrollArea(objectName="NavScroll")
        self.nav_scroll.setWidget(self.nav_rail)
        self.nav_scroll.setWidgetResizable(True)
        self.nav_scroll.setFixedWidth(NAV_WIDTH)
        self.nav_scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.nav_scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.nav_scroll.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)
        QScroller.grabGesture(self.nav_scroll.viewport(), QScroller.ScrollerGestureType.LeftMouseButtonGesture)
        self.screens = QStackedWidget(objectName="Screens")
        workspace_row.addWidget(self.nav_scroll)
        workspace_row.addWidget(self.screens, 1)

        self.specs: dict[str, ScreenSpec] = {spec.key: spec for spec in screen_specs()
                                             if spec.needs is None or spec.needs(self.services)}
        self.nav_buttons: dict[str, QPushButton] = {}
        self._built: dict[str, QWidget] = {}
        self._group = QButtonGroup(self)
        self._group.setExclusive(True)
        for spec in self.specs.values():
            button = QPushButton(objectName=f"nav_{spec.key}")
            button.setProperty("nav", True)
            button.setCheckable(True)
            button.clicked.connect(lambda _=False, key=spec.key: self.navigate(key))
            button.setMinimumHeight(NAV_TILE_HEIGHT)
            self._group.addButton(button)
            self.nav_buttons[spec.key] = button
        self._lay_out_rail()
        self.current_key: str | None = None
        self._pages_by_key: dict[str, QScrollArea] = {}
        self.keyboard_height = 0

        self._unsubscribe = services.auth.session.subscribe(self._on_session, replay=False)
        self._idle_timer = QTimer(self)
        self._idle_timer.timeout.connect(self._check_idle)
        self._idle_timer.start(1000)
        app = QApplication.instance()
        if app is not None:
            app.installEventFilter(self)
        QGuiApplication.inputMethod().keyboardRectangleChanged.connect(self._keyboard_moved)
        self.retranslate()
        self.pages.setCurrentWidget(self.login_scroll)
        if self.downtime_prompt is not None:
            self.pages.currentChanged.connect(lambda _i: self._refresh_prompt())
            self.screens.currentChanged.connect(lambda _i: self._refresh_prompt())

    def show_kiosk(self) -> None:
        """Full screen on the screen's own geometry: with no window manager, showFullScreen() alone is
        only a hint nobody honours (the window opened at 682×667)."""
        self.setWindowFlag(Qt.WindowType.FramelessWindowHint, True)
        screen = QWidget.screen(self) or QGuiApplication.primaryScreen()
        if screen is not None:
            self.setGeometry(screen.geometry())
        self.showFullScreen()
        if screen is not None:
            self.setGeometry(screen.geometry())

    # Start-up -----------------------------------------------------------------------------------
    async def start(self) -> None:
        """Decide between first-time setup and login (reads the store off the loop)."""
        if await self.services.auth.has_users():
            self._show_login()
        else:
            self.pages.setCurrentWidget(self.first_admin_scroll)

    def show_first_admin(self) -> None:
        self.pages.setCurrentWidget(self.first_admin_scroll)

    def _show_login(self) -> None:
        self.login.reset()
        self.pages.setCurrentWidget(self.login_scroll)

    def current_page(self) -> QWidget:
        """The login, the first-start page or the workspace, whichever is shown."""
        page = self.pages.currentWidget()
        return page.widget() if isinstance(page, QScrollArea) and page is not self.nav_scroll else page

    # Navigation ---------------------------------------------------------------------------------
    def navigate(self, key: str) -> None:
        spec = self.specs.get(key)
        if spec is None:
            raise KeyError(f"no screen {key!r}")
        if spec.permission is not None:
            self.services.auth.require(spec.permission)
        previous = self._built.get(self.current_key or "")
        if isinstance(previous, ScreenBase) and self.current_key != key:
            previous.on_hidden()
        widget = self.screen(key)
        self.screens.setCurrentWidget(self._pages_by_key[key])
        self.nav_buttons[key].setChecked(True)
        self.nav_scroll.ensureWidgetVisible(self.nav_buttons[key])
        self.current_key = key
        if isinstance(widget, ScreenBase):
            widget.on_shown()

    def _prompt_wanted(self) -> bool:
        """The window asks for a stop's reason when it shows a screen that does not ask in its own slot."""
        if self.pages.currentWidget() is not self.workspace:
            return False
        page = self.screens.currentWidget()
        shown = page.widget() if isinstance(page, QScrollArea) else page
        return shown is not None and not getattr(shown, "asks_downtime_reason", False)

    def _refresh_prompt(self) -> None:
        if self.downtime_prompt is not None:
            self.downtime_prompt.refresh()

    def _open_alarm_list(self) -> None:
        """One touch on the banner: the alarm list (once someone is logged in)."""
        if self.services.auth.current is None or "alarms" not in self.specs:
            self.notify(self.tr("Log in to see the alarm list."))
            return
        self.navigate("alarms")

    def screen(self, key: str) -> QWidget:
        """The screen's widget, built the first time it is needed."""
        if key not in self._built:
            widget = self.specs[key].factory(self.context)
            self._built[key] = widget
            page = page_scroll_area(widget, name=f"page_{key}")
            self._pages_by_key[key] = page
            self.screens.addWidget(page)
        return self._built[key]

    def current_screen(self) -> QWidget | None:
        return self._built.get(self.current_key or "")

    def _on_session(self, session: Session | None) -> None:
        for key, spec in self.specs.items():
            visible = session is not None and (spec.permission is None or session.can(spec.permission))
            self.nav_buttons[key].setVisible(visible)
        self._lay_out_rail()
        if session is None:
            self._show_login()
            return
        self.pages.setCurrentWidget(self.workspace)
        landing = self.landing_key(session)
        if landing is not None:
            self.navigate(landing)

    def _lay_out_rail(self) -> None:
        """The role's screens, in the registry's order, row by row: no gap where a screen is not theirs."""
        layout = self.nav_layout
        while layout.count():
            layout.takeAt(0)
        shown = [b for b in self.nav_buttons.values() if not b.isHidden()]
        for index, button in enumerate(shown):
            layout.addWidget(button, index // NAV_COLUMNS, index % NAV_COLUMNS)
        for column in range(NAV_COLUMNS):
            layout.setColumnStretch(column, 1)
        rows = (len(shown) + NAV_COLUMNS - 1) // NAV_COLUMNS
        for row in range(layout.rowCount()):
            layout.setRowStretch(row, 0)
        layout.setRowStretch(rows, 1)   # the tiles stay at the top, the rest of the rail is empty

    def landing_key(self, session: Session) -> str | None:
        """Where a login lands: the work of the role, not a station-info card. An operator follows the
        running lot's instruction, or starts one on Lots; an inspector records defects."""
        preferred: list[str] = []
        if session.role.value == "operator":
            running = self.services.production.lots.active.value is not None
            preferred = ["instructions", "lots"] if running else ["lots"]
        elif session.role.value == "inspector":
            preferred = ["defects"]
        for key in preferred:
            if key in self.nav_buttons and not self.nav_buttons[key].isHidden():
                return key
        return next((k for k, b in self.nav_buttons.items() if not b.isHidden()), None)

    # Language -----------------------------------------------------------------------------------
    def retranslate(self) -> None:
        for key, spec in self.specs.items():
            self.nav_buttons[key].setText(spec.title())

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    # On-screen keyboard -------------------------------------------------------------------------
    def _keyboard_moved(self) -> None:
        self.avoid_keyboard(QGuiApplication.inputMethod().keyboardRectangle())

    def avoid_keyboard(self, keyboard: QRectF) -> None:
        """Shrink the window's content by the part the keyboard covers (``keyboard`` in global
        coordinates, as the input method reports it), then scroll the focused field and its action into
        view, so the keyboard never hides what is being typed or the button that takes it."""
        visible = QGuiApplication.inputMethod().isVisible() or not keyboard.isEmpty()
        top_left = self.mapToGlobal(self.rect().topLeft())
        window = QRect(top_left, self.size())
        covered = window.intersected(keyboard.toAlignedRect()) if visible and not keyboard.isEmpty() else QRect()
        height = max(0, window.bottom() - covered.top() + 1) if not covered.isEmpty() else 0
        if height == self.keyboard_height:
            return
        self.keyboard_height = height
        self._column.setContentsMargins(0, 0, 0, height)
        self.login.set_compact(height > 0)
        self._column.activate()
        QTimer.singleShot(0, self.reveal_focus)

    def reveal_focus(self) -> None:
        """Scroll the focused field, and the action it names (property ``keyboard_action``), into view."""
        focus = QApplication.focusWidget()
        if focus is None or not self.isAncestorOf(focus):
            return
        area = _enclosing_scroll_area(focus)
        if area is None:
            return
        action = focus.property("keyboard_action")
        if isinstance(action, QWidget) and area.widget() is not None and area.widget().isAncestorOf(action):
            area.ensureWidgetVisible(action, 8, 8)
        area.ensureWidgetVisible(focus, 8, 8)

    # Idle logout --------------------------------------------------------------------------------
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in _ACTIVITY:
            self.services.auth.touch()
        elif event.type() == QEvent.Type.Polish and isinstance(watched, QComboBox) \
                and not isinstance(watched.itemDelegate(), QStyledItemDelegate):
            # Qt's default combo delegate ignores the theme's 52 px rows (29 px, too small for a finger).
            watched.setItemDelegate(QStyledItemDelegate(watched))
        return False

    def _check_idle(self) -> None:
        if self.services.auth.current is not None:
            self.tasks.spawn(self.services.auth.check_idle(), name="idle-check")

    # Messages -----------------------------------------------------------------------------------
    def toast_slot(self) -> QRect:
        """Where a message appears, in the root's coordinates: over the top strip of the content pane,
        where each screen shows only its title, so no control is covered (at the bottom it lay over
        the rail and "Print label")."""
        root = self.centralWidget()
        top = self.pages.mapTo(root, QPoint(0, 0))
        if self.pages.currentWidget() is self.workspace:
            pane = self.screens.mapTo(root, QPoint(0, 0))
            return QRect(pane.x(), top.y(), self.screens.width(), TOAST_HEIGHT)
        return QRect(top.x(), top.y(), self.pages.width(), TOAST_HEIGHT)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if self.toast.isVisible():
            self.toast.place()
        if self.downtime_prompt is not None and self.downtime_prompt.isVisible():
            self.downtime_prompt.place()

    def notify(self, text: str) -> None:
        self.toast.show_message(text)

    def show_error(self, exc: BaseException) -> None:
        if isinstance(exc, Refusal):   # the rules speaking (a permission, a state): a message, not a fault
            self.notify(refusal_text(exc))
        else:
            log_path = self.services.data_dir / "logs" / "station.log"
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


def page_scroll_area(widget: QWidget, *, name: str) -> QScrollArea:
    """A page in the shell: it fills the pane, and scrolls when it needs more height than the panel has
    (the measure step grew the window to 1024x917) instead of growing the window."""
    area = QScrollArea(objectName=name)
    area.setWidget(widget)
    area.setWidgetResizable(True)
    area.setFrameShape(QFrame.Shape.NoFrame)
    area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)
    area.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)
    area.setSizeAdjustPolicy(QAbstractScrollArea.SizeAdjustPolicy.AdjustIgnored)
    return area


def _enclosing_scroll_area(widget: QWidget) -> QScrollArea | None:
    parent = widget.parentWidget()
    while parent is not None:
        if isinstance(parent, QScrollArea) and parent.objectName().startswith(("page_", "Login", "FirstAdmin")):
            return parent
        parent = parent.parentWidget()
    return None
