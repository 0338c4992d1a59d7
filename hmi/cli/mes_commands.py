"""``hmi mes-sim`` (the reference MES) and ``hmi sync`` (the outbox as the MES sync sees it)."""

from __future__ import annotations

import argparse
from pathlib import Path

import platformdirs

from hmi.cli.common import add_config_argument, open_store_for
from hmi.config import APP_NAME

DEMO_MES_PORT = 18080


def register(sub: argparse._SubParsersAction) -> None:
    sim = sub.add_parser("mes-sim", help="run the reference MES (REST, records what it receives, fails on demand)")
    sim.add_argument("--host", default="127.0.0.1")
    sim.add_argument("--port", type=int, default=DEMO_MES_PORT)
    sim.add_argument("--db", type=Path, default=Path(platformdirs.user_data_dir(APP_NAME)) / "reference-mes.db",
                     help="the MES's own SQLite file of received events")
    sim.add_argument("--token", default=None, help="require this bearer token")
    sim.add_argument("--cert", type=Path, default=None, help="serve HTTPS with this certificate (PEM)")
    sim.add_argument("--key", type=Path, default=None)
    sim.add_argument("--client-ca", type=Path, default=None, help="require client certificates from this CA")
    sim.add_argument("--masterdata", type=Path, default=None,
                     help="serve this master data (bundle folder or JSON file; default: the demo set)")
    sim.add_argument("--mqtt-port", type=int, default=None, help="also read events from this MQTT broker")
    sim.add_argument("--mqtt-host", default="127.0.0.1")
    sim.add_argument("--mqtt-site", default="site")
    sim.add_argument("--mqtt-line", action="append", default=[], help="publish master data for this line (repeat)")
    sim.set_defaults(func=_mes_sim)

    sync = sub.add_parser("sync", help="the MES outbox: backlog and quarantined events")
    add_config_argument(sync)
    sync.set_defaults(func=_sync_status)


def _mes_sim(args: argparse.Namespace) -> int:
    from hmi.plugin_registry import load_plugin

    serve = load_plugin("hmi.simulators", "mes")
    return int(serve(host=args.host, port=args.port, db=args.db, token=args.token, cert=args.cert, key=args.key,
                     client_ca=args.client_ca, masterdata=args.masterdata, mqtt_port=args.mqtt_port,
                     mqtt_host=args.mqtt_host, mqtt_site=args.mqtt_site, mqtt_lines=tuple(args.mqtt_line)))


def _sync_status(args: argparse.Namespace) -> int:
    from hmi.sync import queue

    _config, store = open_store_for(args, readonly=True)
    try:
        backlog = store.read_blocking(queue.backlog)
        held = store.read_blocking(queue.quarantined)
    finally:
        store.close()
    print(f"waiting: {backlog.pending} (blocked behind quarantine: {backlog.blocked}); quarantined: {backlog.quarantined}")
    for item in held:
        e = item.event
        print(f"  #{e.seq} {e.type} {e.subject or ''} {e.event_id}: {item.reason} ({item.waiting_behind} waiting behind)")
    return 0
