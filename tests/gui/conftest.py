"""Fixtures of the Qt tests."""

from __future__ import annotations

import asyncio
import gc
from collections.abc import Iterator

import pytest

from hmi.historian.demo_history import seed_demo_day
from hmi.station import Station
from screens.i18n import LanguageManager
from screens.shell_context import ShellContext
from screens.tasks import TaskGroup
from tests.conftest import run


@pytest.fixture
def history_context(qloop: asyncio.AbstractEventLoop, station: Station) -> Iterator[ShellContext]:
    """A shell context on a station whose historian holds a demo day (30 s steps)."""
    run(qloop, seed_demo_day(station.historian, now=station.clock.now(), step_s=30.0))
    tasks = TaskGroup()
    yield ShellContext(station=station.services, languages=LanguageManager(), tasks=tasks, notify=lambda _text: None,
                       navigate=lambda _key: None, quit=lambda: None)
    run(qloop, tasks.cancel_all())


@pytest.fixture(autouse=True)
def _collect_on_the_gui_thread_only() -> Iterator[None]:
    """No automatic collection between tests either: a simulator thread kept across a module's tests
    would otherwise collect an earlier test's Qt objects there and crash the GUI thread (a segfault
    seen in pytest-qt's event processing). Each test's garbage is collected here, on the GUI thread."""
    gc.disable()
    yield
    gc.collect()
    gc.disable()
