"""A tag's source address is a URL whose scheme picks the driver (PyDM style).

``opcua://press1/nsu=urn:example:press;s=Oven.Temp``  (a named connection)
``opcua://opc.tcp://127.0.0.1:4840/ns=2;i=17``        (an endpoint written in the URL)
``modbus://plc2/hr/40001?type=float32&order=ABCD``    (holding register 40001 = offset 0)
``modbus://127.0.0.1:5020/coil/17``                   (coil offset 17)

Parsing never talks to equipment; every mistake is an ``AddressError`` naming what is wrong.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from enum import StrEnum
from urllib.parse import parse_qsl

from hmi.config import DataType


class AddressError(ValueError):
    """The address cannot be understood; the message says what was expected."""


@dataclass(frozen=True, slots=True)
class TagAddress:
    raw: str
    scheme: str
    # Either a connection name from station.toml, or an endpoint written in the URL.
    connection: str | None
    endpoint: str | None
    path: str
    options: dict[str, str] = field(default_factory=dict)


_SCHEME = re.compile(r"^([a-z][a-z0-9+.-]*)://(.*)$", re.IGNORECASE)
_HOSTPORT = re.compile(r"^(\[[0-9a-f:]+\]|[A-Za-z0-9.-]+):(\d{1,5})$")
_NODE_START = re.compile(r"/(?=nsu=|ns=\d|i=\d|s=|g=|b=)")
_IP = re.compile(r"^\d{1,3}(\.\d{1,3}){3}$")


def parse_address(raw: str) -> TagAddress:
    text = raw.strip()
    match = _SCHEME.match(text)
    if not match:
        raise AddressError(f"{raw!r} is not an address; write it like 'opcua://conn/ns=2;s=Name' or "
                           "'modbus://conn/hr/40001'")
    scheme, rest = match.group(1).lower(), match.group(2)
    if scheme == "opcua" and rest.startswith("opc.tcp://"):
        # The endpoint may have a path of its own: the node id starts at the first '/nsu=', '/ns=', '/i=' …
        node = _NODE_START.search(rest, len("opc.tcp://"))
        if node is None:
            raise AddressError(f"{raw!r}: after the endpoint write '/' and a node id (nsu=URI;s=Name)")
        node_path, node_options = _opcua_options(raw, rest[node.start() + 1:])
        return TagAddress(raw=raw, scheme=scheme, connection=None, endpoint=rest[:node.start()],
                          path=node_path, options=node_options)
    authority, sep, path = rest.partition("/")
    if not authority:
        raise AddressError(f"{raw!r}: the connection name (or host:port) is missing after '{scheme}://'")
    if not sep or not path:
        raise AddressError(f"{raw!r}: the part after '{authority}/' is missing")
    options: dict[str, str]
    if scheme == "opcua":
        path, options = _opcua_options(raw, path)
    elif scheme == "modbus" and "?" in path:
        path, _, query = path.partition("?")
        try:
            options = {k.lower(): v for k, v in parse_qsl(query, strict_parsing=True)}
        except ValueError:
            raise AddressError(f"{raw!r}: the options after '?' must look like 'type=float32&order=ABCD'") from None
    else:
        options = {}
    if _HOSTPORT.match(authority) or _IP.match(authority) or authority == "localhost":
        return TagAddress(raw=raw, scheme=scheme, connection=None, endpoint=authority, path=path, options=options)
    return TagAddress(raw=raw, scheme=scheme, connection=authority, endpoint=None, path=path, options=options)


_OPCUA_INDEX = re.compile(r"^(.*)\?index=(\d+)$")


def _opcua_options(raw: str, path: str) -> tuple[str, dict[str, str]]:
    """An OPC-UA node may end in ``?index=N``: one element of an array variable, as a scalar tag."""
    match = _OPCUA_INDEX.match(path)
    if match is None:
        if re.search(r"\?index=", path):
            raise AddressError(f"{raw!r}: write the array element as '?index=N' with N a whole number from 0")
        return path, {}
    return match.group(1), {"index": match.group(2)}


# Modbus ---------------------------------------------------------------------------------------------
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


# OPC-UA ---------------------------------------------------------------------------------------------
_NODE = re.compile(r"^(?:(nsu=[^;]+|ns=\d+);)?(i=\d+|s=.+|g=[0-9a-fA-F-]{36}|b=.+)$")


@dataclass(frozen=True, slots=True)
class OpcUaNode:
    namespace_uri: str | None   # addressed by URI: survives a server that reorders its namespaces
    namespace_index: int | None
    identifier: str             # "s=Oven.Temp", "i=2258", …
    index: int | None = None    # one element of an array variable (``?index=N``)

    def with_index(self, index: int) -> str:
        return f"ns={index};{self.identifier}"


def parse_opcua_node(address: TagAddress) -> OpcUaNode:
    match = _NODE.match(address.path)
    if not match:
        raise AddressError(f"{address.raw!r}: {address.path!r} is not a node id; write 'nsu=URI;s=Name', "
                           "'ns=2;s=Name' or 'i=2258'")
    ns, ident = match.group(1), match.group(2)
    index = int(address.options["index"]) if "index" in address.options else None
    if ns is None:
        return OpcUaNode(namespace_uri=None, namespace_index=0, identifier=ident, index=index)
    if ns.startswith("nsu="):
        return OpcUaNode(namespace_uri=ns[4:], namespace_index=None, identifier=ident, index=index)
    return OpcUaNode(namespace_uri=None, namespace_index=int(ns[3:]), identifier=ident, index=index)
