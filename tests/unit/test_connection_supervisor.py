"""The connection supervisor: states, backoff and restarts, with a scripted connection."""

from __future__ import annotations

import asyncio
import logging
import random
from collections.abc import Callable

import pytest

from hmi.connections.supervisor import (
    ConnectionState,
    ConnectionSupervisor,
    NeedsConfiguration,
    TaskFailed,
    Unavailable,
)
from hmi.shutdown import cancel_and_wait
from hmi.status import ComponentStatus, Health
from tests.equipment_support import until


class Scripted:
    """connect() and serve() do what the script says next: 'ok', or an exception to raise."""

    def __init__(self, connects: list[object], serves: list[object]) -> None:
        self.connects = connects
        self.serves = serves
        self.calls: list[str] = []
        self.forever = asyncio.Event()

    async def connect(self) -> str:
        self.calls.append("connect")
        step = self.connects.pop(0) if self.connects else "ok"
        if isinstance(step, BaseException):
            raise step
        return "connected to the peer"

    async def serve(self) -> None:
        self.calls.append("serve")
        step = self.serves.pop(0) if self.serves else None
        if isinstance(step, BaseException):
            raise step
        await self.forever.wait()

    async def close(self) -> None:
        self.calls.append("close")


async def _run(connection: Scripted, until_: Callable[[list[ComponentStatus]], bool],
               max_s: float = 0.05) -> list[ComponentStatus]:
    states: list[ComponentStatus] = []
    supervisor = ConnectionSupervisor(name="peer", connection=connection, report=states.append,
                                      initial_s=0.01, max_s=max_s)
    task = asyncio.create_task(supervisor.run(), name="supervised-peer")
    try:
        await until(lambda: until_(states), within=10)
    finally:
        await cancel_and_wait([task], timeout_s=2, what="supervisor")
    return states


async def test_unreachable_then_up_then_lost_walks_the_states() -> None:
    connection = Scripted([Unavailable("refused"), Unavailable("refused")], [Unavailable("reset by peer")])
    states = await _run(connection, lambda s: sum(x.health is Health.OK for x in s) >= 2)
    kinds = [s.details["state"] for s in states]
    assert kinds[:5] == ["offline", "offline", "ok", "connecting", "ok"]
    assert states[0].health is Health.FAILED and states[0].last_error == "refused"
    assert states[3].health is Health.CONNECTING and states[3].last_error == "reset by peer"   # STALE, not BAD
    assert states[2].summary == "connected to the peer"
    assert connection.calls[:3] == ["connect", "close", "connect"]        # closed after every failed attempt
    assert connection.calls[-1] == "close"                                  # and on the way out


async def test_needs_configuration_is_its_own_state_and_retried_slowly() -> None:
    connection = Scripted([NeedsConfiguration("the server refused this station's certificate")], [])
    loop = asyncio.get_running_loop()
    started = loop.time()
    states = await _run(connection, lambda s: any(x.health is Health.OK for x in s), max_s=0.4)
    assert states[0].details["state"] == ConnectionState.NEEDS_CONFIGURATION.value
    assert "refused this station's certificate" in (states[0].last_error or "")
    assert loop.time() - started >= 0.2           # at least half of max_s, not the 10 ms backoff


async def test_a_bug_in_the_driver_is_logged_at_once_shown_failed_and_restarted(
        caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.ERROR, logger="hmi.connections.supervisor")
    connection = Scripted([], [KeyError("node"), None])
    states = await _run(connection, lambda s: sum(x.health is Health.OK for x in s) >= 2)
    failed = [s for s in states if s.details["state"] == "failed"]
    assert failed and "KeyError" in (failed[0].last_error or "")
    logged = [r for r in caplog.records if "unexpected error" in r.getMessage()]
    assert len(logged) == 1 and logged[0].exc_info is not None


async def test_a_dead_part_of_a_working_connection_is_failed_with_its_reason_and_restarted(
        caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.ERROR, logger="hmi.connections.supervisor")
    connection = Scripted([], [TaskFailed("the server dropped the subscription"), None])
    states = await _run(connection, lambda s: sum(x.health is Health.OK for x in s) >= 2)
    kinds = [s.details["state"] for s in states]
    assert kinds[:3] == ["ok", "failed", "ok"]          # not "connecting": waiting for the peer won't heal it
    assert states[1].last_error == "the server dropped the subscription"
    logged = [r for r in caplog.records if "the server dropped the subscription" in r.getMessage()]
    assert len(logged) == 1


async def test_retry_now_ends_the_wait_and_starts_the_backoff_again() -> None:
    connection = Scripted([Unavailable("refused")] * 1000, [])    # refused until retry_now clears it
    states: list[ComponentStatus] = []
    supervisor = ConnectionSupervisor(name="peer", connection=connection, report=states.append,
                                      initial_s=0.01, max_s=600)
    task = asyncio.create_task(supervisor.run(), name="supervised-peer")
    try:
        # 10, 20, 40 ms…: the waits grow, so soon the supervisor sits in a wait of seconds
        await until(lambda: len(states) >= 3 and (supervisor.retry_in_s or 0) >= 0.5, within=20)
        assert not any(s.health is Health.OK for s in states)
        connection.connects.clear()
        supervisor.retry_now()                                       # new work: try at once
        await until(lambda: any(s.health is Health.OK for s in states), within=10)
        supervisor.retry_now()                                       # while OK there is nothing to hurry
        assert not supervisor.retry_requested
    finally:
        await cancel_and_wait([task], timeout_s=2, what="supervisor")


async def test_every_wait_is_capped_with_jitter_and_retry_after_wins() -> None:
    delays: list[float] = []
    connection = Scripted([Unavailable("refused")] * 8 + [Unavailable("busy", retry_after=0.02)], [])

    async def sleep(seconds: float) -> None:
        delays.append(seconds)
        await asyncio.sleep(0)

    states: list[ComponentStatus] = []
    # A seeded draw: unseeded, four draws in [0.005, 0.08] all fall under 0.04 one run in twenty.
    supervisor = ConnectionSupervisor(name="peer", connection=connection, report=states.append,
                                      initial_s=0.01, max_s=0.08, sleep=sleep, rng=random.Random(20261203))
    task = asyncio.create_task(supervisor.run(), name="supervised-peer")
    try:
        await until(lambda: any(s.health is Health.OK for s in states), within=10)
    finally:
        await cancel_and_wait([task], timeout_s=2, what="supervisor")
    assert all(0.005 <= d <= 0.08 for d in delays[:8]) and len(set(delays[:8])) == 8
    assert max(delays[4:8]) > 0.04                                  # grown toward the cap
    assert delays[8] == 0.02
