"""The base of every config model, in its own module so that area models (hmi.alarms…) can import it
while hmi.config imports them."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict


class Strict(BaseModel):
    """Base for every config section: unknown keys are errors, values are not coerced across kinds."""

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)
