"""``hmi mes-sim``: run the reference MES until SIGTERM/SIGINT (the demo starts it on 127.0.0.1:18080)."""

from __future__ import annotations

import asyncio
import json
import signal
import ssl
from dataclasses import dataclass
from pathlib import Path
from typing import Any


def serve(*, host: str, port: int, db: Path, token: str | None = None, cert: Path | None = None,
          key: Path | None = None, client_ca: Path | None = None, masterdata: Path | None = None,
          mqtt_port: int | None = None, mqtt_host: str = "127.0.0.1", mqtt_site: str = "site",
          mqtt_lines: tuple[str, ...] = ()) -> int:
    data = _load_masterdata(masterdata) if masterdata else None
    mqtt = MqttSide(host=mqtt_host, port=mqtt_port, site=mqtt_site, lines=mqtt_lines) if mqtt_port else None
    return asyncio.run(_serve(host=host, port=port, db=db, token=token, cert=cert, key=key, client_ca=client_ca,
                              masterdata=data, mqtt=mqtt))


def _load_masterdata(path: Path) -> dict[str, Any]:
    """A bundle folder (masterdata.toml, instructions/, images/) or a bundle as one JSON file."""
    if path.is_dir():
        from hmi.production.bundle_files import load_bundle_dir

        return load_bundle_dir(path)
    loaded: dict[str, Any] = json.loads(path.read_text("utf-8"))
    return loaded


@dataclass(frozen=True)
class MqttSide:
    """Also read events from a broker, and publish the master data retained for these lines."""

    host: str
    port: int
    site: str
    lines: tuple[str, ...]


async def _serve(*, host: str, port: int, db: Path, token: str | None, cert: Path | None, key: Path | None,
                 client_ca: Path | None, masterdata: dict[str, Any] | None, mqtt: MqttSide | None) -> int:
    from plugins.mes.reference_mes.server import ReferenceMes

    context: ssl.SSLContext | None = None
    if cert is not None:
        context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        context.load_cert_chain(str(cert), str(key) if key else None)
        if client_ca is not None:
            context.load_verify_locations(str(client_ca))
            context.verify_mode = ssl.CERT_REQUIRED
    mes = ReferenceMes(db_path=db, host=host, port=port, token=token, ssl_context=context, masterdata=masterdata)
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, stop.set)
    await mes.start()
    print(f"reference MES listening on {mes.base_url} (records in {db})", flush=True)
    sink = None
    if mqtt is not None:
        sink = await _start_mqtt(mes, mqtt)
        print(f"reference MES reading events from mqtt://{mqtt.host}:{mqtt.port}", flush=True)
    try:
        await stop.wait()
    finally:
        if sink is not None:
            await sink.stop()
        await mes.stop()
        mes.close()
    return 0


async def _start_mqtt(mes: Any, side: MqttSide) -> Any:
    import aiomqtt

    from plugins.mes.mqtt_topics import Topics
    from plugins.mes.reference_mes.mqtt_sink import MqttEventSink

    async with aiomqtt.Client(side.host, side.port, identifier="reference-mes-masterdata") as client:
        for line in side.lines:
            topic = Topics(prefix="hmi", site=side.site, line=line, station="").masterdata
            await client.publish(topic, json.dumps(mes.masterdata).encode(), qos=1, retain=True)
    sink = MqttEventSink(received=mes.received, host=side.host, port=side.port, site=side.site, share_group="mes")
    await sink.start()
    return sink
