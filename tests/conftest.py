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
    leaked = [t for t in pending_tasks() if t not in before]
    for task in leaked:
        task.cancel()
    if leaked and not pyfuncitem.get_closest_marker("allow_leaks"):
        pytest.fail("the test left tasks running: " + ", ".join(t.get_name() for t in leaked))
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
    try:
        yield loop
        loop.run_until_complete(loop.shutdown_default_executor())
    finally:
        collector.stop()
        gc.collect()
    loop.close()
    asyncio.set_event_loop(None)


def run(loop: asyncio.AbstractEventLoop, coro: Coroutine[Any, Any, Any]) -> Any:
    return loop.run_until_complete(coro)


async def settle(seconds: float = 0.1) -> None:
    """Let the qasync loop paint and finish pending callbacks (never processEvents in a coroutine)."""
    steps = max(1, int(seconds / 0.02))
    for _ in range(steps):
        await asyncio.sleep(0.02)
