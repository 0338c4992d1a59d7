"""A stop asks for its reason on the Lots screen within 2 s, as two taps of a reason tree, and moves no control.

The simulator's state tag stops the line (over real OPC-UA); with a 1 s micro-stop threshold the stop
opens a downtime event, the prompt takes the Lots screen's fixed slot, the operator taps a category
and a reason, and the event has that reason with an audit entry. In English and Korean.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from typing import Any

import pytest

from hmi.auth import Role
from hmi.demo import DEMO_USERS
from hmi.oee import records
from hmi.station import Station
from plugins.simulators.process import MachineState
from tests.conftest import run
from tests.equipment_support import ThreadedSimulator, config_for, demo_raw
from tests.gui.lots_support import button_geometry, click, moved, until
from tests.production_support import load_demo

pytestmark = [pytest.mark.gui, pytest.mark.slow]


@pytest.fixture(scope="module")
def line() -> Iterator[ThreadedSimulator]:
    simulator = ThreadedSimulator(seed=6, tick_s=0.05)
    yield simulator
    simulator.close()


@pytest.fixture
def languages(qapp: Any) -> Iterator[Any]:
    from screens.i18n import LanguageManager

    manager = LanguageManager(qapp)
    yield manager
    manager.set_language("en")


@pytest.fixture
def clock() -> Any:
    from hmi.clock import SystemClock

    return SystemClock()      # the simulator stamps its samples with the wall clock


@pytest.mark.parametrize("locale", ["en", "ko"])
def test_a_stop_prompts_for_its_reason_within_2_s_and_two_taps_give_it(
        qtbot: Any, qloop: asyncio.AbstractEventLoop, make_station: Any, line: ThreadedSimulator, languages: Any,
        locale: str) -> None:
    from screens.main_window import MainWindow

    # No process alarms: their banner, raised by the stop itself, would change the window under the test.
    station: Station = make_station(config_for(line.sim, oee={**demo_raw()["oee"], "micro_stop_s": 1.0}, alarms={}))
    run(qloop, load_demo(station))
    languages.set_language(locale)
    window = MainWindow(station=station, languages=languages, demo_hint="")
    window.resize(1024, 768)
    window.show()
    oee = station.oee
    assert oee is not None

    async def flow() -> None:
        await station.start()
        await window.start()
        user = next(u for u in DEMO_USERS if u[2] is Role.OPERATOR)
        window.login.user_field.setText(user[0])
        window.login.pin_field.setText(user[3])
        window.login.submit()
        await until(lambda: station.auth.current is not None, what="logged in")
        window.navigate("lots")
        lots = window.screen("lots")
        await until(lambda: bool(lots._tree), what="the reason tree is loaded")
        await until(lambda: oee.tracker.state.value == "running", within=60, what="the line runs")
        for earlier in oee.live.value.waiting if oee.live.value else ():   # the line may have stood at start
            await oee.set_reason(earlier.id, "DT-SETUP")
        await until(lambda: oee.live.value is not None and not oee.live.value.waiting, within=30,
                    what="no stop waiting for a reason")
        before = button_geometry(lots, window, outside=(lots.slot,))
        assert not lots.reason_bar.isVisible()

        async def stop() -> None:
            line.sim.process.force_stop(MachineState.IDLE, 8.0)

        await line.acall(stop)
        loop = asyncio.get_running_loop()
        await until(lambda: oee.live.value is not None and oee.live.value.open_event is not None, within=10,
                    what="the stop opened a downtime event")
        opened = loop.time()
        await until(lambda: lots.reason_bar.isVisible(), within=5, what="the reason prompt")
        assert loop.time() - opened <= 2.0, "the prompt came more than 2 s after the event opened"
        event = oee.live.value.open_event if oee.live.value else None
        assert event is not None and event.waiting
        assert not moved(before, button_geometry(lots, window, outside=(lots.slot,))), "a control moved"
        material = "자재" if locale == "ko" else "Material"
        reason = "자재 없음" if locale == "ko" else "No material"
        category = next(b for b in lots.reason_bar.buttons if b.isVisible() and b.text() == material)
        click(qtbot, category)
        choice = next(b for b in lots.reason_bar.buttons if b.isVisible() and b.text() == reason)
        click(qtbot, choice)

        async def reason_of() -> str:
            found = await station.store.read(lambda db: records.event_by_id(db, event.id))
            return found.reason if found else ""

        for _ in range(200):
            if await reason_of() == "DT-MAT":
                break
            await asyncio.sleep(0.05)
        assert await reason_of() == "DT-MAT"
        await until(lambda: not lots.reason_bar.isVisible(), within=10, what="the prompt goes once answered")
        actors = await station.store.read(lambda db: db.execute(
            "SELECT actor FROM audit WHERE action = 'downtime.reason' AND object_id = ?", [str(event.id)]).fetchall())
        assert actors == [(user[0],)]
        await until(lambda: oee.tracker.state.value == "running", within=30, what="the line runs again")

    try:
        run(qloop, flow())
    finally:
        run(qloop, window.tasks.cancel_all())
        run(qloop, station.stop())
        window.close()
