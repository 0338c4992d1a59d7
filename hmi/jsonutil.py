"""Canonical JSON: the same value always gives the same text (for hashes and for the MES)."""

from __future__ import annotations

import json
import math
from typing import Any


def dumps(value: Any) -> str:
    return json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=str)


def loads(text: str | None) -> Any:
    return None if text is None else json.loads(text)


def dumps_strict(value: Any) -> str:
    """Canonical JSON that any JSON parser reads: raises ValueError for NaN/±inf or text UTF-8 cannot carry."""
    text = json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=str,
                      allow_nan=False)
    text.encode("utf-8")   # a lone surrogate raises UnicodeEncodeError (a ValueError)
    return text


def strict(value: Any, *, path: str = "") -> tuple[Any, dict[str, str]]:
    """``value`` made strict JSON: NaN/±inf become None and unencodable text loses the bad characters.

    Returns the cleaned value and, per changed place (``a.b[2]``), what was wrong with it, so the
    change is put on record instead of made silently.
    """
    problems: dict[str, str] = {}

    def clean(item: Any, where: str) -> Any:
        if isinstance(item, float) and not math.isfinite(item):
            problems[where or "."] = f"not a finite number ({item!r}): sent as null"
            return None
        if isinstance(item, str):
            try:
                item.encode("utf-8")
            except UnicodeEncodeError:
                problems[where or "."] = "text with characters UTF-8 cannot carry: replaced by U+FFFD"
                return "".join("\ufffd" if 0xD800 <= ord(c) <= 0xDFFF else c for c in item)
            return item
        if isinstance(item, dict):
            return {clean(k, where) if isinstance(k, str) else k: clean(v, f"{where}.{k}" if where else str(k))
                    for k, v in item.items()}
        if isinstance(item, list | tuple):
            return [clean(v, f"{where}[{i}]") for i, v in enumerate(item)]
        return item

    return clean(value, path), problems
