"""The ``[spc]`` section of station.toml: which characteristics this station charts and what a violation does.

The limits themselves come from the centre (the master data bundle); the station's config says where
a characteristic's values come from, which rules watch it and whether trial limits are allowed.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, model_validator

from hmi.spc.kinds import RULE_COUNT, ChartType, RuleFamily, chart_for_subgroup, check_subgroup, select_rules

Code = Annotated[str, Field(min_length=1, max_length=64, pattern=r"^[A-Za-z0-9._/-]+$")]


class _Strict(BaseModel):
    # Same rules as hmi.config.Strict; defined here so hmi.config can import this module without a cycle.
    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)


class Source(StrEnum):
    TAG = "tag"                  # a tag's values (per sample, per part or per time window)
    INSTRUCTION = "instruction"  # a value the operator signs in an instruction's measure step
    DEFECTS = "defects"          # defects recorded per sample of parts (attribute charts)


class Trigger(StrEnum):
    SAMPLE = "sample"    # every new value of the tag is one measurement (an inline gauge)
    PART = "part"        # one measurement when trigger_tag steps (part complete, or a counter)
    WINDOW = "window"    # the tag's last good value in each window of window_s seconds


class Action(StrEnum):
    ALARM = "alarm"
    PROPOSE = "propose"


class Priority(StrEnum):
    # The alarm priorities (hmi.alarms.definitions.Priority); repeated to keep this module import-light.
    CRITICAL = "critical"
    HIGH = "high"
    MEDIUM = "medium"
    LOW = "low"
    DIAGNOSTIC = "diagnostic"


class CharacteristicConfig(_Strict):
    product: Code
    operation: str = ""                      # empty = any operation of the product
    name: Annotated[str, Field(min_length=1, max_length=120)]
    name_ko: str = ""
    unit: str = ""
    source: Source = Source.TAG
    tag: str = ""
    trigger: Trigger = Trigger.SAMPLE
    trigger_tag: str = ""
    window_s: Annotated[float, Field(gt=0)] = 60.0
    instruction_step: Annotated[int, Field(ge=0)] | None = None   # source instruction: the step index
    defect_codes: list[str] = []             # source defects: these codes (empty = all)
    sample_parts: Annotated[int, Field(ge=1)] = 50                 # source defects: parts per sample
    subgroup: Annotated[int, Field(ge=1, le=50)] = 1
    chart: ChartType | None = None           # default: from the subgroup size (or c for defects)
    rules: RuleFamily = RuleFamily.NELSON
    rule_numbers: list[int] | None = None    # None = all rules of the family
    actions: list[Action] = [Action.ALARM]
    alarm_priority: Priority = Priority.MEDIUM
    defect_code: str = ""                    # the proposed defect's code (action propose)
    defect_code_low: str = ""                # ... when the completing point is below the centre line (if set)
    cause_rules: list[str] = []              # rules whose violations need an assignable cause
    trial: bool = False                      # compute trial limits when the centre sent none
    trial_subgroups: Annotated[int, Field(ge=2, le=500)] = 25

    @property
    def chart_type(self) -> ChartType:
        if self.chart is not None:
            return self.chart
        return ChartType.C if self.source is Source.DEFECTS else chart_for_subgroup(self.subgroup)

    @property
    def rule_names(self) -> tuple[str, ...]:
        return select_rules(self.rules, self.rule_numbers)

    @model_validator(mode="after")
    def _consistent(self) -> CharacteristicConfig:
        chart = self.chart_type
        if self.source is Source.DEFECTS:
            if not chart.is_attribute:
                raise ValueError("a defects characteristic needs an attribute chart (p, np, c or u)")
        else:
            if chart.is_attribute:
                raise ValueError(f"the {chart.value} chart counts defects: it needs source = \"defects\"")
            check_subgroup(chart, self.subgroup)
        if self.source is Source.TAG and not self.tag:
            raise ValueError("a tag characteristic needs 'tag'")
        if self.source is Source.TAG and self.trigger is Trigger.PART and not self.trigger_tag:
            raise ValueError("trigger = \"part\" needs 'trigger_tag' (the part-complete or counter tag)")
        if self.source is Source.INSTRUCTION and self.instruction_step is None:
            raise ValueError("an instruction characteristic needs 'instruction_step'")
        if Action.PROPOSE in self.actions and not self.defect_code:
            raise ValueError("actions with \"propose\" need 'defect_code'")
        if self.rule_numbers is not None:
            select_rules(self.rules, self.rule_numbers)
        family = self.rules.value
        for rule in self.cause_rules:
            prefix, _, number = rule.partition("-")
            if prefix != family or not number.isdigit() or not 1 <= int(number) <= RULE_COUNT[self.rules]:
                raise ValueError(f"cause_rules: {rule!r} is not one of this characteristic's {family} rules")
        return self


class SpcSection(_Strict):
    characteristics: dict[Code, CharacteristicConfig] = {}
