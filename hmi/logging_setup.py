"""Logs go to a rotating file in the data folder (and to stderr when a person is watching)."""

from __future__ import annotations

import logging
import logging.handlers
from pathlib import Path

from hmi.store.database import make_private, private_dir

FORMAT = "%(asctime)s %(levelname)-7s %(name)s: %(message)s"


class _PrivateRotatingFileHandler(logging.handlers.RotatingFileHandler):
    """Each log file (the first and every rotated one) 0600 whatever the umask: logs name people and lots."""

    def _open(self):  # type: ignore[no-untyped-def]
        make_private(Path(self.baseFilename))
        return super()._open()


def setup_logging(data_dir: Path, *, verbose: bool = False, console: bool = True) -> Path:
    log_dir = data_dir / "logs"
    private_dir(data_dir)
    private_dir(log_dir)
    path = log_dir / "station.log"
    root = logging.getLogger()
    root.setLevel(logging.DEBUG if verbose else logging.INFO)
    for handler in list(root.handlers):
        if getattr(handler, "_station_hmi", False):
            root.removeHandler(handler)
            handler.close()
    file_handler = _PrivateRotatingFileHandler(path, maxBytes=5_000_000, backupCount=5, encoding="utf-8")
    file_handler.setFormatter(logging.Formatter(FORMAT))
    file_handler._station_hmi = True  # type: ignore[attr-defined]
    root.addHandler(file_handler)
    if console:
        stream = logging.StreamHandler()
        stream.setFormatter(logging.Formatter(FORMAT))
        stream.setLevel(logging.DEBUG if verbose else logging.WARNING)
        stream._station_hmi = True  # type: ignore[attr-defined]
        root.addHandler(stream)
    quiet_libraries(verbose=verbose)
    return path


def quiet_libraries(*, verbose: bool = False) -> None:
    """Third-party libraries log what the station already says better, once, with the reason.

    asyncua, httpx and aiomqtt are chatty at INFO; their warnings still reach the log. pymodbus logs
    every failed request at ERROR with a dump of the frames (">>>>> send: 0x…"); the Modbus driver
    reports each problem itself (tag BAD with the reason, connection status, one log line), so pymodbus
    is heard only with --verbose.
    """
    for noisy in ("asyncua", "httpx", "aiomqtt"):
        logging.getLogger(noisy).setLevel(logging.DEBUG if verbose else logging.WARNING)
    logging.getLogger("pymodbus").setLevel(logging.DEBUG if verbose else logging.CRITICAL)
