"""``hmi run --headless``: the station's core without a screen, started from the command line."""

from __future__ import annotations

import asyncio
from pathlib import Path

from hmi.cli.common import load_or_exit, store_error_exit


def run_headless_station(config_path: Path, *, data_dir: Path | None, verbose: bool) -> int:
    """Open the station's records, run until SIGTERM/SIGINT, close them; exit code 3 on a store error."""
    from hmi.headless import run_headless
    from hmi.logging_setup import setup_logging
    from hmi.station import Station
    from hmi.store import StoreError

    config = load_or_exit(config_path)
    station = Station(config=config, data_dir=data_dir)
    setup_logging(station.data_dir, verbose=verbose)
    try:
        station.open()
    except StoreError as exc:
        raise store_error_exit(exc) from None
    try:
        return asyncio.run(run_headless(station))
    except StoreError as exc:
        raise store_error_exit(exc) from None
    finally:
        station.close()
