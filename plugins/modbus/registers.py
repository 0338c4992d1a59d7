"""Register <-> value conversion for register-based protocols (Modbus), shared so drivers agree.

Registers are 16-bit words. ``byte_order`` is the order of the two bytes in a word, ``word_order`` the
order of the words of a multi-word value ("big" = most significant first, i.e. ABCD).
"""

from __future__ import annotations

import math
import struct

from hmi.config import DataType
from hmi.tags.sample import Value


class ConversionError(ValueError):
    pass


_STRUCT = {
    DataType.INT16: ">h", DataType.UINT16: ">H", DataType.INT32: ">i", DataType.UINT32: ">I",
    DataType.INT64: ">q", DataType.FLOAT32: ">f", DataType.FLOAT64: ">d",
}


def _to_bytes(registers: list[int], byte_order: str, word_order: str) -> bytes:
    words = list(registers) if word_order == "big" else list(reversed(registers))
    return b"".join(int(w & 0xFFFF).to_bytes(2, "big" if byte_order == "big" else "little") for w in words)


def _from_bytes(data: bytes, byte_order: str, word_order: str) -> list[int]:
    words = [int.from_bytes(data[i:i + 2], "big" if byte_order == "big" else "little") for i in range(0, len(data), 2)]
    return words if word_order == "big" else list(reversed(words))


def decode(registers: list[int], data_type: DataType, *, byte_order: str = "big", word_order: str = "big") -> Value:
    if data_type is DataType.BOOL:
        return bool(registers[0])
    data = _to_bytes(registers, byte_order, word_order)
    if data_type is DataType.STRING:
        return data.split(b"\x00", 1)[0].decode("utf-8", errors="replace").rstrip()
    (value,) = struct.unpack(_STRUCT[data_type], data)
    if isinstance(value, float) and not math.isfinite(value):
        raise ConversionError(f"the registers hold {value} (not a finite number)")
    return value


def encode(value: Value, data_type: DataType, *, length: int = 0, byte_order: str = "big",
           word_order: str = "big") -> list[int]:
    if data_type is DataType.BOOL:
        return [1 if value else 0]
    if data_type is DataType.STRING:
        raw = str(value).encode("utf-8")
        if len(raw) > length * 2:
            raise ConversionError(f"text of {len(raw)} bytes does not fit in {length} registers")
        return _from_bytes(raw.ljust(length * 2, b"\x00"), byte_order, word_order)
    try:
        number = float(value) if data_type in (DataType.FLOAT32, DataType.FLOAT64) else int(value)  # type: ignore[arg-type]
        data = struct.pack(_STRUCT[data_type], number)
    except (struct.error, TypeError, ValueError) as exc:
        raise ConversionError(f"{value!r} does not fit a {data_type.value}: {exc}") from None
    return _from_bytes(data, byte_order, word_order)
