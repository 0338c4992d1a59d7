"""A stop asked for while a start hangs still stops, and a hung shutdown ends with every stack printed."""

from __future__ import annotations

import asyncio
import subprocess
import sys
import textwrap

import pytest

from hmi.shutdown import unless_stopped


async def test_a_stop_during_a_hung_start_gives_the_start_up() -> None:
    stop = asyncio.Event()
    started = asyncio.Event()
    cancelled = asyncio.Event()

    async def hung_start() -> None:
        started.set()
        try:
            await asyncio.Event().wait()
        except asyncio.CancelledError:
            cancelled.set()
            raise

    runner = asyncio.ensure_future(unless_stopped(hung_start(), stop, what="starting"))
    await started.wait()
    stop.set()
    assert await asyncio.wait_for(runner, 10) is False
    assert cancelled.is_set()


async def test_a_start_that_swallows_its_cancellation_is_still_left_behind() -> None:
    stop = asyncio.Event()
    started = asyncio.Event()
    stubborn = True

    async def stubborn_start() -> None:
        started.set()
        while True:
            try:
                await asyncio.sleep(3600)
            except asyncio.CancelledError:
                if not stubborn:
                    raise

    step = asyncio.ensure_future(stubborn_start())
    runner = asyncio.ensure_future(unless_stopped(step, stop, what="starting"))
    await started.wait()
    stop.set()
    assert await asyncio.wait_for(runner, 20) is False
    assert not step.done()   # left behind, not waited for
    stubborn = False
    step.cancel()
    with pytest.raises(asyncio.CancelledError):
        await step


async def test_a_start_that_ends_runs_and_its_error_is_raised() -> None:
    stop = asyncio.Event()
    ran: list[str] = []

    async def quick_start() -> None:
        ran.append("started")

    assert await unless_stopped(quick_start(), stop, what="starting") is True
    assert ran == ["started"]

    async def failing_start() -> None:
        raise RuntimeError("port 4840 is taken")

    with pytest.raises(RuntimeError, match="port 4840"):
        await unless_stopped(failing_start(), stop, what="starting")


def test_a_shutdown_that_hangs_prints_every_stack_and_exits() -> None:
    program = textwrap.dedent("""
        import threading, time
        from hmi.shutdown import arm_exit_watchdog
        threading.Thread(target=time.sleep, args=(3600,), name="stuck-writer", daemon=True).start()
        arm_exit_watchdog(1.0)
        time.sleep(3600)
    """)
    result = subprocess.run([sys.executable, "-c", program], capture_output=True, text=True, timeout=60)
    assert result.returncode == 1
    assert "most recent call first" in result.stderr
    assert result.stderr.count("Thread 0x") >= 2   # the main thread and the stuck one
