"""The ``[history]`` section: where history.db is uploaded (``[[history.sinks]]``) and how hard.

Each sink's own keys (host, database, TLS...) are checked by its plugin's model, found through the
``hmi.history_sinks.options`` entry points, as the MES connector's are.
"""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, model_validator


class HistorySinkSection(BaseModel):
    """One sink: ``driver`` picks the plugin, ``name`` keys its cursors in history.db; the rest is the plugin's."""

    model_config = ConfigDict(extra="allow", frozen=True)

    name: Annotated[str, Field(min_length=1, max_length=64, pattern=r"^[A-Za-z0-9._-]+$")]
    driver: Annotated[str, Field(min_length=1)]
    enabled: bool = True

    def options(self) -> dict[str, Any]:
        """The driver-specific keys, for the driver's own model to validate."""
        return dict(self.model_extra or {})


SECTION_KEYS = frozenset({"name", "driver", "enabled"})


class HistorySection(BaseModel):
    # The same strictness as hmi.config.Strict (not imported: hmi.config imports this module).
    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True, allow_inf_nan=False)

    sinks: list[HistorySinkSection] = []
    # Live rows are sent this often; a backlog older than live_window_s is backfilled apart, oldest first.
    live_interval_s: Annotated[float, Field(gt=0, le=60)] = 1.0
    live_window_s: Annotated[float, Field(gt=0)] = 30.0
    # Backfill budget: at most this many rows per second, and at most this share of one core.
    backfill_rows_per_s: Annotated[float, Field(gt=0)] = 200_000.0
    backfill_cpu_share: Annotated[float, Field(gt=0, le=1)] = 0.5
    batch_rows: Annotated[int, Field(ge=1, le=1_000_000)] = 20_000
    backoff_initial_s: Annotated[float, Field(gt=0, le=60)] = 1.0
    backoff_max_s: Annotated[float, Field(gt=0, le=3600)] = 60.0
    # A sink whose oldest un-uploaded row is older than this raises a diagnostic alarm.
    backlog_alarm_age_s: Annotated[float, Field(gt=0)] = 3600.0
    # history.db may use at most this much (0: no limit). Past it, raw rows older than
    # unacknowledged_keep_days are deleted even when a sink has not acknowledged them (counted and said).
    disk_limit_mb: Annotated[float, Field(ge=0)] = 0.0
    unacknowledged_keep_days: Annotated[float, Field(gt=0)] = 14.0

    @model_validator(mode="after")
    def _unique_names(self) -> HistorySection:
        names = [sink.name for sink in self.sinks]
        twice = sorted({name for name in names if names.count(name) > 1})
        if twice:
            raise ValueError(f"sink names must differ (each keys its own cursors): {', '.join(twice)} used twice")
        return self

    def enabled_sinks(self) -> list[HistorySinkSection]:
        return [sink for sink in self.sinks if sink.enabled]
