"""How a person reads a tag's value: the tag's number format, its unit and its description.

One place decides it, so the equipment screen, the trends legend and the cursor never show a raw
float ("123.21868896484375") or "None". A tag without an explicit ``format`` gets as many decimals
as its engineering range needs (a 0-40 °C bath shows 1 decimal, a 0-5 m/min conveyor 2).
"""

from __future__ import annotations

import math

from hmi.config import TagSection
from hmi.tags.sample import Value

NO_VALUE = "—"
DEFAULT_FORMAT = "{:.2f}"


def default_decimals(range_lo: float | None, range_hi: float | None) -> int:
    """About a thousandth of the span resolved: 0 decimals for 0-1000, 1 for 0-200 or 0-40, 2 for 0-5."""
    if range_lo is None or range_hi is None or not range_hi > range_lo:
        return 2
    span = range_hi - range_lo
    if not math.isfinite(span):
        return 2
    return max(0, min(6, round(math.log10(1000.0 / span))))


def display_format(tag: TagSection) -> str:
    """The tag's own ``format`` when station.toml sets one, else one derived from its range."""
    if "format" in tag.model_fields_set:
        return tag.format
    if tag.range_lo is None or tag.range_hi is None:
        return DEFAULT_FORMAT
    return f"{{:.{default_decimals(tag.range_lo, tag.range_hi)}f}}"


LIST_SHOWN = 4   # elements of an array tag that fit a faceplate


def format_number(value: Value, fmt: str = DEFAULT_FORMAT) -> str:
    """A value as text: numbers through ``fmt`` (never a bare float), booleans ON/OFF, nothing as "—"."""
    if value is None:
        return NO_VALUE
    if isinstance(value, list):   # an array tag: its first elements, each as a number, and how many
        shown = ", ".join(format_number(v, fmt) for v in value[:LIST_SHOWN])
        return f"[{shown}, …] ({len(value)})" if len(value) > LIST_SHOWN else f"[{shown}]"
    if isinstance(value, bool):
        return "ON" if value else "OFF"
    if isinstance(value, int | float):
        if isinstance(value, float) and not math.isfinite(value):
            return NO_VALUE
        try:
            text = fmt.format(value)
        except (ValueError, TypeError):
            text = DEFAULT_FORMAT.format(float(value))
        return "0" + text[2:] if text.startswith("-0") and float(text) == 0 else text
    return str(value)


def with_unit(text: str, unit: str) -> str:
    return f"{text} {unit}" if unit and text != NO_VALUE else text


def description(tag: TagSection | None, name: str, *, korean: bool) -> str:
    """The tag's description in the reader's language, its name only when it has none."""
    if tag is None:
        return name
    return (tag.description_ko if korean and tag.description_ko else tag.description) or name
