"""Commissioning commands: ``hmi watch``, ``hmi read``, ``hmi browse``, ``hmi simulate``, ``hmi certs``.

An integrator checks every tag here before anyone looks at a screen.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import shutil
import signal
import sys
import time
from pathlib import Path
from typing import Any

from hmi.cli.common import config_path, fail, load_or_exit
from hmi.clock import SystemClock
from hmi.config import DataType, PluginSection, StationConfig
from hmi.status import ComponentStatus, Health, StatusBoard
from hmi.tags import Quality, Sample, TagBus
from hmi.tags.address import AddressError, parse_address


def register(sub: argparse._SubParsersAction) -> None:
    watch = sub.add_parser("watch", help="connect with the config's connections and print every sample")
    watch.add_argument("config_file", type=Path, nargs="?", help="station.toml (or --config / $HMI_CONFIG)")
    watch.add_argument("--config", "-c", type=Path, default=None, help=argparse.SUPPRESS)
    watch.add_argument("--tag", action="append", default=[], help="only this tag (repeatable)")
    watch.add_argument("--seconds", type=float, default=10.0, help="how long to watch (default 10)")
    watch.add_argument("--json", action="store_true", help="one JSON object per line")
    watch.set_defaults(func=_watch)

    read = sub.add_parser("read", help="read one address once, e.g. 'modbus://127.0.0.1:502/hr/40001?type=float32'")
    read.add_argument("url")
    read.add_argument("--config", "-c", type=Path, default=None, help="take named connections from this station.toml")
    read.add_argument("--type", default=None, help="data type (default: from the URL, else float64 / uint16)")
    read.add_argument("--timeout", type=float, default=10.0)
    read.add_argument("--json", action="store_true")
    read.set_defaults(func=_read)

    browse = sub.add_parser("browse", help="list an OPC-UA server's variables with nsu= addresses",
                            description="Connect as a connection would (security, trust, login) and list the "
                                        "server's variables. Take the options of a configured connection with "
                                        "--config FILE --connection NAME, or give them as flags (flags win).")
    browse.add_argument("endpoint", nargs="?", help="opc.tcp://host:port[/path] (default: the connection's)")
    browse.add_argument("--config", "-c", type=Path, default=None, help="station.toml holding the connection")
    browse.add_argument("--connection", default=None, help="the [connections.NAME] to take the options from")
    browse.add_argument("--timeout", type=float, default=None, help="seconds per request (default 10)")
    for flag, key in _BROWSE_FLAGS.items():
        browse.add_argument(flag, dest=key, default=None, help=f"as {key} in a connection's section")
    browse.add_argument("--trust-any-server", dest="trust_any_server", action="store_const", const=True,
                        default=None, help="accept any server certificate (commissioning only)")
    browse.set_defaults(func=_browse)

    simulate = sub.add_parser("simulate", help="run the anodizing-line simulator (OPC-UA + Modbus TCP on loopback)")
    simulate.add_argument("--host", default="127.0.0.1")
    simulate.add_argument("--opcua-port", type=int, default=48400, help="0 = a free port")
    simulate.add_argument("--modbus-port", type=int, default=15020, help="0 = a free port")
    simulate.add_argument("--seed", type=int, default=0)
    simulate.add_argument("--fault-every", type=float, default=0.0, metavar="SECONDS",
                          help="put the line into FAULT for 5 s every SECONDS (0 = never)")
    simulate.add_argument("--stops-every", type=float, default=0.0, metavar="SECONDS",
                          help="stop the line now and then, on average after SECONDS of running: short and long "
                               "stops, faults with a fault code, setups (0 = never)")
    simulate.add_argument("--stop-scale", type=float, default=1.0, help="shorten the long stops by this factor")
    simulate.add_argument("--tick", type=float, default=0.1, metavar="SECONDS")
    simulate.add_argument("--bench-items", type=int, default=0, help="extra changing variables (benchmarks)")
    simulate.add_argument("--certificate", default="", help="server certificate (enables Sign/SignAndEncrypt)")
    simulate.add_argument("--private-key", default="")
    simulate.add_argument("--user", action="append", default=[], metavar="NAME:PASSWORD",
                          help="require this OPC-UA user name and password (repeatable; none = anonymous)")
    simulate.set_defaults(func=_simulate)

    certs = sub.add_parser("certs", help="the station's OPC-UA certificate and trusted servers")
    certs_sub = certs.add_subparsers(dest="certs_command", metavar="ACTION", required=True)
    create = certs_sub.add_parser("create", help="make the station's self-signed application certificate")
    create.add_argument("--config", "-c", type=Path, default=None)
    create.add_argument("--out", type=Path, default=None, help="folder (default: <data dir>/pki/own)")
    create.add_argument("--uri", default="urn:station-hmi:client", help="application URI (= application_uri)")
    create.add_argument("--days", type=int, default=3650)
    create.set_defaults(func=_certs_create)
    trust = certs_sub.add_parser("trust", help="trust a server certificate (copy it into the trust folder)")
    trust.add_argument("certificate", type=Path)
    trust.add_argument("--trust-dir", type=Path, required=True)
    trust.set_defaults(func=_certs_trust)


# watch ----------------------------------------------------------------------------------------------
def _watch(args: argparse.Namespace) -> int:
    path = args.config_file or config_path(args)
    config = load_or_exit(path)
    if args.tag:
        unknown = [t for t in args.tag if t not in config.tags]
        if unknown:
            return fail(f"no tag named {', '.join(unknown)} in {path}")
        config = config.model_copy(update={"tags": {t: config.tags[t] for t in args.tag}})
    return asyncio.run(_watch_async(config, seconds=args.seconds, as_json=args.json))


async def _watch_async(config: StationConfig, *, seconds: float, as_json: bool) -> int:
    from hmi.equipment.service import EquipmentService

    bus, board = TagBus(), StatusBoard()
    service = EquipmentService(config=config, bus=bus, status=board, clock=SystemClock())
    counts: dict[str, int] = {}

    def show(sample: Sample) -> None:
        counts[sample.tag] = counts.get(sample.tag, 0) + 1
        tag = config.tags.get(sample.tag)
        unit = tag.unit if tag else ""
        if as_json:
            print(json.dumps({"tag": sample.tag, "ts": sample.ts, "value": sample.value, "unit": unit,
                              "quality": sample.quality.value, "error": sample.error}, ensure_ascii=False), flush=True)
            return
        stamp = time.strftime("%H:%M:%S", time.localtime(sample.ts)) + f".{int(sample.ts * 1000) % 1000:03d}"
        value = _format(sample.value, tag.format if tag else "{}")
        note = f"  ({sample.error})" if sample.error else ""
        print(f"{stamp}  {sample.tag:<24} {value:>14} {unit:<6} {sample.quality.value}{note}", flush=True)

    unsubscribe = bus.subscribe(show)
    ever_up: dict[str, bool] = {}
    await service.start()
    for name, state in service.connections.items():
        ever_up[name] = state.value.health is Health.OK
        state.subscribe(_remember_up(ever_up, name))
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stop.set)
    try:
        await asyncio.wait_for(stop.wait(), timeout=seconds)
    except TimeoutError:
        pass
    finally:
        for sig in (signal.SIGINT, signal.SIGTERM):
            loop.remove_signal_handler(sig)
        await service.stop()
        unsubscribe()
    out = sys.stderr if as_json else sys.stdout
    print("\nconnections:", file=out)
    for name, state in service.connections.items():
        s: ComponentStatus = state.value
        tags = [t for t in config.tags if service.connection_of(t) == name]
        received = sum(counts.get(t, 0) for t in tags)
        verdict = "came up" if ever_up.get(name) else "NEVER CAME UP"
        error = f"; last error: {s.last_error}" if s.last_error else ""
        print(f"  {name:<20} {verdict:<14} {len(tags)} tag(s), {received} sample(s){error}", file=out)
    for tag, error in service.tag_errors.items():
        print(f"  tag {tag}: {error}", file=out)
    return 0 if all(ever_up.get(n) for n, s in service.connections.items()
                    if s.value.health is not Health.DISABLED) else 1


def _remember_up(ever_up: dict[str, bool], name: str) -> Any:
    def remember(state: ComponentStatus) -> None:
        ever_up[name] = ever_up.get(name, False) or state.health is Health.OK
    return remember


def _format(value: Any, fmt: str) -> str:
    if value is None:
        return "—"
    if isinstance(value, int | float) and not isinstance(value, bool):
        try:
            return fmt.format(value)
        except (ValueError, TypeError):
            return str(value)
    return str(value)


# read -----------------------------------------------------------------------------------------------
def _read(args: argparse.Namespace) -> int:
    from hmi.plugin_registry import PluginNotFound, load_plugin

    try:
        address = parse_address(args.url)
    except AddressError as exc:
        return fail(str(exc))
    if address.connection is not None:
        if args.config is None and not _has_config():
            return fail(f"{address.connection!r} is a connection name: pass --config FILE, or write host:port "
                        "(modbus://127.0.0.1:502/…) or the endpoint (opcua://opc.tcp://host:4840/…) in the URL")
        config = load_or_exit(args.config or config_path(args))
        section = config.connections.get(address.connection)
        if section is None:
            return fail(f"no connection named {address.connection!r} in the config "
                        f"(known: {', '.join(config.connections) or 'none'})")
    else:   # the endpoint is in the URL: its driver says how to reach it
        try:
            options = load_plugin("hmi.equipment", address.scheme).one_shot_options(address.endpoint or "")
        except PluginNotFound:
            return fail(f"no driver for {address.scheme}://")
        except AddressError as exc:
            return fail(f"{address.raw}: {exc}")
        section = PluginSection.model_validate({"driver": address.scheme, **options})
    try:
        plugin = load_plugin("hmi.equipment", section.driver)
    except PluginNotFound as exc:
        return fail(str(exc))
    try:
        default = getattr(plugin, "default_data_type", DataType.FLOAT64)
        data_type = DataType(args.type) if args.type else default
    except ValueError:
        return fail(f"unknown type {args.type!r}; use one of {', '.join(t.value for t in DataType)}")
    return asyncio.run(_read_async(address, section, data_type, within_s=args.timeout, as_json=args.json))


def _has_config() -> bool:
    import os

    from hmi.cli.common import SYSTEM_CONFIG
    return bool(os.environ.get("HMI_CONFIG")) or SYSTEM_CONFIG.exists()


class _OneShot:
    def __init__(self) -> None:
        self.state: ComponentStatus | None = None
        self.samples: list[Sample] = []
        self.changed = asyncio.Event()

    def publish(self, sample: Sample) -> None:
        self.samples.append(sample)
        self.changed.set()

    def set_state(self, state: ComponentStatus) -> None:
        self.state = state
        self.changed.set()

    def alive(self) -> None:
        pass


async def _read_async(address: Any, section: PluginSection, data_type: DataType, *, within_s: float,
                      as_json: bool) -> int:
    from hmi.equipment.driver import TagBinding
    from hmi.equipment.service import admit, build_driver

    sink = _OneShot()
    binding = TagBinding(name="value", address=address, data_type=data_type, interval_s=0.5)
    try:
        driver = build_driver(connection=address.connection or "url", section=section, tags=[binding], sink=sink)
    except (LookupError, ValueError) as exc:
        return fail(str(exc))
    await driver.start()
    sample: Sample | None = None
    try:
        loop = asyncio.get_running_loop()
        deadline = loop.time() + within_s
        while loop.time() < deadline:
            state = sink.state
            if state is not None and state.health is Health.OK:
                sample = await driver.read("value")
                break
            if state is not None and state.health is Health.FAILED:
                break
            if sink.samples and sink.samples[-1].quality is Quality.BAD:
                sample = sink.samples[-1]
                break
            sink.changed.clear()
            try:
                await asyncio.wait_for(sink.changed.wait(), timeout=max(0.01, deadline - loop.time()))
            except TimeoutError:
                break
    finally:
        await driver.stop()
    if sample is None:
        error = sink.state.last_error if sink.state and sink.state.last_error else "no answer in time"
        return fail(f"{address.raw}: cannot connect: {error}", 3)
    sample = admit(sample)   # what the station would take in: no NaN, no value on a BAD sample
    if as_json:
        print(json.dumps({"address": address.raw, "ts": sample.ts, "value": sample.value,
                          "quality": sample.quality.value, "error": sample.error}, ensure_ascii=False))
    else:
        stamp = time.strftime("%Y-%m-%d %H:%M:%S", time.localtime(sample.ts))
        note = f"  ({sample.error})" if sample.error else ""
        print(f"{address.raw}  {sample.value!r}  {sample.quality.value}  {stamp}{note}")
    return 0 if sample.quality is not Quality.BAD else 4


# browse ---------------------------------------------------------------------------------------------
_BROWSE_FLAGS = {
    "--security-policy": "security_policy", "--security-mode": "security_mode", "--certificate": "certificate",
    "--private-key": "private_key", "--application-uri": "application_uri", "--trust-dir": "trust_dir",
    "--username": "username", "--password-file": "password_file",
}


def _browse(args: argparse.Namespace) -> int:
    from pydantic import ValidationError

    from hmi.plugin_registry import load_plugin, plugin_config_model

    options: dict[str, Any] = {}
    if args.connection is not None or args.config is not None:
        if args.connection is None:
            return fail("--config needs --connection NAME (the [connections.NAME] to browse with)")
        config = load_or_exit(args.config or config_path(args))
        section = config.connections.get(args.connection)
        if section is None or section.driver != "opcua":
            known = ", ".join(n for n, c in config.connections.items() if c.driver == "opcua") or "none"
            return fail(f"no OPC-UA connection named {args.connection!r} in the config (OPC-UA connections: {known})")
        options = dict(section.options())
    if args.endpoint is not None:
        options["endpoint"] = args.endpoint
    if "endpoint" not in options:
        return fail("give the endpoint (opc.tcp://host:port) or --config FILE --connection NAME")
    if not str(options["endpoint"]).startswith("opc.tcp://"):
        return fail(f"{options['endpoint']!r}: write the endpoint as opc.tcp://host:port")
    for key in (*_BROWSE_FLAGS.values(), "trust_any_server"):
        if getattr(args, key) is not None:
            options[key] = getattr(args, key)
    if args.timeout is not None:
        options["timeout_s"] = args.timeout
    options.setdefault("timeout_s", 10.0)
    browse = load_plugin("hmi.equipment.browse", "opcua")   # the driver's own tool, by its entry point
    model = plugin_config_model("hmi.equipment", "opcua")
    try:
        validated = model.model_validate(options) if model is not None else options
    except ValidationError as exc:
        first = exc.errors()[0]
        key = ".".join(str(p) for p in first.get("loc", ())) or "options"
        return fail(f"cannot browse {options['endpoint']}: {key}: {first.get('msg')}")
    try:
        rows = asyncio.run(browse(validated))
    except Exception as exc:
        return fail(f"cannot browse {options['endpoint']}: {exc or type(exc).__name__}", 3)
    width = max((len(r[0]) for r in rows), default=10)
    for address, kind, value in rows:
        print(f"{address:<{width}}  {kind:<10} {value}")
    print(f"\n{len(rows)} variable(s). In station.toml: address = \"opcua://<connection>/<address above>\"",
          file=sys.stderr)
    return 0


# simulate -------------------------------------------------------------------------------------------
def _simulate(args: argparse.Namespace) -> int:
    import logging

    logging.basicConfig(level=logging.DEBUG if args.verbose else logging.WARNING)
    if not args.verbose and not args.certificate:
        # Without a certificate the simulator offers security None only, as asked: asyncua's two warnings
        # about it ("No signing policy available…") are no news on the demo's console.
        logging.getLogger("asyncua.server.server").setLevel(logging.ERROR)
    return asyncio.run(_simulate_async(args))


async def _simulate_async(args: argparse.Namespace) -> int:
    import os

    from hmi.heap import settle_after_start
    from hmi.plugin_registry import load_plugin

    users: dict[str, str] = {}
    for entry in args.user:
        name, colon, password = entry.partition(":")
        if not (name and colon):
            return fail(f"--user {entry!r}: expected NAME:PASSWORD")
        users[name] = password
    simulator_class = load_plugin("hmi.simulators", "equipment")
    sim = simulator_class(host=args.host, opcua_port=args.opcua_port, modbus_port=args.modbus_port, seed=args.seed,
                          fault_every_s=args.fault_every, tick_s=args.tick, bench_items=args.bench_items,
                          certificate=args.certificate, private_key=args.private_key, users=users,
                          stops_every_s=args.stops_every, stop_scale=args.stop_scale)
    await sim.start()
    settle_after_start()
    print(f"simulator running (pid {os.getpid()}): OPC-UA {sim.opcua_endpoint}  Modbus TCP "
          f"{args.host}:{sim.modbus.port}  namespace {sim.NAMESPACE}", flush=True)
    print(f"drop the connections with: kill -USR1 {os.getpid()}", flush=True)
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    drops: set[asyncio.Task[None]] = set()

    def drop() -> None:
        task = asyncio.create_task(sim.drop_connections())
        drops.add(task)
        task.add_done_callback(drops.discard)

    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stop.set)
    loop.add_signal_handler(signal.SIGUSR1, drop)
    try:
        await stop.wait()
    finally:
        await sim.stop()
    return 0


# certs ----------------------------------------------------------------------------------------------
def _certs_create(args: argparse.Namespace) -> int:
    from hmi.equipment.certs import create_certificate

    if args.out is not None:
        folder, name = args.out, "station"
    else:
        config = load_or_exit(config_path(args))
        folder, name = config.data_dir() / "pki" / "own", config.station.id
    files = create_certificate(folder=folder, application_uri=args.uri, common_name=name, days=args.days)
    trust_dir = folder.parent / "trusted"
    trust_dir.mkdir(parents=True, exist_ok=True)
    print(f"certificate: {files.certificate}\nprivate key: {files.private_key}\n\nIn the connection's section:\n"
          f'security_policy = "Basic256Sha256"\nsecurity_mode = "SignAndEncrypt"\n'
          f'certificate = "{files.certificate}"\nprivate_key = "{files.private_key}"\n'
          f'application_uri = "{args.uri}"\ntrust_dir = "{trust_dir}"\n\n'
          f"Give {files.certificate} to the server's admin to trust it there.")
    return 0


def _certs_trust(args: argparse.Namespace) -> int:
    if not args.certificate.is_file():
        return fail(f"{args.certificate} not found")
    args.trust_dir.mkdir(parents=True, exist_ok=True)
    target = args.trust_dir / args.certificate.name
    shutil.copy(args.certificate, target)
    print(f"trusted: {target}")
    return 0
