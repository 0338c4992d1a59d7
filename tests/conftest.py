"""Shared fixtures: a station on a temporary folder with a controllable clock, and leak checks."""

from __future__ import annotations

import asyncio
import gc
import os
import threading
from collections.abc import Callable, Coroutine, Iterator
from pathlib import Path
from typing import Any

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from hmi.clock import ManualClock
from hmi.config import StationConfig, parse_config
from hmi.station import Station
from screens.event_loop import run_to_end
from tests.leaks import TrackingPolicy, forget_tasks, new_threads, pending_tasks

REPO = Path(__file__).resolve().parent.parent
DEMO_CONFIG = REPO / "resources" / "demo" / "station.toml"


def pytest_asyncio_loop_factories(config: pytest.Config, item: pytest.Item) -> dict[str, Callable[[], Any]]:
    """Async tests run on loops that record their tasks, for the leak check."""
    return {"asyncio": TrackingPolicy().new_event_loop}


@pytest.fixture(autouse=True)
def no_leaks(request: pytest.FixtureRequest) -> Iterator[None]:
    """Fail the test that leaves tasks, threads or top-level widgets behind."""
    threads_before = {t.ident for t in threading.enumerate() if t.ident is not None}
    widgets_before = _top_level_widgets()
    forget_tasks()
    yield
    problems: list[str] = []
    tasks = pending_tasks()
    if tasks:
        problems.append("tasks still running: " + ", ".join(t.get_name() + f" ({t.get_coro()!r})" for t in tasks))
        for task in tasks:
            task.cancel()
    threads = new_threads(threads_before)
    if threads:
        problems.append("threads still running: " + ", ".join(t.name for t in threads))
    widgets = _top_level_widgets() - widgets_before
    if widgets:
        problems.append(f"{len(widgets)} top-level widget(s) left open")
    if problems and not request.node.get_closest_marker("allow_leaks"):
        pytest.fail("; ".join(problems))


@pytest.hookimpl(wrapper=True)
def pytest_pyfunc_call(pyfuncitem: pytest.Function) -> Iterator[Any]:
    """Tasks the test body started and left running are leaks (checked before the loop is torn down)."""
    before = set(pending_tasks())
    result = yield
    # anyio's connection attempts belong to a running station's task (the MES connector reconnecting):
    # not the test body's. The teardown check, once the station has stopped, still finds any left.
    leaked = [t for t in pending_tasks() if t not in before and not t.get_name().startswith("anyio.")]
    for task in leaked:
        task.cancel()
    if leaked and not pyfuncitem.get_closest_marker("allow_leaks"):
        pytest.fail("the test left tasks running: " + ", ".join(f"{t.get_name()} ({t.get_coro()!r})" for t in leaked))
    return result


def _top_level_widgets() -> set[int]:
    try:
        from PySide6.QtWidgets import QApplication
    except ImportError:
        return set()
    app = QApplication.instance()
    if app is None:
        return set()
    from PySide6.QtCore import QCoreApplication, QEvent

    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    return {id(w) for w in QApplication.topLevelWidgets() if w.isVisible()}


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "allow_leaks: this test is known to leave something behind")


_QT_FIXTURES = {"qtbot", "qapp", "qloop"}


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Tests that need a QApplication are marked ``gui``: `make test` runs them in their own process."""
    for item in items:
        if _QT_FIXTURES & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.gui)


# Stations -------------------------------------------------------------------------------------------
def station_config(**sections: Any) -> StationConfig:
    """The demo config with sections replaced: station_config(security={"lockout_s": 10})."""
    from tests.equipment_support import demo_raw

    return parse_config(demo_raw(**sections), source=DEMO_CONFIG)


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock()


@pytest.fixture
def make_station(tmp_path: Path, clock: ManualClock) -> Iterator[Callable[..., Station]]:
    """Open stations on a temporary data folder; each is closed after the test."""
    opened: list[Station] = []

    def make(config: StationConfig | None = None, *, data_dir: Path | None = None, **wiring: Any) -> Station:
        station = Station(config=config or station_config(), clock=clock, data_dir=data_dir or tmp_path / "data",
                          **wiring)
        station.open()
        opened.append(station)
        return station

    yield make
    for station in opened:
        station.close()
    # The MES contract, on what the stations really wrote (tests/contract.py).
    from tests.contract import outbox_problems

    problems = [p for station in opened for p in outbox_problems(station.data_dir / "station.db")]
    if problems:
        pytest.fail("events that break the MES contract (plugins/mes/EVENTS.md):\n" + "\n".join(problems[:20]),
                    pytrace=False)


@pytest.fixture
def station(make_station: Callable[..., Station]) -> Station:
    return make_station()


# Qt with the one qasync loop ------------------------------------------------------------------------
_open_qloop: list[asyncio.AbstractEventLoop] = []   # the test's qasync loop while it is open


def _process_events_on_the_loop() -> None:
    """pytest-qt processes Qt events between a test's phases. Under qasync that runs the loop's callbacks
    with no running loop: a station task then dies ("no running event loop") and httpx fails with
    NoEventLoopError, which no station ever meets. So while a qasync loop is open, the loop runs them."""
    loop = _open_qloop[-1] if _open_qloop else None
    if loop is None or loop.is_running() or loop.is_closed():
        _bare_process_events()
        return
    asyncio._set_running_loop(loop)   # as pytest-qt does it (deferred deletes wait), but on the loop
    try:
        _bare_process_events()
    finally:
        asyncio._set_running_loop(None)


def _patch_pytest_qt() -> Callable[[], None]:
    import pytestqt.plugin

    bare: Callable[[], None] = pytestqt.plugin._process_events
    pytestqt.plugin._process_events = _process_events_on_the_loop
    return bare


_bare_process_events = _patch_pytest_qt()


@pytest.fixture
def qloop(qapp: Any) -> Iterator[asyncio.AbstractEventLoop]:
    """A qasync loop on the Qt thread, as the station runs. Use ``run(qloop, coro)`` in tests."""
    import qasync

    from hmi.heap import LoopThreadCollector
    from tests.leaks import tracking_task_factory

    loop = qasync.QEventLoop(qapp)
    loop.set_task_factory(tracking_task_factory)
    asyncio.set_event_loop(loop)
    # As in the station: no collection in a worker thread, where it could delete a Qt object the
    # GUI thread is using; the loop's thread collects instead.
    collector = LoopThreadCollector()
    collector.start(loop)
    _open_qloop.append(loop)
    try:
        yield loop
        run(loop, loop.shutdown_default_executor())
    finally:
        _open_qloop.remove(loop)
        collector.stop()
        gc.collect()
    loop.close()
    asyncio.set_event_loop(None)


def run(loop: asyncio.AbstractEventLoop, coro: Coroutine[Any, Any, Any]) -> Any:
    """Run ``coro`` on the loop until it is done, as the station's window runs (screens.event_loop)."""
    return run_to_end(loop, coro)


async def settle(seconds: float = 0.1) -> None:
    """Let the qasync loop paint and finish pending callbacks (never processEvents in a coroutine)."""
    steps = max(1, int(seconds / 0.02))
    for _ in range(steps):
        await asyncio.sleep(0.02)
