"""What operator-typed text may be: stored exactly as typed, or refused with a message that says why."""

from __future__ import annotations

import unicodedata

from hmi.production.records import ProductionError


def checked_text(value: str, *, field: str, max_length: int, required: bool = False, multiline: bool = True) -> str:
    """The text as typed (outer blanks trimmed), or ProductionError naming the field and the problem."""
    if not isinstance(value, str):
        raise ProductionError("{field}: expected text", field=field)
    text = value.strip()
    if required and not text:
        raise ProductionError("{field} is required", field=field)
    if len(text) > max_length:
        raise ProductionError("{field} is too long ({length} characters; at most {max_length})", field=field,
                              length=len(text), max_length=max_length)
    allowed = {"\n", "\t"} if multiline else set()
    for char in text:
        if unicodedata.category(char) == "Cc" and char not in allowed:
            raise ProductionError("{field} contains a control character (U+{code:04X}); remove it",
                                  field=field, code=ord(char))
    return text
