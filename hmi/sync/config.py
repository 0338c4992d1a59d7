"""The ``[sync]`` section: how the engine drains the outbox (the MES connection itself is ``[mes]``)."""

from __future__ import annotations

from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field


class SyncSection(BaseModel):
    # The same strictness as hmi.config.Strict (not imported: hmi.config imports this module).
    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True, allow_inf_nan=False)

    batch_size: Annotated[int, Field(ge=1, le=5000)] = 500
    poll_interval_s: Annotated[float, Field(gt=0, le=60)] = 1.0
    backoff_initial_s: Annotated[float, Field(gt=0, le=60)] = 0.5
    backoff_max_s: Annotated[float, Field(gt=0, le=3600)] = 60.0
    masterdata_interval_s: Annotated[float, Field(gt=0)] = 300.0
    # A certificate or credential problem is not fixed by waiting: try again this rarely.
    needs_configuration_retry_s: Annotated[float, Field(gt=0, le=3600)] = 120.0
    # station.status "running" events (each component's health) this often; at most one waits unsent.
    heartbeat_interval_s: Annotated[float, Field(ge=1, le=86400)] = 60.0
    # The chip turns DEGRADED when the oldest waiting event is older than this.
    backlog_warn_age_s: Annotated[float, Field(gt=0)] = 600.0
