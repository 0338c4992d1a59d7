"""The Modbus driver against a real pymodbus server: types and orders, coalescing, exceptions."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

import pytest

from hmi.config import DataType
from hmi.equipment.driver import TagBinding
from hmi.status import Health
from hmi.tags import Quality
from hmi.tags.address import parse_address
from plugins.modbus import registers
from plugins.modbus.driver import ModbusDriver, ModbusOptions
from plugins.simulators.modbus_server import Fault, ModbusSimServer, RegisterBank
from tests.equipment_support import RecordingSink

pytestmark = pytest.mark.integration


@pytest.fixture
async def server() -> AsyncIterator[ModbusSimServer]:
    srv = ModbusSimServer(bank=RegisterBank(units=(1, 2), size=2000))
    await srv.start()
    yield srv
    await srv.stop()


def binding(name: str, url: str, data_type: DataType = DataType.UINT16, interval: float = 0.1) -> TagBinding:
    return TagBinding(name=name, address=parse_address(url), data_type=data_type, interval_s=interval)


def make_driver(server: ModbusSimServer, tags: list[TagBinding], sink: RecordingSink, **options: object) -> ModbusDriver:
    opts = ModbusOptions(host="127.0.0.1", port=server.port, unit=1, reconnect_min_s=0.1, **options)  # type: ignore[arg-type]
    return ModbusDriver(connection="plc", options=opts, tags=tags, sink=sink)


CASES = [
    ("int16", -1234), ("uint16", 54321), ("int32", -123456789), ("uint32", 4000000000),
    ("int64", -9007199254740993), ("float32", 12.5), ("float64", -3.141592653589793), ("string", "ANO-1 ok"),
]


@pytest.mark.parametrize("order", ["ABCD", "BADC", "CDAB", "DCBA"])
async def test_every_type_and_order_round_trips(server: ModbusSimServer, order: str) -> None:
    sink = RecordingSink()
    tags = []
    for n, (kind, _value) in enumerate(CASES):
        extra = "&length=4" if kind == "string" else ""
        tags.append(binding(kind, f"modbus://plc/hr/{100 + 10 * n}?type={kind}&order={order}{extra}"))
    tags.append(binding("flag", "modbus://plc/coil/5", DataType.BOOL))
    driver = make_driver(server, tags, sink)
    await driver.start()
    try:
        for kind, value in CASES:
            await driver.write(kind, value)
        await driver.write("flag", True)
        for kind, value in CASES:
            sample = await driver.read(kind)
            assert sample.quality is Quality.GOOD, sample.error
            assert sample.value == (pytest.approx(value) if kind.startswith("float") else value), kind
        assert (await driver.read("flag")).value is True
    finally:
        await driver.stop()
    # The bytes on the wire follow the order: float32 12.5 is 0x4148 0x0000 in ABCD.
    wire = server.bank.get(1, "hr", 100 + 10 * 5, 2)
    expected = {"ABCD": [0x4148, 0x0000], "BADC": [0x4841, 0x0000], "CDAB": [0x0000, 0x4148],
                "DCBA": [0x0000, 0x4841]}[order]
    assert wire == expected


async def test_coalescing_reads_many_tags_in_few_requests(server: ModbusSimServer) -> None:
    # 120 uint16 tags at 0..119 and 40 float32 tags at 200..279 on unit 1, 30 coils, 10 tags on unit 2.
    tags = [binding(f"r{i}", f"modbus://plc/hr/{i}") for i in range(120)]
    tags += [binding(f"f{i}", f"modbus://plc/hr/{200 + 2 * i}?type=float32") for i in range(40)]
    tags += [binding(f"c{i}", f"modbus://plc/coil/{i * 3}", DataType.BOOL) for i in range(30)]
    tags += [binding(f"u{i}", f"modbus://plc/ir/{i}?unit=2") for i in range(10)]
    for i in range(120):
        server.bank.set(1, "hr", i, [i * 7])
    sink = RecordingSink()
    driver = make_driver(server, tags, sink, max_gap=10)
    assert len(driver.blocks) == 4   # hr 0..119 | hr 200..279 | coils | unit 2 ir
    server.bank.requests.clear()
    await driver.start()
    try:
        await sink.wait_all([t.name for t in tags])
        await asyncio.sleep(0.35)
    finally:
        await driver.stop()
    # One request per block and cycle (4, not 200); stop() may cut the last cycle short.
    cycles = server.bank.requests[(1, "hr")] / 2
    assert cycles >= 2
    assert abs(server.bank.requests[(1, "co")] - cycles) <= 1 and abs(server.bank.requests[(2, "ir")] - cycles) <= 1
    assert sink.latest("r17").value == 119       # type: ignore[union-attr]


async def test_a_gap_wider_than_max_gap_splits_the_block(server: ModbusSimServer) -> None:
    tags = [binding("a", "modbus://plc/hr/0"), binding("b", "modbus://plc/hr/20")]
    assert len(make_driver(server, tags, RecordingSink(), max_gap=10).blocks) == 2
    assert len(make_driver(server, tags, RecordingSink(), max_gap=19).blocks) == 1
    long = [binding(f"x{i}", f"modbus://plc/hr/{i}") for i in range(300)]
    blocks = make_driver(server, long, RecordingSink()).blocks
    assert [b.count for b in blocks] == [125, 125, 50]


async def test_an_exception_marks_only_the_refused_tag_bad(server: ModbusSimServer) -> None:
    server.bank.faults.append(Fault(unit=1, table="hr", start=500, end=501, code=2))
    server.bank.set(1, "hr", 0, [42])
    tags = [binding("ok", "modbus://plc/hr/0"), binding("broken", "modbus://plc/hr/500"),
            binding("neighbour", "modbus://plc/hr/503")]
    sink = RecordingSink()
    driver = make_driver(server, tags, sink)
    await driver.start()
    try:
        await sink.wait_all(["ok", "broken", "neighbour"])
        await asyncio.sleep(0.25)
    finally:
        await driver.stop()
    assert sink.latest("ok").quality is Quality.GOOD and sink.latest("ok").value == 42   # type: ignore[union-attr]
    broken = sink.latest("broken")
    assert broken is not None and broken.quality is Quality.BAD and broken.value is None
    assert "exception 2 (illegal data address)" in (broken.error or "")
    # Coalesced with the refused one at first; the block is re-read in parts, so it stays GOOD.
    assert sink.latest("neighbour").quality is Quality.GOOD   # type: ignore[union-attr]
    assert all(s.health is not Health.FAILED for s in sink.states)   # the connection itself is fine


async def test_register_out_of_range_is_bad_per_tag_and_others_keep_working(server: ModbusSimServer) -> None:
    tags = [binding("fine", "modbus://plc/hr/1"), binding("far", "modbus://plc/hr/5000")]  # bank has 2000
    sink = RecordingSink()
    driver = make_driver(server, tags, sink)
    await driver.start()
    try:
        await sink.wait_all(["fine", "far"])
    finally:
        await driver.stop()
    assert sink.latest("fine").quality is Quality.GOOD   # type: ignore[union-attr]
    assert sink.latest("far").quality is Quality.BAD and "illegal data address" in sink.latest("far").error  # type: ignore[union-attr,operator]


async def test_unreachable_device_reports_failed_state_with_the_error() -> None:
    from plugins.simulators.opcua_server import free_port

    sink = RecordingSink()
    opts = ModbusOptions(host="127.0.0.1", port=free_port(), reconnect_min_s=0.05, reconnect_max_s=0.1, timeout_s=0.5)
    driver = ModbusDriver(connection="plc", options=opts, tags=[binding("a", "modbus://plc/hr/0")], sink=sink)
    await driver.start()
    try:
        for _ in range(100):
            if any(s.health is Health.FAILED for s in sink.states):
                break
            await asyncio.sleep(0.05)
    finally:
        await driver.stop()
    failed = [s for s in sink.states if s.health is Health.FAILED]
    assert failed and "cannot connect" in (failed[-1].last_error or "")


def test_register_codec_rejects_nan_and_overflow() -> None:
    nan = registers.encode(float("nan"), DataType.FLOAT32)
    with pytest.raises(registers.ConversionError):
        registers.decode(nan, DataType.FLOAT32)
    with pytest.raises(registers.ConversionError):
        registers.encode(70000, DataType.UINT16)




@pytest.mark.parametrize(("gateways", "expected"), [(("gw1", "gw1"), 1), (("gw1", "gw2"), 2)])
async def test_requests_to_one_gateway_are_serialized(server: ModbusSimServer, gateways: tuple[str, str],
                                                      expected: int) -> None:
    server.bank.response_delay_s = 0.03
    drivers = []
    for n, gateway in enumerate(gateways):
        tags = [binding(f"d{n}t{i}", f"modbus://plc/hr/{i * 200}?unit={n + 1}") for i in range(4)]
        drivers.append(make_driver(server, tags, RecordingSink(), gateway=gateway))
    for driver in drivers:
        await driver.start()
    try:
        await asyncio.sleep(0.6)
        observed = server.bank.max_in_flight   # before stop(): a cancelled request leaves the device busy
    finally:
        for driver in drivers:
            await driver.stop()
        await asyncio.sleep(0.1)   # let the server answer the requests in flight
    assert observed == expected
