"""The alarm limits of an MES master data bundle, set once the bundle is committed.

A function of the alarms area rather than a method of the service the screens hold: the MES sets these
without a session, through the service's private path, so no screen may call it.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from typing import Any

from hmi.alarms.model import AlarmActionError
from hmi.alarms.service import AlarmService
from hmi.auth.permissions import SYSTEM_MES
from hmi.production.masterdata import AlarmLimit

log = logging.getLogger(__name__)


def mes_limits(alarms: AlarmService) -> Callable[[dict[str, Any]], Awaitable[None]]:
    """The sync engine's after-apply hook for ``alarms``: unknown alarms and limits the alarm refuses are
    logged and skipped, the rest of the bundle stands."""

    async def apply(data: dict[str, Any]) -> None:
        for raw in data.get("limits", []):
            limit = AlarmLimit.model_validate(raw)
            current = alarms.core.definitions.get(limit.alarm_id)
            if current is None:
                log.warning("master data sets a limit for alarm %s, which this station does not have",
                            limit.alarm_id)
                continue
            if current.limit == limit.limit and (limit.deadband is None or current.deadband == limit.deadband):
                continue
            try:
                await alarms._set_limit(limit.alarm_id, limit=limit.limit, deadband=limit.deadband, actor=SYSTEM_MES)
            except AlarmActionError as exc:
                log.warning("master data limit for alarm %s not set: %s", limit.alarm_id, exc)

    return apply
