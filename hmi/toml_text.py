"""TOML text read the one way every loader here reads it: nesting is bounded, so no input ends in a traceback.

``tomllib`` recurses once per nesting level and raises RecursionError on ``x = [[[…]]]`` a thousand deep;
the JSON and pydantic passes after it would too. A station file never nests more than a few levels, so
deeper input is refused as a TOML error with the key where it happens.
"""

from __future__ import annotations

import tomllib
from typing import Any

MAX_DEPTH = 24


def loads(text: str) -> dict[str, Any]:
    """Parse TOML; TOMLDecodeError (with the key path) for nesting deeper than MAX_DEPTH, too."""
    try:
        raw = tomllib.loads(text)
    except RecursionError:
        raise tomllib.TOMLDecodeError(f"values are nested too deeply (at most {MAX_DEPTH} levels)") from None
    where = too_deep(raw)
    if where is not None:
        raise tomllib.TOMLDecodeError(f"{where}: values are nested too deeply (at most {MAX_DEPTH} levels)")
    return raw


def too_deep(value: Any, limit: int = MAX_DEPTH) -> str | None:
    """The key path where ``value`` nests deeper than ``limit`` (tables and lists), else None. Iterative."""
    stack: list[tuple[Any, str, int]] = [(value, "", 0)]
    while stack:
        node, path, depth = stack.pop()
        if depth > limit:
            return path or "(top)"
        if isinstance(node, dict):
            stack.extend((child, f"{path}.{key}" if path else str(key), depth + 1) for key, child in node.items())
        elif isinstance(node, list):
            stack.extend((child, f"{path}[{i}]", depth + 1) for i, child in enumerate(node))
    return None
