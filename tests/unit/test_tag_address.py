"""Tag addresses: every accepted form, and a clear error for each mistake."""

from __future__ import annotations

import pytest

from hmi.config import DataType
from hmi.tags.address import AddressError, parse_address
from plugins.modbus.address import ModbusTable, parse_modbus
from plugins.opcua.address import parse_opcua_node


def test_named_opcua_connection_with_namespace_uri() -> None:
    a = parse_address("opcua://press1/nsu=urn:example:press;s=Oven.Temp")
    assert (a.scheme, a.connection, a.endpoint) == ("opcua", "press1", None)
    node = parse_opcua_node(a)
    assert node.namespace_uri == "urn:example:press" and node.identifier == "s=Oven.Temp"
    assert node.with_index(5) == "ns=5;s=Oven.Temp"


def test_opcua_endpoint_with_a_path_in_the_url() -> None:
    a = parse_address("opcua://opc.tcp://127.0.0.1:4840/some/path/nsu=urn:x;s=A/B")
    assert a.endpoint == "opc.tcp://127.0.0.1:4840/some/path" and a.connection is None
    assert parse_opcua_node(a).identifier == "s=A/B"
    assert parse_opcua_node(parse_address("opcua://plc/i=2258")).namespace_index == 0


@pytest.mark.parametrize(("url", "table", "offset", "kind", "length"), [
    ("modbus://plc2/hr/40001?type=float32&order=ABCD", ModbusTable.HOLDING_REGISTER, 0, DataType.FLOAT32, 2),
    ("modbus://plc2/hr/400010?type=float64", ModbusTable.HOLDING_REGISTER, 9, DataType.FLOAT64, 4),
    ("modbus://plc2/ir/30005", ModbusTable.INPUT_REGISTER, 4, DataType.UINT16, 1),
    ("modbus://plc2/hr/17", ModbusTable.HOLDING_REGISTER, 17, DataType.UINT16, 1),
    ("modbus://plc2/coil/17", ModbusTable.COIL, 17, DataType.BOOL, 1),
    ("modbus://plc2/di/10001", ModbusTable.DISCRETE_INPUT, 0, DataType.BOOL, 1),
    ("modbus://plc2/hr/100?type=string&length=8", ModbusTable.HOLDING_REGISTER, 100, DataType.STRING, 8),
])
def test_modbus_register_specs(url: str, table: ModbusTable, offset: int, kind: DataType, length: int) -> None:
    m = parse_modbus(parse_address(url))
    assert (m.table, m.offset, m.data_type, m.length) == (table, offset, kind, length)


def test_modbus_orders_and_endpoint_in_the_url() -> None:
    a = parse_address("modbus://127.0.0.1:5020/hr/40001?type=int32&order=CDAB&unit=3")
    assert a.endpoint == "127.0.0.1:5020" and a.connection is None
    m = parse_modbus(a)
    assert (m.byte_order, m.word_order, m.unit) == ("big", "little", 3)
    assert parse_modbus(parse_address("modbus://p/hr/1?type=float32&order=BADC")).byte_order == "little"


@pytest.mark.parametrize(("url", "message"), [
    ("press1/ns=2;s=X", "is not an address"),
    ("opcua://press1", "is missing"),
    ("opcua:///ns=2;s=X", "connection name"),
    ("modbus://plc/xx/1", "unknown table 'xx'"),
    ("modbus://plc/hr/abc", "not a register number"),
    ("modbus://plc/hr/1?type=float128", "unknown type 'float128'"),
    ("modbus://plc/hr/1?order=ABDC", "order must be"),
    ("modbus://plc/hr/1?colour=red", "unknown option(s) colour"),
    ("modbus://plc/coil/1?type=float32", "coils and discrete inputs are bool"),
    ("modbus://plc/hr/99999", "outside 0..65535"),
    ("modbus://plc/hr/1?type=string", "needs length=N"),
    ("modbus://plc/hr/65535?type=float32", "runs past register 65535"),
    ("opcua://plc/ns=x;s=A", "is not a node id"),
])
def test_each_mistake_has_a_clear_error(url: str, message: str) -> None:
    with pytest.raises(AddressError, match=None) as caught:
        address = parse_address(url)
        parse_modbus(address) if address.scheme == "modbus" else parse_opcua_node(address)
    assert message in str(caught.value)
