"""TOML text read the one way every loader here reads it: nesting is bounded, so no input ends in a traceback.

``tomllib`` recurses once per nesting level and raises RecursionError on ``x = [[[…]]]`` a thousand deep;
the JSON and pydantic passes after it would too. A station file never nests more than a few levels, so
deeper input is refused as a TOML error with the key where it happens.
"""

from __future__ import annotations

import tomllib
from typing import Any

MAX_DEPTH = 24


class TooDeep(tomllib.TOMLDecodeError):
    """Nesting deeper than MAX_DEPTH; ``key`` is the key path where it happens, for the loader's problem."""

    def __init__(self, key: str) -> None:
        self.key = key
        super().__init__(f"{key}: values are nested too deeply (at most {MAX_DEPTH} levels)")


def loads(text: str) -> dict[str, Any]:
    """Parse TOML; TooDeep (a TOMLDecodeError with the key path) for nesting deeper than MAX_DEPTH, too."""
    try:
        raw = tomllib.loads(text)
    except RecursionError:
        raise TooDeep(deep_key(text)) from None
    where = too_deep(raw)
    if where is not None:
        raise TooDeep(where)
    return raw


def deep_key(text: str, limit: int = MAX_DEPTH) -> str:
    """The key whose value opens more than ``limit`` brackets, read from the text tomllib could not parse.

    A plain scan: strings and comments are skipped, table headers give the prefix, and only a key at
    the top of a statement counts (not the keys of the inline tables inside it)."""
    table, key, depth, line_no = "", "", 0, 1
    i, n = 0, len(text)
    at_line_start = True
    while i < n:
        char = text[i]
        if char == "\n":
            line_no += 1
            at_line_start = True
            i += 1
            continue
        if at_line_start and depth == 0 and char not in " \t":
            at_line_start = False
            end = text.find("\n", i)
            line = text[i:] if end < 0 else text[i:end]
            if line.startswith("["):        # a table header: [name] or [[name]]
                table = line.strip("[] \t").split("]")[0].strip()
                i = n if end < 0 else end
                continue
            key = line.split("=", 1)[0].strip()
        if char == "#":
            end = text.find("\n", i)
            i = n if end < 0 else end
            continue
        if char in "\"'":
            i = _string_end(text, i)
            continue
        if char in "[{":
            depth += 1
            if depth > limit:
                where = f"{table}.{key}" if table and key else (key or table or "(top)")
                return f"{where} (line {line_no})"
        elif char in "]}" and depth:
            depth -= 1
        i += 1
    return f"line {line_no}"


def _string_end(text: str, start: int) -> int:
    """The index after the string that opens at ``start`` (basic strings honour backslash escapes)."""
    quote = text[start]
    i = start + 1
    while i < len(text) and text[i] != "\n":
        if quote == '"' and text[i] == "\\":
            i += 2
            continue
        if text[i] == quote:
            return i + 1
        i += 1
    return i


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
