"""Pipelined QoS 1 publishing: ordered per subject, exactly once, and a broker that stops acknowledging loses nothing."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from hmi.station import Station
from plugins.mes.mqtt import MqttConnector, MqttOptions
from tests.mes_helpers import context, make_engine, record_events, wait_drained, wait_for
from tests.stalling_broker import StallingBroker

pytestmark = pytest.mark.integration


@pytest.fixture
async def broker() -> AsyncIterator[StallingBroker]:
    server = StallingBroker()
    await server.start()
    yield server
    await server.stop()


async def test_a_broker_that_stops_acknowledging_loses_and_reorders_nothing(
        station: Station, broker: StallingBroker) -> None:
    connector = MqttConnector(options=MqttOptions(host="127.0.0.1", port=broker.port, timeout_s=1, max_inflight=16),
                              context=context(station))
    engine = make_engine(station, connector)
    await record_events(station, 3000, subject=lambda i: f"lot/L{i % 7}")
    await engine.start()
    try:
        await wait_for(lambda: len(broker.published) >= 500, what="the first events")
        connections = broker.connections             # before the stall: the reconnect may come before we look
        # Each reconnect clears last_error until the next stalled publish: keep every error seen, not the latest.
        errors: list[str] = []
        unsubscribe = engine.snapshot.subscribe(lambda s: errors.append(s.last_error or ""))
        broker.acking = False                        # stuck: publishes are taken, never acknowledged
        await wait_for(lambda: any("no acknowledgement within 1 s" in e for e in errors),
                       what="the stall noticed", within=30)
        unsubscribe()
        assert engine.snapshot.value.pending > 0
        broker.acking = True
        await wait_drained(station)
        assert broker.connections > connections      # a fresh connection after the stall
    finally:
        await engine.stop()
    # The broker recorded what it acknowledged: each event exactly once, in order within each subject.
    seqs = [e["seq"] for e in broker.published]
    assert len(seqs) == 3000 and sorted(seqs) == list(range(1, 3001))
    for lot in range(7):
        of_subject = [e["seq"] for e in broker.published if e["subject"] == f"lot/L{lot}"]
        assert of_subject == sorted(of_subject)
