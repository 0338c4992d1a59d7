"""The uploader and the Sparkplug B sink against a real mosquitto, read back by an independent decoder."""

from __future__ import annotations

import asyncio
import contextlib
import shutil
import subprocess
import time
from collections import Counter
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from hmi.clock import SystemClock
from hmi.connections.supervisor import ConnectionSupervisor, NeedsConfiguration
from hmi.historian.database import HistoryDatabase
from hmi.historian.sinks import SinkContext, TagMeta
from hmi.historian.upload import SinkUploader
from hmi.historian.upload_rows import NEVER, load_cursors
from hmi.status import ComponentStatus
from plugins.history.sparkplug import SparkplugSink
from tests.cutting_proxy import CuttingProxy
from tests.equipment_support import until
from tests.history_support import STATION, edge_rows, fill, ingest, settings
from tests.mosquitto import Mosquitto
from tests.peers.puback_gate import PubackGate, Publish
from tests.pki import make_pki
from tests.sparkplug_decoder import (
    BOOLEAN,
    DOUBLE,
    FLOAT,
    INT32,
    UINT64,
    Listener,
    Message,
    listening,
    rebirth_command,
)

pytestmark = [pytest.mark.integration,
              pytest.mark.skipif(not Mosquitto.available(), reason="mosquitto is not installed")]

GROUP = "plant-a"
TAGS = {
    "Bath1.Temp": TagMeta(device="bath1", unit="°C", range_lo=0.0, range_hi=120.0, data_type="float64"),
    "Bath1.Current": TagMeta(device="bath1", unit="A", range_lo=0.0, range_hi=5000.0, data_type="float32"),
    "Rect.Volt": TagMeta(device="rectifier", unit="V", range_lo=0.0, range_hi=30.0, data_type="float64"),
    "Rect.Count": TagMeta(device="rectifier", unit="", data_type="int32"),
    "Rect.Running": TagMeta(device="rectifier", unit="", data_type="bool"),
    "Line.Speed": TagMeta(device="", unit="m/min", data_type="float64"),      # no connection: a node metric
}
DEVICES = ["bath1", "rectifier"]


def sink_context(tags: dict[str, TagMeta] | None = None) -> SinkContext:
    return SinkContext(station_id=STATION, resolve=Path, tags=TAGS if tags is None else tags)


@pytest.fixture
async def broker(tmp_path: Path) -> AsyncIterator[Mosquitto]:
    server = Mosquitto(folder=tmp_path / "mosquitto")
    await server.start()
    yield server
    await server.stop()


@pytest.fixture
def history(tmp_path: Path) -> HistoryDatabase:
    db = HistoryDatabase(path=tmp_path / "history.db").open()
    yield db  # type: ignore[misc]
    db.close()


def options(port: int, **extra: object) -> dict[str, object]:
    return {"host": "127.0.0.1", "port": port, "group_id": GROUP, "max_metrics_per_message": 25, **extra}


@contextlib.asynccontextmanager
async def uploading(port: int, db: HistoryDatabase, *, statuses: list[ComponentStatus] | None = None,
                    **extra: object) -> AsyncIterator[tuple[SinkUploader, SparkplugSink]]:
    sink = SparkplugSink.from_options(options(port, **extra), sink_context())
    uploader = SinkUploader(name="uns", sink=sink, db=db, clock=SystemClock(), settings=settings())
    supervisor = ConnectionSupervisor(name="history uns", connection=uploader,
                                      report=statuses.append if statuses is not None else lambda s: None,
                                      initial_s=0.05, max_s=0.5)
    task = asyncio.create_task(supervisor.run(), name="upload-uns")
    try:
        yield uploader, sink
    finally:
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task


def received(listener: Listener) -> set[tuple[str, int]]:
    return {(m.name, m.timestamp) for msg in listener.messages if msg.kind in ("DDATA", "NDATA") for m in msg.metrics}


def check_session(messages: list[Message], bd_seq: int) -> None:
    """One session from its NBIRTH: births first (every device before its data), seq 0, 1, 2… mod 256."""
    assert messages[0].kind == "NBIRTH" and messages[0].seq == 0
    assert messages[0].metric("bdSeq").value == bd_seq and messages[0].metric("bdSeq").datatype == UINT64
    births = [m.device for m in messages[1:1 + len(DEVICES)]]
    assert [m.kind for m in messages[1:1 + len(DEVICES)]] == ["DBIRTH"] * len(DEVICES) and sorted(births) == DEVICES
    for expected, message in enumerate(messages):
        assert message.seq == expected % 256, f"seq {message.seq} where {expected % 256} was due ({message.kind})"
    assert all(m.kind in ("DDATA", "NDATA") for m in messages[1 + len(DEVICES):])


def sessions(listener: Listener) -> list[list[Message]]:
    """The node's messages split at each NBIRTH (deaths left out)."""
    found: list[list[Message]] = []
    for message in listener.messages:
        if message.kind == "NBIRTH":
            found.append([])
        if message.kind != "NDEATH" and found:
            found[-1].append(message)
    return found


async def test_births_data_and_death_read_back_by_an_independent_decoder(broker: Mosquitto,
                                                                         history: HistoryDatabase) -> None:
    now = time.time()
    fill(history, tags=list(TAGS), start_s=now - 900, count=900)     # 15 minutes behind: backfilled
    async with listening(broker.port) as listener:
        async with uploading(broker.port, history, max_metrics_per_message=10):
            await until(lambda: received(listener) >= edge_rows(history.path), within=60)
            live_ms = round(time.time() * 1000)
            ingest(history, [(tag, live_ms, 1.0, 0) for tag in TAGS])      # the line goes on: live rows
            await until(lambda: received(listener) >= edge_rows(history.path), within=60)
        await until(lambda: bool(listener.of("NDEATH")), within=20)

    nbirth = listener.messages[0]
    assert nbirth.kind == "NBIRTH" and nbirth.node == STATION and nbirth.topic == f"spBv1.0/{GROUP}/NBIRTH/{STATION}"
    assert nbirth.metric("Node Control/Rebirth").datatype == BOOLEAN
    assert nbirth.metric("Node Control/Rebirth").value is False
    speed = nbirth.metric("Line.Speed")
    assert speed.datatype == DOUBLE and speed.properties["engUnit"] == "m/min"
    dbirths = {m.device: m for m in listener.of("DBIRTH")}
    assert set(dbirths) == set(DEVICES)
    temp = dbirths["bath1"].metric("Bath1.Temp")
    assert temp.datatype == DOUBLE and temp.properties == {"engUnit": "°C", "engLow": 0.0, "engHigh": 120.0}
    assert dbirths["bath1"].metric("Bath1.Current").datatype == FLOAT
    assert dbirths["rectifier"].metric("Rect.Count").datatype == INT32
    assert dbirths["rectifier"].metric("Rect.Running").datatype == BOOLEAN
    assert {m.name for m in dbirths["rectifier"].metrics} == {"Rect.Volt", "Rect.Count", "Rect.Running"}

    (session,) = sessions(listener)
    check_session(session, bd_seq=0)
    assert len(session) > 256, "enough messages for seq to wrap"
    data = [(msg, m) for msg in session if msg.kind in ("DDATA", "NDATA") for m in msg.metrics]
    for msg, metric in data:
        assert msg.device == TAGS[metric.name].device, f"{metric.name} under {msg.device!r}"
        assert metric.datatype == TAGS_TYPES[TAGS[metric.name].data_type]
    # Backfill is historical, the live stream is not; quality rides along, a BAD value is null.
    assert all(m.is_historical for _msg, m in data if m.timestamp < (now - 60) * 1000)
    assert not any(m.is_historical for _msg, m in data if m.timestamp == live_ms)
    bad = [m for _msg, m in data if m.properties["Quality"] == 0]
    assert bad and all(m.is_null and m.value is None for m in bad)
    good = [m for _msg, m in data if m.properties["Quality"] == 192]
    assert good and not any(m.is_null for m in good)
    assert any(m.value is True for m in good if m.name == "Rect.Running")
    death = listener.of("NDEATH")[-1]
    assert death.seq is None and death.metric("bdSeq").value == 0


TAGS_TYPES = {"float64": DOUBLE, "float32": FLOAT, "int32": INT32, "bool": BOOLEAN}


async def test_broker_gone_mid_birth_births_again_in_order_with_the_next_bd_seq(broker: Mosquitto,
                                                                               history: HistoryDatabase) -> None:
    fill(history, tags=list(TAGS), start_s=time.time() - 300, count=300)
    seen: list[str] = []

    def second_dbirth(topic: str) -> bool:
        seen.append(topic)
        return sum("/DBIRTH/" in t for t in seen) == 2

    proxy = CuttingProxy(broker_port=broker.port, cut_when=second_dbirth)
    await proxy.start()
    try:
        async with listening(broker.port) as listener, uploading(proxy.port, history):
            await until(lambda: received(listener) >= edge_rows(history.path), within=60)
    finally:
        await proxy.stop()
    assert proxy.cuts == 1 and proxy.connections >= 2
    first, second = sessions(listener)[:2]
    assert [m.kind for m in first] == ["NBIRTH", "DBIRTH"], "the link was cut after the first device's birth"
    # The broker said the first session's death (the will) before the second birth, with its bdSeq.
    kinds = [m.kind for m in listener.messages]
    death_at = kinds.index("NDEATH")
    assert listener.messages[death_at].metric("bdSeq").value == 0
    assert death_at < kinds.index("NBIRTH", 1)
    rest = [s for s in sessions(listener)[1:]]
    check_session(second, bd_seq=1)
    assert all(s[0].metric("bdSeq").value >= 1 for s in rest)
    assert not any(m.kind in ("DDATA", "NDATA") for m in first)


async def test_rebirth_on_ncmd(broker: Mosquitto, history: HistoryDatabase) -> None:
    fill(history, tags=list(TAGS), start_s=time.time() - 60, count=60)
    async with listening(broker.port) as listener, uploading(broker.port, history) as (_uploader, sink):
        await until(lambda: received(listener) >= edge_rows(history.path), within=60)
        await listener.publish(f"spBv1.0/{GROUP}/NCMD/{STATION}", rebirth_command())
        await until(lambda: len(listener.of("NBIRTH")) == 2, within=20)
        ingest(history, [(tag, round(time.time() * 1000), 2.0, 0) for tag in TAGS])
        await until(lambda: received(listener) >= edge_rows(history.path), within=60)
        assert sink.rebirths == 1
    _first, second = sessions(listener)
    check_session(second, bd_seq=0)     # the same MQTT session: the same bdSeq, seq from 0
    assert any(m.kind in ("DDATA", "NDATA") for m in second), "data goes on after the rebirth"
    # The rebirth carries the last values sent, not nulls.
    assert any(not m.is_null for m in second[0].metrics if m.name == "Line.Speed")
    assert not listener.of("NDEATH")[:-1], "a rebirth is no death"


async def test_tls_with_verification(tmp_path: Path, history: HistoryDatabase) -> None:
    pki = make_pki(tmp_path / "pki")
    other = make_pki(tmp_path / "other", name="Someone else's CA")
    server = Mosquitto(folder=tmp_path / "tls-broker", tls=(pki.ca, pki.server_cert, pki.server_key))
    await server.start()
    try:
        trusted = SparkplugSink.from_options(options(server.port, tls=True, ca_file=str(pki.ca)), sink_context())
        assert "mqtts://" in await trusted.open()
        await trusted.close()
        stranger = SparkplugSink.from_options(options(server.port, tls=True, ca_file=str(other.ca)), sink_context())
        with pytest.raises(NeedsConfiguration, match="certificate"):
            await stranger.open()
        await stranger.close()
    finally:
        await server.stop()


@pytest.mark.skipif(shutil.which("mosquitto_passwd") is None, reason="mosquitto_passwd is not installed")
async def test_credentials_from_a_file(tmp_path: Path) -> None:
    server = Mosquitto(folder=tmp_path / "auth-broker")
    users = tmp_path / "auth-broker" / "users"
    made = await asyncio.create_subprocess_exec("mosquitto_passwd", "-b", "-c", str(users), "press-7", "s3cret",
                                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    assert await made.wait() == 0
    text = server.config.read_text(encoding="utf-8").replace("allow_anonymous true", "allow_anonymous false")
    server.config.write_text(text + f"password_file {users}\n", encoding="utf-8")
    right, wrong = tmp_path / "right.pw", tmp_path / "wrong.pw"
    right.write_text("s3cret\n", encoding="utf-8")
    wrong.write_text("guess\n", encoding="utf-8")
    await server.start()
    try:
        sink = SparkplugSink.from_options(options(server.port, username="press-7", password_file=str(right)),
                                          sink_context())
        assert "bdSeq 0" in await sink.open()
        await sink.close()
        refused = SparkplugSink.from_options(options(server.port, username="press-7", password_file=str(wrong)),
                                             sink_context())
        with pytest.raises(NeedsConfiguration, match="refused the login"):
            await refused.open()
        await refused.close()
    finally:
        await server.stop()


async def test_password_from_a_missing_file_needs_configuration(broker: Mosquitto, tmp_path: Path) -> None:
    sink = SparkplugSink.from_options(options(broker.port, username="station", password_file=str(tmp_path / "none")),
                                      sink_context())
    with pytest.raises(NeedsConfiguration, match="password file"):
        await sink.open()


def is_data(topic: str) -> bool:
    return "/DDATA/" in topic or "/NDATA/" in topic


def data_publishes(gate: PubackGate) -> list[Publish]:
    return [p for p in gate.publishes if is_data(p.topic)]


async def cursors_at(db: HistoryDatabase, sink: str) -> list[int]:
    """Every tag's contiguous upload cursor (ms) as history.db holds it (NEVER before its first acknowledgement)."""
    cursors, tag_ids = await db.read(lambda d: (load_cursors(d.conn, sink), [r[0] for r in d.conn.execute(
        "SELECT id FROM tag")]))
    assert len(tag_ids) == len(TAGS)
    return [cursors[tag_id].raw_ts_ms if tag_id in cursors else NEVER for tag_id in tag_ids]


async def test_qos_1_on_the_wire_and_the_cursor_waits_for_the_pubacks(broker: Mosquitto,
                                                                      history: HistoryDatabase) -> None:
    # 6,000 rows: more than one batch (5,000 rows), and more messages of ≤ 25 metrics than max_inflight (64),
    # so while the PUBACKs are withheld some rows cannot have left.
    total = fill(history, tags=list(TAGS), start_s=time.time() - 1800, count=1000)
    gate = PubackGate(broker_port=broker.port, withhold=is_data)
    await gate.start()
    gate.holding = True
    try:
        async with listening(broker.port) as listener, \
                uploading(gate.port, history, timeout_s=60) as (uploader, _sink):
            # The first batch is at the broker (its subscriber gets the rows), but no PUBACK of it reached the
            # sink: the cursor stays put and the next batch waits behind it.
            await until(lambda: bool(gate.held), within=30)
            out = -1
            while out != len(data_publishes(gate)):       # the whole batch is out (pipelined, so quickly)
                out = len(data_publishes(gate))
                await until(lambda: len(gate.held) == len(data_publishes(gate)), within=10)
                await asyncio.sleep(0.5)
            await until(lambda: len(received(listener)) > 0, within=10)
            for _ in range(8):
                await asyncio.sleep(0.25)
                assert (await uploader.refresh_status()).backlog_rows == total, "the cursor moved before a PUBACK"
                assert set(await cursors_at(history, "uns")) == {NEVER}
                assert len(data_publishes(gate)) == out, "a batch went out before the last one was acknowledged"
            assert len(received(listener)) < total, "the rest of the rows wait for the acknowledgement"
            assert not [a for a in gate.acks if is_data(a.topic)], "no DATA PUBACK reached the sink yet"
            released = time.monotonic()
            await gate.release()
            newest = max(ts for _tag, ts in edge_rows(history.path))
            for _ in range(200):
                if min(await cursors_at(history, "uns")) >= newest:
                    break
                await asyncio.sleep(0.05)
            assert min(await cursors_at(history, "uns")) >= newest, "the PUBACKs moved every tag's cursor past its rows"
            assert (await uploader.refresh_status()).backlog_rows == 0
            await until(lambda: received(listener) >= edge_rows(history.path), within=30)   # the broker forwards
    finally:
        await gate.stop()
    data = data_publishes(gate)
    assert data and all(p.qos == 1 and p.packet_id is not None for p in data), \
        f"DATA publishes with QoS {sorted({p.qos for p in data})}"
    assert all(p.qos == 1 for p in gate.publishes if "BIRTH" in p.topic)
    assert not any(p.dup for p in data) and gate.connections == 1, "nothing was sent twice"
    data_acks = [a for a in gate.acks if is_data(a.topic)]
    assert sorted(a.packet_id for a in data_acks) == sorted(p.packet_id for p in data)
    assert all(a.at >= released for a in data_acks)
    # At the subscriber: every edge row once, none twice.
    metrics = Counter((m.name, m.timestamp) for msg in listener.messages if msg.kind in ("DDATA", "NDATA")
                      for m in msg.metrics)
    assert set(metrics) == edge_rows(history.path) and set(metrics.values()) == {1}


async def test_qos_0_on_the_wire_sends_data_unacknowledged(broker: Mosquitto, history: HistoryDatabase) -> None:
    """The gate reads the QoS bits for real: with qos = 0 the DATA publishes say 0, the births still 1."""
    fill(history, tags=list(TAGS), start_s=time.time() - 120, count=20)
    gate = PubackGate(broker_port=broker.port, withhold=is_data)
    await gate.start()
    try:
        async with listening(broker.port) as listener, uploading(gate.port, history, qos=0):
            await until(lambda: received(listener) >= edge_rows(history.path), within=60)
    finally:
        await gate.stop()
    data = data_publishes(gate)
    assert data and all(p.qos == 0 and p.packet_id is None for p in data)
    assert [p.qos for p in gate.publishes if "BIRTH" in p.topic] == [1] * (1 + len(DEVICES))
