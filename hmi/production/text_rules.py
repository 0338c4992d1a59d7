"""What operator-typed text may be: stored exactly as typed, or refused with a message that says why.

Every service that stores operator text (lots, defects, alarm comments and reasons) checks it here, at the
service edge, so that text SQLite or JSON cannot encode (a lone surrogate) never reaches a writer job.
"""

from __future__ import annotations

import unicodedata
from typing import Protocol

import re2

from hmi.production.records import ProductionError
from hmi.refusal import Refusal


def checked_text(value: str, *, field: str, max_length: int, required: bool = False, multiline: bool = True,
                 error: type[Refusal] = ProductionError) -> str:
    """The text as typed (outer blanks trimmed), or ``error`` naming the field and the problem."""
    try:
        return _checked(value, field=field, max_length=max_length, required=required, multiline=multiline)
    except ProductionError as refusal:
        if error is ProductionError:
            raise
        raise error(refusal.template, **refusal.params) from None  # the same words, as the caller's refusal


def _checked(value: str, *, field: str, max_length: int, required: bool, multiline: bool) -> str:
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
        category = unicodedata.category(char)
        if category == "Cc" and char not in allowed:
            raise ProductionError("{field} contains a control character (U+{code:04X}); remove it",
                                  field=field, code=ord(char))
        if category == "Cs":
            raise ProductionError("{field} contains a broken character (U+{code:04X}, half of a pair); type it again",
                                  field=field, code=ord(char))
    return text


class LotPattern(Protocol):
    """A compiled lot-number pattern: linear-time matching, whatever the master data says."""

    pattern: str

    def fullmatch(self, text: str) -> object | None: ...


_RE2_OPTIONS = re2.Options()
_RE2_OPTIONS.log_errors = False  # the refusal says why; no absl lines on stderr


def compile_lot_pattern(pattern: str) -> LotPattern:
    """The master data's lot-number pattern, compiled with RE2 (no backtracking, so no pattern can freeze
    the writer thread or the loop); ValueError naming the problem when RE2 cannot take it.

    RE2 has no back-references or look-arounds; a lot-number rule never needs them.
    """
    try:
        compiled: LotPattern = re2.compile(pattern, options=_RE2_OPTIONS)
    except re2.error as exc:
        detail = exc.args[0].decode() if exc.args and isinstance(exc.args[0], bytes) else str(exc)
        raise ValueError(f"not a usable lot-number pattern ({detail}; back-references and look-arounds "
                         "are not supported)") from None
    return compiled
