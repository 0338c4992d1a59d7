"""Each characteristic with the alarm action gets one alarm of the alarm engine (ISA-18.2 states).

The SPC service sets the tag ``spc.<code>`` to the number of rules the newest point violates; the
alarm is active while it is not 0, with the characteristic's priority and texts.
"""

from __future__ import annotations

from hmi.alarms.definitions import AlarmDefinition, AlarmKind, Priority
from hmi.spc.config import Action, SpcSection


def alarm_definitions(section: SpcSection) -> dict[str, AlarmDefinition]:
    out: dict[str, AlarmDefinition] = {}
    for code, c in section.characteristics.items():
        if Action.ALARM not in c.actions:
            continue
        out[f"spc.{code}"] = AlarmDefinition(
            tag=f"spc.{code}", kind=AlarmKind.DISCRETE, normal_value=0, priority=Priority(c.alarm_priority.value),
            message_en=f"SPC: {c.name} out of statistical control",
            message_ko=f"SPC: {c.name_ko or c.name} 관리 상태 이탈",
            consequence="The process has shifted; parts may drift out of specification.",
            corrective_action="Open SPC, check the chart and the rule, and record the assignable cause.",
            equipment="SPC")
    return out
