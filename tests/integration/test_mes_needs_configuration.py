"""Certificate and credential trouble is "needs configuration", not "offline": shown, logged once, retried slowly."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from pathlib import Path
from typing import ClassVar

import pytest

from hmi.outbox import OutboxEvent
from hmi.station import Station
from hmi.status import ComponentStatus, Health
from hmi.sync.config import SyncSection
from hmi.sync.connector import EventOutcome, MesConfigurationError, MesUnavailable
from hmi.sync.engine import Connection
from plugins.mes.reference_mes.server import ReferenceMes
from plugins.mes.rest import RestConnector, RestOptions
from tests.integration.test_mes_tls import server_context
from tests.mes_helpers import (
    FAST,
    RecordingSleep,
    context,
    make_engine,
    record_events,
    wait_drained,
    wait_for,
)
from tests.pki import make_pki

pytestmark = pytest.mark.integration

SLOW_CONFIG_RETRY = FAST.model_copy(update={"needs_configuration_retry_s": 90.0, "masterdata_interval_s": 3600})


def test_a_configuration_error_is_not_a_kind_of_unavailable() -> None:
    assert not issubclass(MesConfigurationError, MesUnavailable)


async def test_refused_credentials_are_needs_configuration_with_the_reason_and_a_slow_retry(
        station: Station, tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    mes = ReferenceMes(db_path=tmp_path / "mes.db", token="s3cret")
    await mes.start()
    sleep = RecordingSleep()
    connector = RestConnector(options=RestOptions(base_url=mes.base_url, token="wrong"), context=context(station))
    engine = make_engine(station, connector, sleep=sleep, settings=SLOW_CONFIG_RETRY)
    await record_events(station, 20)
    caplog.set_level(logging.INFO, logger="hmi.sync.engine")
    await engine.start()
    try:
        await wait_for(lambda: len(sleep.delays) >= 3, what="three tries")
        snap = engine.snapshot.value
        assert snap.connection is Connection.NEEDS_CONFIGURATION
        assert "credentials" in (snap.last_error or "")
        assert sleep.delays[:3] == [90.0, 90.0, 90.0]            # not the 0.01–0.05 s backoff of "offline"
        chip = station.status["mes"].value
        assert chip.health is Health.FAILED
        assert chip.summary.startswith("needs configuration") and "credentials" in chip.summary
        warnings = [r.getMessage() for r in caplog.records
                    if r.levelno == logging.WARNING and "credentials" in r.getMessage()]
        # Once per change of state (of the event path, and of the master data path), not once per retry.
        assert sorted(warnings) == ["MES needs configuration: the MES refused this station's credentials (401)",
                                    "master data not fetched: the MES refused this station's credentials (401)"]
        mes._token = None                                        # the MES was fixed: events flow again
        await wait_drained(station)
        await wait_for(lambda: engine.snapshot.value.connection is Connection.ONLINE, what="online")
        assert len(mes.received.events(station.station_id)) == 20
    finally:
        await engine.stop()
        await mes.stop()
        mes.close()


async def test_a_tls_failure_of_master_data_with_nothing_to_send_is_not_shown_as_online(
        station: Station, tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    pki = make_pki(tmp_path / "pki")
    stranger = make_pki(tmp_path / "other", name="Someone else's CA")
    mes = ReferenceMes(db_path=tmp_path / "mes.db", ssl_context=server_context(pki.server_cert, pki.server_key))
    await mes.start()
    connector = RestConnector(options=RestOptions(base_url=mes.base_url, ca_file=str(stranger.ca)),
                              context=context(station))
    engine = make_engine(station, connector, settings=SLOW_CONFIG_RETRY)
    caplog.set_level(logging.INFO, logger="hmi.sync.engine")
    await engine.start()
    try:
        await wait_for(lambda: engine.snapshot.value.masterdata_error is not None, what="a master data failure")
        # The chip turns red once the connection takes the failure (a step after the pull reports it).
        await wait_for(lambda: station.status["mes"].value.health is not Health.CONNECTING, what="the chip")
        chip = station.status["mes"].value
        assert chip.health is Health.FAILED
        assert "needs configuration" in chip.summary and "does not trust" in chip.summary
        assert [r.levelno for r in caplog.records if "master data not fetched" in r.getMessage()] == [logging.WARNING]
    finally:
        await engine.stop()
        await mes.stop()
        mes.close()


class BrokenOnce(RestConnector):
    """A connector with a bug that shows once (an exception no connector should raise), then works."""

    closes = 0
    broken = True
    clients: ClassVar[list[object]] = []

    async def close(self) -> None:
        type(self).closes += 1
        await super().close()

    async def send_batch(self, events: Sequence[OutboxEvent]) -> list[EventOutcome]:
        await self.open()
        type(self).clients.append(self._client)
        if type(self).broken:
            type(self).broken = False
            raise RuntimeError("connector state corrupted")
        return await super().send_batch(events)


async def test_after_an_unexpected_error_the_connector_is_closed_and_opened_again(
        station: Station, tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    mes = ReferenceMes(db_path=tmp_path / "mes.db")
    await mes.start()
    connector = BrokenOnce(options=RestOptions(base_url=mes.base_url), context=context(station))
    engine = make_engine(station, connector, settings=SyncSection(**{**FAST.model_dump()}))
    chips: list[ComponentStatus] = []
    station.status["mes"].subscribe(chips.append)
    connections: list[tuple[Connection, str | None]] = []
    engine.snapshot.subscribe(lambda snap: connections.append((snap.connection, snap.last_error)))
    caplog.set_level(logging.ERROR)
    await record_events(station, 10)
    await engine.start()
    try:
        await wait_drained(station)
        assert len(mes.received.events(station.station_id)) == 10
        assert BrokenOnce.closes == 1                       # closed after the error...
        assert BrokenOnce.clients[0] is not BrokenOnce.clients[-1]    # ...and sent again on a new client
        # Shown as FAILED with its error (not OFFLINE: waiting for the MES would not have fixed it)...
        failed = [error for state, error in connections if state is Connection.FAILED]
        assert failed and "RuntimeError: connector state corrupted" in (failed[0] or "")
        assert Connection.OFFLINE not in [state for state, _ in connections]
        assert any(c.health is Health.FAILED and "connector state corrupted" in (c.last_error or "") for c in chips)
        # ...and logged at once, with its traceback.
        logged = [r for r in caplog.records if "connector state corrupted" in r.getMessage()]
        assert len(logged) == 1 and logged[0].levelno == logging.ERROR and logged[0].exc_info is not None
        await wait_for(lambda: engine.snapshot.value.connection is Connection.ONLINE, what="online again")
    finally:
        await engine.stop()
        await mes.stop()
        mes.close()
