"""``hmi run --headless``: the station's core without a screen, for edge gateways and for tests.

Stops cleanly on SIGTERM or SIGINT: every component stops, every queued write commits.
"""

from __future__ import annotations

import asyncio
import logging
import signal

from hmi.heap import settle_after_start
from hmi.shutdown import arm_exit_watchdog, unless_stopped
from hmi.station import Station

log = logging.getLogger(__name__)


async def run_headless(station: Station, *, ready_message: bool = True) -> int:
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, stop.set)
    try:
        if await unless_stopped(station.start(), stop, what="starting the station"):
            settle_after_start()
            log.info("station %s running headless", station.station_id)
            if ready_message:
                print(f"hmi: station {station.station_id} running headless; data in {station.data_dir}", flush=True)
            await stop.wait()
        log.info("stopping on signal")
    finally:
        arm_exit_watchdog()
        await station.stop()
        for sig in (signal.SIGTERM, signal.SIGINT):
            loop.remove_signal_handler(sig)
    return 0
