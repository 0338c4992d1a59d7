"""The ``[labels]`` section of station.toml: which template and printer, and whether to print by itself."""

from __future__ import annotations

from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field


class LabelsSection(BaseModel):
    # Strict like hmi.config.Strict; defined here (not subclassed) because hmi.config imports this module.
    model_config = ConfigDict(extra="forbid", frozen=True, allow_inf_nan=False)

    # Template name (a file <name>.toml in templates_dir, else in the shipped resources/labels).
    default_template: Annotated[str, Field(min_length=1)] = "defect_100x50"
    # Printer name from [printers.<name>]; empty means the first configured printer.
    default_printer: str = ""
    # Print a defect label as soon as the defect is recorded (otherwise it is offered).
    auto_print: bool = False
    # A folder of this station's own templates, overriding the shipped ones of the same name.
    templates_dir: str = ""
    # While a printer is offline: retry after retry_initial_s, doubling up to retry_max_s (with jitter).
    retry_initial_s: Annotated[float, Field(gt=0)] = 2.0
    retry_max_s: Annotated[float, Field(gt=0)] = 60.0
    # How often a printer's status is asked (0 = never; a status query costs the printer little).
    status_interval_s: Annotated[float, Field(ge=0)] = 15.0
