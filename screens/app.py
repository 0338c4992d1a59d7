"""Starting the station's window: one qasync loop on the Qt thread, the station inside it."""

from __future__ import annotations

import asyncio
import logging
import os
import signal
import sys
import time
import traceback
from pathlib import Path
from types import TracebackType

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLabel, QPushButton, QVBoxLayout, QWidget

from hmi.config import ConfigError, load_config
from hmi.heap import LoopThreadCollector, settle_after_start
from hmi.logging_setup import setup_logging
from hmi.shutdown import arm_exit_watchdog, unless_stopped
from hmi.station import Station
from hmi.storage_error import StoreError
from screens.event_loop import LoopEndedEarly, run_to_end
from screens.i18n import LanguageManager, ui_font

log = logging.getLogger(__name__)


def display_problem() -> str | None:
    """One clear line when there is no screen to open a window on, instead of a Qt traceback."""
    if sys.platform != "linux" or os.environ.get("QT_QPA_PLATFORM"):
        return None
    if os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"):
        return None
    return ("hmi: no display found (DISPLAY and WAYLAND_DISPLAY are not set). Run it on the station's desktop, "
            "or under a virtual screen: `xvfb-run -a hmi demo` (or `make demo-xvfb`); "
            "QT_QPA_PLATFORM=offscreen runs it with no window at all.")


def make_application() -> QApplication:
    app = QApplication.instance()
    if not isinstance(app, QApplication):
        app = QApplication(sys.argv[:1])
    app.setApplicationName("Station HMI")
    app.setQuitOnLastWindowClosed(False)  # the station decides when it ends, not the window manager
    app.setStyle("Fusion")
    app.setStyleSheet(theme_stylesheet())
    return app


def theme_stylesheet() -> str:
    from importlib.resources import files

    return (files("resources") / "theme" / "station.qss").read_text(encoding="utf-8")


class FatalPanel(QWidget):
    """Shown instead of the station when it cannot start: the same words as on the console."""

    def __init__(self, title: str, message: str) -> None:
        super().__init__()
        self.setObjectName("FatalPanel")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.setWindowTitle("Station HMI")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(40, 40, 40, 40)
        heading = QLabel(title, objectName="ScreenTitle")
        body = QLabel(message, objectName="FatalMessage")
        body.setWordWrap(True)
        body.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        close = QPushButton("Close")
        close.clicked.connect(self.close)
        layout.addWidget(heading)
        layout.addWidget(body, 1)
        layout.addWidget(close)
        self.resize(900, 500)


def _show_fatal(app: QApplication, title: str, message: str, *, wait: bool = True) -> int:
    print(message, file=sys.stderr)
    panel = FatalPanel(title, message)
    panel.show()
    if wait:
        app.exec()
    return 2


def run_gui(*, config_path: Path, kiosk: bool = False, data_dir: Path | None = None, demo: bool = False,
            verbose: bool = False, smoke: bool = False, smoke_png: Path | None = None) -> int:
    """Run the station's window until it is closed. ``smoke``: show the login screen, report, exit."""
    problem = display_problem()
    if problem:
        print(problem, file=sys.stderr)
        return 2
    import qasync

    try:
        config = load_config(config_path)
    except ConfigError as exc:
        app = make_application()
        return _show_fatal(app, "The station config has problems",
                           "\n".join(str(p) for p in exc.problems)
                           + "\n\nFix the file (check it with `hmi check-config FILE`) and start again.",
                           wait=not smoke)
    keyboard = config.ui.virtual_keyboard
    if keyboard or (keyboard is None and (kiosk or config.ui.kiosk)):
        # A touchscreen has no keyboard: Qt's on-screen one (English and Korean layouts) pops up in text fields.
        os.environ.setdefault("QT_IM_MODULE", "qtvirtualkeyboard")
    app = make_application()
    station = Station(config=config, data_dir=data_dir)
    setup_logging(station.data_dir, verbose=verbose)
    try:
        station.open()
    except StoreError as exc:
        return _show_fatal(app, "The station's database cannot be used", str(exc), wait=not smoke)

    languages = LanguageManager(app)
    languages.set_language(config.station.locale.value)
    app.setFont(ui_font(config.station.locale.value))
    loop = qasync.QEventLoop(app)
    asyncio.set_event_loop(loop)
    try:
        with loop:
            return run_to_end(
                loop, _run(station, languages, kiosk=kiosk or config.ui.kiosk, demo=demo, smoke=smoke,
                           smoke_png=smoke_png))
    except LoopEndedEarly as exc:
        log.error("the window's event loop ended early: %s", exc)
        return 1
    finally:
        station.close()


async def _run(station: Station, languages: LanguageManager, *, kiosk: bool, demo: bool, smoke: bool,
               smoke_png: Path | None = None) -> int:
    from hmi.demo import DEMO_HINT, ensure_demo_users
    from screens.main_window import MainWindow

    collector = LoopThreadCollector()   # Qt objects must never be collected by a worker thread
    collector.start()
    done = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, done.set)  # systemd stops the kiosk with SIGTERM: finish cleanly
    window = MainWindow(station=station, languages=languages, kiosk=kiosk, demo_hint=DEMO_HINT if demo else "")
    window.quit_requested.connect(done.set)
    _install_error_hooks(window)
    if demo:
        await ensure_demo_users(station)
    if kiosk:
        window.show_kiosk()
    else:
        window.resize(1280, 800)
        window.show()
    await window.start()
    if smoke:
        await asyncio.sleep(0.05)  # one paint of the login screen
        shown = window.current_page().objectName()
        import psutil

        since_start = time.time() - psutil.Process().create_time()
        print(f"hmi: ready: {shown} shown {since_start:.2f} s after the process started", flush=True)
        if smoke_png is not None and not window.grab().save(str(smoke_png)):
            print(f"hmi: could not save {smoke_png}", file=sys.stderr)
    # The login is on screen first; connections, historian, alarms and sync come up behind it
    # (the header chips say "connecting" meanwhile).
    if smoke:   # a smoke run that cannot start says so and stops, never waits for ever
        loop.call_later(SMOKE_START_LIMIT_S, done.set)
    try:
        if not await unless_stopped(station.start(), done, what="starting the station"):
            return 1 if smoke else 0
        settle_after_start()
        if smoke:
            done.set()
        await done.wait()
    finally:
        arm_exit_watchdog()
        window.hide()
        await window.tasks.cancel_all()
        await station.stop()
        window.deleteLater()
        for sig in (signal.SIGTERM, signal.SIGINT):
            loop.remove_signal_handler(sig)
        collector.stop()
    return 0


SMOKE_START_LIMIT_S = 60.0


def _install_error_hooks(window: QWidget) -> None:
    """Unhandled errors are logged and shown as a message; the window keeps working."""
    show = getattr(window, "show_error", None)

    def excepthook(kind: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
        log.error("unhandled error:\n%s", "".join(traceback.format_exception(kind, exc, tb)))
        if show is not None:
            show(exc)

    def loop_handler(loop: asyncio.AbstractEventLoop, context: dict) -> None:
        exc = context.get("exception")
        log.error("unhandled error in the event loop: %s", context.get("message"), exc_info=exc)
        if show is not None and exc is not None:
            show(exc)

    sys.excepthook = excepthook
    asyncio.get_running_loop().set_exception_handler(loop_handler)
