"""TLS to the MES with a test CA: verification is on, and a certificate we do not trust is refused clearly."""

from __future__ import annotations

import ssl
from pathlib import Path

import pytest

from hmi.station import Station
from hmi.sync.connector import ConnectorContext, MesConfigurationError
from plugins.mes.mqtt import MqttConnector, MqttOptions
from plugins.mes.reference_mes.server import ReferenceMes
from plugins.mes.rest import RestConnector, RestOptions
from tests.mes_helpers import context, make_engine, record_events, wait_drained
from tests.mosquitto import Mosquitto
from tests.pki import make_pki

pytestmark = pytest.mark.integration


def server_context(cert: Path, key: Path) -> ssl.SSLContext:
    ctx = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    ctx.load_cert_chain(str(cert), str(key))
    return ctx


async def test_rest_over_tls_trusts_only_the_configured_ca(station: Station, tmp_path: Path) -> None:
    pki = make_pki(tmp_path / "pki")
    stranger = make_pki(tmp_path / "other", name="Someone else's CA")
    mes = ReferenceMes(db_path=tmp_path / "mes.db", ssl_context=server_context(pki.server_cert, pki.server_key),
                       token="s3cret")
    await mes.start()
    try:
        assert mes.base_url.startswith("https://")
        for ca_file in ("", str(stranger.ca)):   # system CAs, then the wrong private CA
            wrong = RestConnector(options=RestOptions(base_url=mes.base_url, ca_file=ca_file, token="s3cret"),
                                  context=context(station))
            with pytest.raises(MesConfigurationError, match="certificate this station does not trust"):
                await wrong.fetch_masterdata(None)
            await wrong.close()
        bad_token = RestConnector(options=RestOptions(base_url=mes.base_url, ca_file=str(pki.ca), token="nope"),
                                  context=context(station))
        with pytest.raises(MesConfigurationError, match="credentials"):
            await bad_token.fetch_masterdata(None)
        await bad_token.close()

        good = RestConnector(options=RestOptions(base_url=mes.base_url, ca_file=str(pki.ca), token="s3cret"),
                             context=context(station))
        engine = make_engine(station, good)
        await record_events(station, 50)
        await engine.start()
        try:
            await wait_drained(station)
        finally:
            await engine.stop()
        assert len(mes.received.events()) == 50
    finally:
        await mes.stop()
        mes.close()


@pytest.mark.skipif(not Mosquitto.available(), reason="mosquitto is not installed")
async def test_mqtt_over_tls_trusts_only_the_configured_ca(station: Station, tmp_path: Path) -> None:
    pki = make_pki(tmp_path / "pki")
    stranger = make_pki(tmp_path / "other", name="Someone else's CA")
    broker = Mosquitto(folder=tmp_path / "broker", tls=(pki.ca, pki.server_cert, pki.server_key))
    await broker.start()
    try:
        ctx = ConnectorContext(station_id=station.station_id, line="ANO-1")
        wrong = MqttConnector(options=MqttOptions(host="127.0.0.1", port=broker.port, tls=True,
                                                  ca_file=str(stranger.ca), timeout_s=3), context=ctx)
        with pytest.raises(MesConfigurationError, match="does not trust"):
            await wrong.open()
        good = MqttConnector(options=MqttOptions(host="127.0.0.1", port=broker.port, tls=True,
                                                 ca_file=str(pki.ca), timeout_s=3), context=ctx)
        engine = make_engine(station, good)
        await record_events(station, 50)
        await engine.start()
        try:
            await wait_drained(station)
        finally:
            await engine.stop()
    finally:
        await broker.stop()
