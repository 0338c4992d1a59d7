"""The Modbus driver against devices that misbehave as field devices did (issue 14, items 1-5).

The peer is ``tests/peers/modbus_peer.py``: hand-framed Modbus TCP that answers short, refuses
chosen offsets, goes silent or sends garbage, which pymodbus's own server never does.
"""

from __future__ import annotations

import asyncio
import logging
import threading
from collections.abc import AsyncIterator, Iterator

import pytest

from hmi.config import DataType
from hmi.equipment.driver import TagBinding
from hmi.status import Health
from hmi.tags import Quality
from hmi.tags.address import parse_address
from hmi.tags.sample import Sample
from plugins.modbus.driver import ModbusDriver, ModbusOptions
from tests.equipment_support import RecordingSink, until
from tests.peers.modbus_peer import MisbehavingModbusServer

pytestmark = pytest.mark.integration


@pytest.fixture
async def peer() -> AsyncIterator[MisbehavingModbusServer]:
    server = MisbehavingModbusServer(size=1000)
    await server.start()
    yield server
    await server.stop()


def binding(name: str, url: str, data_type: DataType = DataType.UINT16, interval: float = 0.1) -> TagBinding:
    return TagBinding(name=name, address=parse_address(url), data_type=data_type, interval_s=interval)


def make_driver(peer: MisbehavingModbusServer, tags: list[TagBinding], sink: RecordingSink,
                **options: object) -> ModbusDriver:
    opts = ModbusOptions(host="127.0.0.1", port=peer.port, reconnect_min_s=0.1, reconnect_max_s=0.5,
                         **options)  # type: ignore[arg-type]
    return ModbusDriver(connection="plc", options=opts, tags=tags, sink=sink)


def covers(request: object, offset: int) -> bool:
    return request.start <= offset < request.start + request.count  # type: ignore[attr-defined]


async def test_a_short_answer_makes_the_uncovered_tags_bad_and_polling_goes_on(peer: MisbehavingModbusServer) -> None:
    peer.size = 250          # a read of 240..251 is answered with 240..249 only, not with an exception
    sink = RecordingSink()
    driver = make_driver(peer, [binding("inside", "modbus://plc/hr/240"),
                                binding("past_end", "modbus://plc/hr/250?type=float32")], sink)
    await driver.start()
    try:
        await sink.wait_all(["inside", "past_end"])
        peer.values[240] = 7
        await until(lambda: (s := sink.latest("inside")) is not None and s.value == 7, within=10)
    finally:
        await driver.stop()
    past_end = sink.latest("past_end")
    assert past_end is not None and past_end.quality is Quality.BAD and past_end.value is None
    assert "answered 0 of 2 registers at hr 250" in (past_end.error or "")
    assert sink.latest("inside").quality is Quality.GOOD   # type: ignore[union-attr]
    assert all(s.health is not Health.FAILED for s in sink.states)


async def test_a_short_coil_answer_makes_the_missing_coils_bad_not_false(peer: MisbehavingModbusServer) -> None:
    # Coils 0..999 exist. One read of 995..1005 is answered with one byte (5 coils and padding), not two.
    peer.size = 1000
    peer.values.update({995: 1, 998: 1})
    sink = RecordingSink()
    driver = make_driver(peer, [binding("present", "modbus://plc/coil/995", DataType.BOOL),
                                binding("also_present", "modbus://plc/coil/998", DataType.BOOL),
                                binding("in_padding", "modbus://plc/coil/1001", DataType.BOOL),
                                binding("past_bytes", "modbus://plc/coil/1005", DataType.BOOL)], sink)
    assert len(driver.blocks) == 1
    await driver.start()
    try:
        await sink.wait_all(["present", "also_present", "in_padding", "past_bytes"])
        seen = len(peer.requests)
        await until(lambda: len(peer.requests) >= seen + 8, within=10)   # later cycles, re-planned
        peer.values[995] = 0
        await until(lambda: (s := sink.latest("present")) is not None and s.value is False, within=10)
    finally:
        await driver.stop()
    for tag, offset in (("in_padding", 1001), ("past_bytes", 1005)):
        sample = sink.latest(tag)
        assert sample is not None and sample.quality is Quality.BAD and sample.value is None, sample
        assert f"answered 0 of 1 bits at coil {offset}" in (sample.error or ""), sample
        # Never GOOD False, not even once before the block was re-read.
        assert not [s for s in sink.samples if s.tag == tag and s.quality is Quality.GOOD]
    assert sink.latest("also_present").value is True and sink.latest("also_present").quality is Quality.GOOD  # type: ignore[union-attr]
    assert all(s.health is not Health.FAILED for s in sink.states)


async def test_an_answer_of_another_function_is_named_malformed(peer: MisbehavingModbusServer) -> None:
    peer.wrong_function = True
    sink = RecordingSink()
    driver = make_driver(peer, [binding("coil", "modbus://plc/coil/5", DataType.BOOL)], sink)
    await driver.start()
    try:
        await until(lambda: (s := sink.latest("coil")) is not None and s.quality is Quality.BAD, within=10)
    finally:
        await driver.stop()
    error = sink.latest("coil").error or ""   # type: ignore[union-attr]
    assert "malformed answer from 127.0.0.1" in error and "function 3 answered a function 1 request" in error


async def test_an_answer_that_cannot_be_decoded_is_bad_at_once_with_no_loop_error(
        peer: MisbehavingModbusServer, caplog: pytest.LogCaptureFixture) -> None:
    peer.truncated = True       # byte count 4, two bytes of data
    loop_errors: list[dict[str, object]] = []
    loop = asyncio.get_running_loop()
    before = loop.get_exception_handler()
    loop.set_exception_handler(lambda _loop, context: loop_errors.append(context))
    caplog.set_level(logging.ERROR)
    sink = RecordingSink()
    driver = make_driver(peer, [binding("a", "modbus://plc/hr/5")], sink, timeout_s=5.0)
    started = loop.time()
    try:
        await driver.start()
        await until(lambda: (s := sink.latest("a")) is not None and s.quality is Quality.BAD, within=10)
        bad_after = loop.time() - started
        peer.truncated = False
        await until(lambda: (s := sink.latest("a")) is not None and s.quality is Quality.GOOD, within=10)
    finally:
        await driver.stop()
        loop.set_exception_handler(before)
    bad = next(s for s in sink.samples if s.quality is Quality.BAD)
    assert bad.value is None and "malformed answer from 127.0.0.1" in (bad.error or ""), bad
    assert bad_after < 5.0, bad_after          # at once, not after the 5 s timeout
    assert not loop_errors, loop_errors        # nothing escapes into the loop (the GUI would show it)
    assert not [r for r in caplog.records if r.name == "asyncio"], [r.getMessage() for r in caplog.records]


async def test_a_refused_offset_does_not_black_out_its_neighbours(peer: MisbehavingModbusServer,
                                                                 caplog: pytest.LogCaptureFixture) -> None:
    peer.illegal = {100}
    sink = RecordingSink()
    driver = make_driver(peer, [binding("before", "modbus://plc/hr/98"), binding("refused", "modbus://plc/hr/100"),
                                binding("after", "modbus://plc/hr/102")], sink)
    assert len(driver.blocks) == 1     # planned as one read of 98..102
    caplog.set_level(logging.WARNING, logger="plugins.modbus.driver")
    await driver.start()
    try:
        await sink.wait_all(["before", "refused", "after"])
        seen = len(peer.requests)
        await until(lambda: len(peer.requests) >= seen + 9, within=10)   # three more cycles
    finally:
        await driver.stop()
    assert sink.latest("before").quality is Quality.GOOD and sink.latest("before").value == 98   # type: ignore[union-attr]
    assert sink.latest("after").quality is Quality.GOOD and sink.latest("after").value == 102    # type: ignore[union-attr]
    refused = sink.latest("refused")
    assert refused is not None and refused.quality is Quality.BAD and "illegal data address" in (refused.error or "")
    # Later cycles never coalesce across the refused offset again: only its own read touches it.
    later = peer.requests[seen:]
    assert all(not covers(r, 100) or (r.start, r.count) == (100, 1) for r in later), later
    assert not [s for s in sink.samples[-30:] if s.tag in ("before", "after") and s.quality is not Quality.GOOD]
    # Reported once in the log and on the connection's status.
    refusals = [r for r in caplog.records if "refuses hr 100" in r.getMessage()]
    assert len(refusals) == 1, [r.getMessage() for r in caplog.records]
    assert "refuses hr 100" in sink.states[-1].summary and sink.states[-1].health is Health.OK


async def test_a_refused_address_in_a_gap_splits_the_block_for_good(peer: MisbehavingModbusServer) -> None:
    peer.illegal = {100}          # no tag there; the coalesced read 98..102 covers it
    sink = RecordingSink()
    driver = make_driver(peer, [binding("before", "modbus://plc/hr/98"), binding("after", "modbus://plc/hr/102")], sink)
    await driver.start()
    try:
        await until(lambda: all((s := sink.latest(t)) is not None and s.quality is Quality.GOOD
                                for t in ("before", "after")), within=10)
        seen = len(peer.requests)
        await until(lambda: len(peer.requests) >= seen + 6, within=10)
    finally:
        await driver.stop()
    assert not [r for r in peer.requests[seen:] if covers(r, 100)]
    assert not [s for s in sink.samples if s.quality is not Quality.GOOD]


@pytest.mark.parametrize("misbehaviour", ["silent", "garbage"])
async def test_a_device_that_does_not_answer_makes_every_tag_bad_within_timeout_times_retries(
        peer: MisbehavingModbusServer, misbehaviour: str) -> None:
    setattr(peer, misbehaviour, True)
    sinks = [RecordingSink() for _ in range(4)]
    # Four connections behind one gateway: the ones queued behind the silent request must not wait longer.
    drivers = [make_driver(peer, [binding(f"c{n}t{i}", f"modbus://plc/hr/{i * 200}") for i in range(3)], sink,
                           gateway="gw", timeout_s=0.4, retries=2) for n, sink in enumerate(sinks)]
    loop = asyncio.get_running_loop()
    started = loop.time()
    bad_at: dict[int, float] = {}
    for driver in drivers:
        await driver.start()
    try:
        def all_bad() -> bool:
            for n, sink in enumerate(sinks):
                tags = [f"c{n}t{i}" for i in range(3)]
                if n not in bad_at and all((s := sink.latest(t)) is not None and s.quality is Quality.BAD for t in tags):
                    bad_at[n] = loop.time() - started
            return len(bad_at) == len(sinks)
        await until(all_bad, within=15)
    finally:
        for driver in drivers:
            await driver.stop()
    # timeout × retries = 0.8 s; the margin is for connecting and a loaded machine, well under one more round each.
    assert max(bad_at.values()) < 0.8 + 1.5, bad_at
    # The connection whose own request was answered says what it heard; those queued behind it, "no answer".
    said = {"silent": "no answer from 127.0.0.1", "garbage": "malformed answer from 127.0.0.1"}[misbehaviour]
    latest: list[Sample | None] = [sink.latest(f"c{n}t0") for n, sink in enumerate(sinks)]
    assert all(s is not None and "answer from 127.0.0.1" in (s.error or "") for s in latest), latest
    own = [s for s in latest if s is not None and said in (s.error or "")]
    assert own, latest
    assert any(any(st.health is Health.FAILED and said in (st.last_error or "") for st in sink.states) for sink in sinks)
    if misbehaviour == "garbage":   # what was wrong, in the bytes heard
        assert "de ad be ef" in (own[0].error or "")


async def test_polling_recovers_once_a_silent_device_answers_again(peer: MisbehavingModbusServer) -> None:
    peer.silent = True
    sink = RecordingSink()
    driver = make_driver(peer, [binding("a", "modbus://plc/hr/5")], sink, timeout_s=0.3, retries=1)
    await driver.start()
    try:
        await until(lambda: (s := sink.latest("a")) is not None and s.quality is Quality.BAD, within=10)
        peer.silent = False
        await until(lambda: (s := sink.latest("a")) is not None and s.quality is Quality.GOOD, within=10)
    finally:
        await driver.stop()
    assert sink.states[-1].health is Health.OK


class _FailingOnce(RecordingSink):
    """A sink whose first publish raises, as a bug in the poll path would."""

    def __init__(self) -> None:
        super().__init__()
        self.failed = False

    def publish(self, sample: Sample) -> None:
        if not self.failed:
            self.failed = True
            raise RuntimeError("bug in the poll path")
        super().publish(sample)


async def test_a_poll_task_that_dies_is_logged_at_once_shown_failed_and_restarted(
        peer: MisbehavingModbusServer, caplog: pytest.LogCaptureFixture) -> None:
    sink = _FailingOnce()
    driver = make_driver(peer, [binding("a", "modbus://plc/hr/5")], sink)
    caplog.set_level(logging.ERROR)
    await driver.start()
    try:
        await until(lambda: any(s.health is Health.FAILED for s in sink.states), within=10)
        logged = [r for r in caplog.records if "unexpected error" in r.getMessage()]
        assert logged and "bug in the poll path" in logged[0].getMessage()   # at once, not at shutdown
        await until(lambda: (s := sink.latest("a")) is not None and s.quality is Quality.GOOD, within=10)
    finally:
        await driver.stop()
    failed = [s for s in sink.states if s.health is Health.FAILED]
    assert "RuntimeError: bug in the poll path" in (failed[0].last_error or "")
    assert sink.states[-1].health is Health.OK


# hmi read ---------------------------------------------------------------------------------------
@pytest.fixture
def threaded_peer() -> Iterator[MisbehavingModbusServer]:
    loop = asyncio.new_event_loop()
    thread = threading.Thread(target=loop.run_forever, name="modbus-peer", daemon=True)
    thread.start()
    server = MisbehavingModbusServer(size=250)
    asyncio.run_coroutine_threadsafe(server.start(), loop).result(10)
    yield server
    asyncio.run_coroutine_threadsafe(server.stop(), loop).result(10)
    loop.call_soon_threadsafe(loop.stop)
    thread.join(10)
    loop.close()


@pytest.mark.parametrize(("short", "problem"), [(True, "answered 0 of 2 registers at hr 250"),
                                                (False, "exception 2 (illegal data address)")])
def test_hmi_read_of_an_address_the_device_lacks_prints_the_problem_and_fails(
        threaded_peer: MisbehavingModbusServer, capsys: pytest.CaptureFixture[str], short: bool, problem: str) -> None:
    from hmi.cli.main import main

    threaded_peer.short_answers = short
    code = main(["read", f"modbus://127.0.0.1:{threaded_peer.port}/hr/250?type=float32", "--timeout", "5"])
    captured = capsys.readouterr()
    assert code == 4, captured
    assert problem in captured.out
    assert "Traceback" not in captured.out + captured.err
    assert "cannot connect" not in captured.out + captured.err
