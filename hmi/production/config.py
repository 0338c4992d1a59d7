"""The ``[production]`` section of station.toml: counter tag, snapshot tags, automatic defect checks."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, model_validator


class _Strict(BaseModel):
    # Same rules as hmi.config.Strict; defined here so hmi.config can import this module without a cycle.
    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True, allow_inf_nan=False)


class DefectAction(StrEnum):
    PROPOSE = "propose"   # the operator confirms or dismisses the proposed defect
    RECORD = "record"     # recorded at once, by "equipment"


class DefectCheck(_Strict):
    """A measurement tag with defect limits: leaving them proposes (or records) a defect."""

    tag: Annotated[str, Field(min_length=1)]
    lo: float | None = None
    hi: float | None = None
    code_low: str = ""        # defect code below lo
    code_high: str = ""       # defect code above hi
    unit: str = ""
    action: DefectAction = DefectAction.PROPOSE

    @model_validator(mode="after")
    def _limits(self) -> DefectCheck:
        if self.lo is None and self.hi is None:
            raise ValueError("give lo, hi or both")
        if self.lo is not None and self.hi is not None and self.lo >= self.hi:
            raise ValueError(f"lo ({self.lo}) must be below hi ({self.hi})")
        if self.lo is not None and not self.code_low:
            raise ValueError("code_low is needed when lo is set")
        if self.hi is not None and not self.code_high:
            raise ValueError("code_high is needed when hi is set")
        return self


class ProductionSection(_Strict):
    counter_tag: str = ""                 # good-part counter from the equipment; empty = manual counting
    snapshot_tags: list[str] = []         # recipe / process values stored at lot start and finish
    defect_checks: list[DefectCheck] = []
    max_note_length: Annotated[int, Field(ge=100, le=100_000)] = 4000
