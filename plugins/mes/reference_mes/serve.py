"""``hmi mes-sim``: run the reference MES until SIGTERM/SIGINT (the demo starts it on 127.0.0.1:18080)."""

from __future__ import annotations

import asyncio
import json
import signal
import ssl
from pathlib import Path
from typing import Any


def serve(*, host: str, port: int, db: Path, token: str | None = None, cert: Path | None = None,
          key: Path | None = None, client_ca: Path | None = None, masterdata: Path | None = None) -> int:
    data = json.loads(masterdata.read_text("utf-8")) if masterdata else None
    return asyncio.run(_serve(host=host, port=port, db=db, token=token, cert=cert, key=key, client_ca=client_ca,
                              masterdata=data))


async def _serve(*, host: str, port: int, db: Path, token: str | None, cert: Path | None, key: Path | None,
                 client_ca: Path | None, masterdata: dict[str, Any] | None) -> int:
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
    try:
        await stop.wait()
    finally:
        await mes.stop()
        mes.close()
    return 0
