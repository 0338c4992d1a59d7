"""What the label service asks of a printer plugin (group ``hmi.printers``).

A plugin entry point is a class with a ``config_model`` (pydantic) and a keyword-only constructor
``(*, name, config, data_dir)`` (data_dir: the station's data folder, for relative paths). ``send`` hands one rendered label to the printer or its spooler and returns
the spooler's reference; any exception means "not printed, try again later" and the job stays
queued. ``status`` tells what the printer itself says (paper out, head open …).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import Any, Protocol

from hmi.labels.render import LabelFormat
from hmi.plugin_registry import load_plugin


class PrinterState(StrEnum):
    READY = "ready"
    BUSY = "busy"
    FAULT = "fault"      # reachable, but cannot print (paper out, ribbon out, head open, paused)
    OFFLINE = "offline"  # not reachable
    UNKNOWN = "unknown"


@dataclass(frozen=True, slots=True)
class PrinterStatus:
    state: PrinterState
    summary: str = ""
    faults: tuple[str, ...] = ()
    details: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class PrintPayload:
    job_uid: str
    title: str
    format: LabelFormat
    content: bytes
    width_mm: float
    height_mm: float


class PrinterError(Exception):
    """The printer did not take the job (offline, fault, spooler refused); the job stays queued."""


class Printer(Protocol):
    name: str
    format: LabelFormat   # what it takes: PDF or ZPL

    async def send(self, payload: PrintPayload) -> str: ...

    async def status(self) -> PrinterStatus: ...

    def describe(self) -> str: ...


def create_printer(name: str, driver: str, options: dict[str, Any], *, data_dir: Path) -> Printer:
    """The configured printer ``name`` from its plugin (options were checked with the config)."""
    plugin = load_plugin("hmi.printers", driver)
    config = plugin.config_model.model_validate_json(json.dumps(options, default=str), strict=True)
    printer: Printer = plugin(name=name, config=config, data_dir=data_dir)
    return printer
