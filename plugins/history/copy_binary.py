"""Raw samples as PostgreSQL's binary COPY rows for ``sample (station_id, tag, ts, value, quality)``.

The direct path COPYs straight into the central table, so ``ts`` must arrive as a timestamptz: in
text that means formatting a date per row, in binary it is one integer (microseconds since
2000-01-01). Packing the tuples here costs less than the text COPY it replaces (measured ~0.7 µs
against ~1 µs a row), and needs no datetime objects. Format: the "Binary Format" section of the
COPY reference. psycopg's ``Copy.write`` passes a block as it is, so the block is the whole file:
signature, tuples, trailer.
"""

from __future__ import annotations

import math
import struct
from collections.abc import Iterable

from hmi.historian.sinks import RawRow

_PG_EPOCH_MS = 946_684_800_000      # 2000-01-01T00:00:00Z in ms since the Unix epoch
_FIELDS = 5
_SIGNATURE = b"PGCOPY\n\xff\r\n\0" + bytes(8)    # no flags, no header extension
_TRAILER = b"\xff\xff"
_HEAD = struct.Struct("!hi")        # field count, then the length of station_id
_LEN = struct.Struct("!i")
_WITH_VALUE = struct.Struct("!iqidih")   # ts (8 bytes), value (8 bytes), quality (2 bytes)
_NO_VALUE = struct.Struct("!iqiih")      # ts, value NULL (-1), quality


def sample_rows(station_id: str, rows: Iterable[RawRow]) -> bytes:
    """The rows as one COPY BINARY file; a value that is None or not finite becomes NULL (as in the text path)."""
    station = station_id.encode()
    head = _HEAD.pack(_FIELDS, len(station)) + station
    prefixes: dict[str, bytes] = {}
    out: list[bytes] = [_SIGNATURE]
    append = out.append
    with_value, no_value = _WITH_VALUE.pack, _NO_VALUE.pack
    for tag, ts_ms, value, quality in rows:
        prefix = prefixes.get(tag)
        if prefix is None:
            name = tag.encode()
            prefix = prefixes[tag] = head + _LEN.pack(len(name)) + name
        micros = (ts_ms - _PG_EPOCH_MS) * 1000
        if value is None or not math.isfinite(value):
            append(prefix + no_value(8, micros, -1, 2, quality))
        else:
            append(prefix + with_value(8, micros, 8, value, 2, quality))
    append(_TRAILER)
    return b"".join(out)
