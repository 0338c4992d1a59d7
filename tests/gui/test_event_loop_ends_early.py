"""Qt ending the event loop first (the display went away, app.quit()) still runs the coroutine's cleanup."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest

from screens.event_loop import LoopEndedEarly, run_to_end

pytestmark = pytest.mark.gui


def test_a_loop_ended_by_qt_cancels_the_coroutine_and_runs_its_cleanup_on_a_running_loop(
        qloop: asyncio.AbstractEventLoop, qapp: Any) -> None:
    cleaned: list[str] = []

    async def station_like() -> int:
        try:
            qapp.quit()                         # as Qt does when the X connection breaks
            await asyncio.sleep(3600)
            return 0
        finally:
            await asyncio.sleep(0.05)           # a stop that needs the loop: it must still be running
            cleaned.append(str(asyncio.get_running_loop() is qloop))

    with pytest.raises(LoopEndedEarly, match="cancelled and cleaned up"):
        run_to_end(qloop, station_like())
    assert cleaned == ["True"]


def test_a_coroutine_that_finishes_returns_its_result(qloop: asyncio.AbstractEventLoop) -> None:
    async def done() -> int:
        await asyncio.sleep(0.01)
        return 7

    assert run_to_end(qloop, done()) == 7


def test_an_error_in_the_coroutine_is_raised_as_it_is(qloop: asyncio.AbstractEventLoop) -> None:
    async def fails() -> None:
        raise ValueError("bad")

    with pytest.raises(ValueError, match="bad"):
        run_to_end(qloop, fails())
