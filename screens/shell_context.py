"""What every screen receives: the station's services and the shell's helpers."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from hmi.services import StationServices
from screens.i18n import LanguageManager
from screens.tasks import TaskGroup


@dataclass(frozen=True, slots=True)
class ShellContext:
    station: StationServices            # the services as typed facades, never the store, bus or config
    languages: LanguageManager
    tasks: TaskGroup
    notify: Callable[[str], None]          # a non-blocking message at the bottom of the window
    navigate: Callable[[str], None]        # show another screen by key
    quit: Callable[[], None]               # leave the application (admin, kiosk exit)
