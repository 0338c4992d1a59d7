"""What the trends screen tests share besides the ``history_context`` fixture (tests/gui/conftest.py)."""

from __future__ import annotations

from typing import Any

from screens.shell_context import ShellContext
from screens.trends_screen import TrendsScreen


def open_trends(qtbot: Any, context: ShellContext, mode: str) -> TrendsScreen:
    screen = TrendsScreen(context, mode=mode)
    qtbot.addWidget(screen)
    screen.resize(1024, 700)
    screen.show()
    screen.on_shown()
    return screen
