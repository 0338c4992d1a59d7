"""The real MainWindow on a 1024×768 screen for a test, and its one way of closing."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from hmi.station import Station
from tests.conftest import run, settle
from tests.production_support import load_demo

if TYPE_CHECKING:
    from screens.i18n import LanguageManager
    from screens.main_window import MainWindow


def close_window(qloop: asyncio.AbstractEventLoop, window: MainWindow, *, station: Station | None = None,
                 languages: LanguageManager | None = None) -> None:
    """Its tasks end, then the station (its connections end before the window closes), then the window."""
    if languages is not None:
        languages.set_language("en")
    run(qloop, window.tasks.cancel_all())
    if station is not None:
        run(qloop, station.stop())
    window.request_quit()
    window.close()
    window.deleteLater()
    run(qloop, settle(0.05))


@contextlib.contextmanager
def demo_window(qloop: asyncio.AbstractEventLoop, qapp: Any, station: Station, *,
                size: tuple[int, int] = (1024, 768), themed: bool = False) -> Iterator[tuple[MainWindow, LanguageManager]]:
    """The station started with the demo's master data and users, and its window shown at ``size``."""
    from screens.app import theme_stylesheet
    from screens.i18n import LanguageManager
    from screens.main_window import MainWindow

    previous_sheet = qapp.styleSheet()
    if themed:
        qapp.setStyleSheet(theme_stylesheet())
    run(qloop, station.start())
    run(qloop, load_demo(station))
    languages = LanguageManager(qapp)
    window = MainWindow(station=station, languages=languages, demo_hint="")
    window.resize(*size)
    window.show()
    try:
        yield window, languages
    finally:
        close_window(qloop, window, station=station, languages=languages)
        qapp.setStyleSheet(previous_sheet)
