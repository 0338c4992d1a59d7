"""The Modbus driver's address grammar: a table, a register number and options for its type and order.

``modbus://plc2/hr/40001?type=float32&order=ABCD``    (holding register 40001 = offset 0)
``modbus://127.0.0.1:5020/coil/17``                   (coil offset 17)

Light to import (no pymodbus): the station finds ``parse_url`` through ``hmi.equipment.addresses``.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from hmi.config import DataType
from hmi.tags.address import AddressError, TagAddress, split_url


def parse_url(raw: str, scheme: str, rest: str) -> TagAddress:
    """The URL's parts; the register spec, which needs the tag's type, is ``parse_modbus``'s."""
    return split_url(raw, scheme, rest, example="type=float32&order=ABCD")


class ModbusTable(StrEnum):
    COIL = "coil"
    DISCRETE_INPUT = "di"
    INPUT_REGISTER = "ir"
    HOLDING_REGISTER = "hr"

    @property
    def is_bits(self) -> bool:
        return self in (ModbusTable.COIL, ModbusTable.DISCRETE_INPUT)


_TABLE_NAMES = {
    "coil": ModbusTable.COIL, "coils": ModbusTable.COIL, "co": ModbusTable.COIL,
    "di": ModbusTable.DISCRETE_INPUT, "discrete": ModbusTable.DISCRETE_INPUT,
    "ir": ModbusTable.INPUT_REGISTER, "input": ModbusTable.INPUT_REGISTER,
    "hr": ModbusTable.HOLDING_REGISTER, "holding": ModbusTable.HOLDING_REGISTER,
}
# Modicon numbering: 40001 is the first holding register (offset 0), 30001 the first input register.
_MODICON = {ModbusTable.HOLDING_REGISTER: (40001, 4), ModbusTable.INPUT_REGISTER: (30001, 3),
            ModbusTable.DISCRETE_INPUT: (10001, 1)}
_REGISTER_COUNT = {
    DataType.BOOL: 1, DataType.INT16: 1, DataType.UINT16: 1, DataType.INT32: 2, DataType.UINT32: 2,
    DataType.INT64: 4, DataType.FLOAT32: 2, DataType.FLOAT64: 4,
}
_ORDERS = {"ABCD": ("big", "big"), "BADC": ("little", "big"), "CDAB": ("big", "little"), "DCBA": ("little", "little")}


@dataclass(frozen=True, slots=True)
class ModbusAddress:
    table: ModbusTable
    offset: int           # 0-based protocol address
    data_type: DataType
    byte_order: str       # "big" | "little": the order of the two bytes inside each register
    word_order: str       # "big" | "little": the order of the registers of a multi-register value
    length: int           # registers (or bits) the value spans
    unit: int | None      # unit id override; None = the connection's

    @property
    def end(self) -> int:
        return self.offset + self.length


def parse_modbus(address: TagAddress, *, data_type: DataType | None = None) -> ModbusAddress:
    """The register spec of a ``modbus://`` address. ``data_type`` is the tag's type when the URL has none."""
    parts = address.path.strip("/").split("/")
    if len(parts) != 2:
        raise AddressError(f"{address.raw!r}: expected '<table>/<number>' after the connection, "
                           "e.g. 'hr/40001' or 'coil/17'")
    table = _TABLE_NAMES.get(parts[0].lower())
    if table is None:
        raise AddressError(f"{address.raw!r}: unknown table {parts[0]!r}; use coil, di, ir or hr")
    try:
        number = int(parts[1])
    except ValueError:
        raise AddressError(f"{address.raw!r}: {parts[1]!r} is not a register number") from None
    offset = number
    if table in _MODICON:
        first, digit = _MODICON[table]
        if first <= number <= first + 9998:
            offset = number - first
        elif digit * 100000 + 1 <= number <= digit * 100000 + 65536:
            offset = number - digit * 100000 - 1
    if not 0 <= offset <= 65535:
        raise AddressError(f"{address.raw!r}: register {number} is outside 0..65535")
    opts = dict(address.options)
    type_text = opts.pop("type", None)
    if table.is_bits:
        kind = DataType.BOOL
        if type_text not in (None, "bool"):
            raise AddressError(f"{address.raw!r}: coils and discrete inputs are bool, not {type_text!r}")
    else:
        try:
            kind = DataType(type_text) if type_text else (data_type or DataType.UINT16)
        except ValueError:
            known = ", ".join(t.value for t in DataType)
            raise AddressError(f"{address.raw!r}: unknown type {type_text!r}; use one of {known}") from None
    byte_order, word_order = "big", "big"
    order = opts.pop("order", None)
    if order is not None:
        if order.upper() not in _ORDERS:
            raise AddressError(f"{address.raw!r}: order must be ABCD, BADC, CDAB or DCBA, not {order!r}")
        byte_order, word_order = _ORDERS[order.upper()]
    for key in ("byte_order", "word_order"):
        if key in opts:
            value = opts.pop(key).lower()
            if value not in ("big", "little"):
                raise AddressError(f"{address.raw!r}: {key} must be big or little, not {value!r}")
            byte_order, word_order = (value, word_order) if key == "byte_order" else (byte_order, value)
    if kind is DataType.STRING:
        try:
            length = int(opts.pop("length", "0"))
        except ValueError:
            raise AddressError(f"{address.raw!r}: length must be a number of registers") from None
        if not 1 <= length <= 125:
            raise AddressError(f"{address.raw!r}: a string needs length=N registers (1..125)")
    else:
        opts.pop("length", None)
        length = _REGISTER_COUNT[kind] if not table.is_bits else 1
    unit: int | None = None
    if "unit" in opts:
        try:
            unit = int(opts.pop("unit"))
        except ValueError:
            raise AddressError(f"{address.raw!r}: unit must be a number 0..255") from None
        if not 0 <= unit <= 255:
            raise AddressError(f"{address.raw!r}: unit must be 0..255")
    if opts:
        raise AddressError(f"{address.raw!r}: unknown option(s) {', '.join(sorted(opts))}; "
                           "known: type, order, byte_order, word_order, length, unit")
    if offset + length > 65536:
        raise AddressError(f"{address.raw!r}: the value runs past register 65535")
    return ModbusAddress(table=table, offset=offset, data_type=kind, byte_order=byte_order,
                         word_order=word_order, length=length, unit=unit)
