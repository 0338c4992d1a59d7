"""A broker that refuses the login and an MES that refuses the client certificate are "needs configuration"
(real mosquitto with a password file, a real TLS server asking for client certificates), not "unavailable"."""

from __future__ import annotations

import ssl
from collections.abc import Iterator
from pathlib import Path

import pytest

from hmi.station import Station
from hmi.status import Health
from hmi.sync.connector import MesConfigurationError
from hmi.sync.engine import Connection
from plugins.mes.mqtt import MqttConnector, MqttOptions
from plugins.mes.reference_mes.server import ReferenceMes
from plugins.mes.rest import RestConnector, RestOptions
from tests.integration.test_mes_needs_configuration import SLOW_CONFIG_RETRY
from tests.mes_helpers import context, make_engine, record_events, wait_drained, wait_for
from tests.mosquitto import Mosquitto
from tests.peers.mtls_gate import MutualTlsGate
from tests.pki import Pki, make_pki

pytestmark = pytest.mark.integration


@pytest.mark.skipif(not Mosquitto.available(), reason="mosquitto is not installed")
async def test_mqtt_refused_credentials_are_needs_configuration(station: Station, tmp_path: Path) -> None:
    broker = Mosquitto(folder=tmp_path / "broker", users={"station": "right"})
    await broker.start()
    try:
        for login in ({"username": "station", "password": "wrong"}, {}):
            refused = MqttConnector(options=MqttOptions(host="127.0.0.1", port=broker.port, timeout_s=3, **login),
                                    context=context(station))
            with pytest.raises(MesConfigurationError, match=r"refused .*check \[mes\] username and password"):
                await refused.open()
        wrong = MqttConnector(options=MqttOptions(host="127.0.0.1", port=broker.port, timeout_s=3,
                                                  username="station", password="wrong"), context=context(station))
        engine = make_engine(station, wrong, settings=SLOW_CONFIG_RETRY)
        await engine.start()
        try:
            await wait_for(lambda: engine.snapshot.value.connection is Connection.NEEDS_CONFIGURATION,
                           what="needs configuration")
            assert "user 'station'" in (engine.snapshot.value.last_error or "")
            assert engine.snapshot.value.retry_in_s == 90.0
            assert station.status["mes"].value.summary.startswith("needs configuration")
        finally:
            await engine.stop()
        good = MqttConnector(options=MqttOptions(host="127.0.0.1", port=broker.port, timeout_s=3,
                                                 username="station", password="right"), context=context(station))
        await good.open()                                 # the same broker takes the right login
        await good.close()
    finally:
        await broker.stop()


def mutual_tls_server(pki: Pki) -> ssl.SSLContext:
    """An MES that talks only to clients with a certificate from its CA."""
    ctx = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH, cafile=str(pki.ca))
    ctx.load_cert_chain(str(pki.server_cert), str(pki.server_key))
    ctx.verify_mode = ssl.CERT_REQUIRED
    return ctx


@pytest.fixture
def gate(tmp_path: Path) -> Iterator[tuple[MutualTlsGate, Pki]]:
    pki = make_pki(tmp_path / "pki")
    server = MutualTlsGate(ca=pki.ca, cert=pki.server_cert, key=pki.server_key)
    server.start()
    yield server, pki
    server.stop()


async def test_an_mes_refusing_the_client_certificate_is_needs_configuration(
        station: Station, tmp_path: Path, gate: tuple[MutualTlsGate, Pki]) -> None:
    front, pki = gate
    stranger = make_pki(tmp_path / "other", name="Someone else's CA")
    for cert in (None, stranger):                   # no client certificate, then one the MES does not trust
        options = RestOptions(base_url=front.base_url, ca_file=str(pki.ca), timeout_s=3,
                              client_cert=str(cert.client_cert) if cert else "",
                              client_key=str(cert.client_key) if cert else "")
        refused = RestConnector(options=options, context=context(station))
        with pytest.raises(MesConfigurationError, match=r"refused the TLS connection.*client_cert"):
            await refused.fetch_masterdata(None)
        await refused.close()
    # The gate notes its side of a handshake after the client has the alert: wait for the second note.
    await wait_for(lambda: len(front.refusals) >= 2, what="the gate's second refusal")
    assert len(front.refusals) == 2
    no_cert = RestConnector(options=RestOptions(base_url=front.base_url, ca_file=str(pki.ca), timeout_s=3),
                            context=context(station))
    engine = make_engine(station, no_cert, settings=SLOW_CONFIG_RETRY)
    await engine.start()
    try:
        await wait_for(lambda: engine.snapshot.value.connection is Connection.NEEDS_CONFIGURATION,
                       what="needs configuration")
        assert "client certificate" in (engine.snapshot.value.last_error or "")
        assert station.status["mes"].value.health is Health.FAILED
    finally:
        await engine.stop()


async def test_the_mes_takes_the_right_client_certificate(station: Station, tmp_path: Path) -> None:
    pki = make_pki(tmp_path / "pki")
    mes = ReferenceMes(db_path=tmp_path / "mes.db", ssl_context=mutual_tls_server(pki))
    await mes.start()
    try:
        good = RestConnector(options=RestOptions(base_url=mes.base_url, ca_file=str(pki.ca), timeout_s=3,
                                                 client_cert=str(pki.client_cert), client_key=str(pki.client_key)),
                             context=context(station))
        engine = make_engine(station, good)
        await record_events(station, 5)
        await engine.start()
        try:
            await wait_drained(station)
        finally:
            await engine.stop()
        assert len(mes.received.events(station.station_id)) == 5
    finally:
        await mes.stop()
        mes.close()
