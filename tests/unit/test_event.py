"""``Event``: how one area hears that another's thing happened (a defect committed, a step signed)."""

from __future__ import annotations

import logging

import pytest

from hmi.observable import Event


async def test_emit_awaits_each_listener_in_turn_and_a_failing_one_stops_nothing(
        caplog: pytest.LogCaptureFixture) -> None:
    event: Event[int] = Event("thing.done")
    heard: list[str] = []

    async def first(value: int) -> None:
        heard.append(f"first {value}")

    async def broken(value: int) -> None:
        raise RuntimeError("listener bug")

    async def last(value: int) -> None:
        heard.append(f"last {value}")

    event.subscribe(first)
    event.subscribe(broken)
    unsubscribe = event.subscribe(last)
    with caplog.at_level(logging.ERROR, logger="hmi.observable"):
        await event.emit(1)   # returns once every listener has run: the emitter may rely on it
    assert heard == ["first 1", "last 1"]
    assert any("thing.done listener failed" in r.getMessage() for r in caplog.records)
    unsubscribe()
    unsubscribe()   # twice is harmless
    await event.emit(2)
    assert heard == ["first 1", "last 1", "first 2"]
