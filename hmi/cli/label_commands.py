"""``hmi label render|print`` and ``hmi printers``: commission templates and printers before any defect.

``render`` needs no station (the shipped templates, a template file, or the config's templates_dir);
``print`` queues the label in the station's print queue, like the screen does, and waits for it.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
from pathlib import Path

from hmi.cli.common import add_config_argument, cli_actor, config_path, fail, load_or_exit, store_error_exit
from hmi.labels import queue
from hmi.labels.layout import LabelFitError
from hmi.labels.library import TemplateLibrary
from hmi.labels.queue import JobState
from hmi.labels.render import LabelFormat, render
from hmi.labels.service import LabelError
from hmi.labels.template import LabelDataError, TemplateError
from hmi.station import Station
from hmi.store import StoreError


def register(sub: argparse._SubParsersAction) -> None:
    label = sub.add_parser("label", help="render or print a label from a template")
    label_sub = label.add_subparsers(dest="label_command", metavar="ACTION", required=True)

    rendering = label_sub.add_parser("render", help="render a label to a PDF, ZPL or PNG file")
    _template_arguments(rendering)
    rendering.add_argument("--format", choices=[f.value for f in LabelFormat], default=None,
                           help="pdf, zpl or png (default: from the output file's extension)")
    rendering.add_argument("-o", "--output", type=Path, required=True, help="the file to write ('-' for stdout)")
    rendering.add_argument("--reprint", action="store_true", help="mark the label REPRINT")
    rendering.add_argument("--config", "-c", type=Path, default=None,
                           help="station.toml whose templates_dir is searched first")
    rendering.set_defaults(func=_render)

    printing = label_sub.add_parser("print", help="print a label through a configured printer")
    _template_arguments(printing)
    printing.add_argument("--printer", default=None, help="printer name from [printers.<name>] (default: the configured default)")
    printing.add_argument("--wait", type=float, default=30.0, help="seconds to wait for the printer (default 30)")
    add_config_argument(printing)
    printing.set_defaults(func=_print)

    printers = sub.add_parser("printers", help="list the configured printers with their status")
    add_config_argument(printers)
    printers.set_defaults(func=_printers)


def _template_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("template", help="template name (defect_100x50) or a .toml file")
    # Both forms work: --data lot=L1 qty=2 (as in the README) and --data lot=L1 --data qty=2.
    parser.add_argument("--data", "-d", action="extend", nargs="+", default=[], metavar="KEY=VALUE",
                        help="placeholder values (--data lot=L1 qty=2, or --data repeated)")


def _values(pairs: list[str]) -> dict[str, str]:
    values: dict[str, str] = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep or not key.strip():
            raise SystemExit(f"hmi: --data takes KEY=VALUE pairs, got {pair!r} (put the template name before --data)")
        values[key.strip()] = value
    return values


def _library(config_file: Path | None) -> TemplateLibrary:
    if config_file is None and not os.environ.get("HMI_CONFIG"):
        return TemplateLibrary(folders=[])
    config = load_or_exit(config_file or Path(os.environ["HMI_CONFIG"]))
    folder = config.labels.templates_dir
    return TemplateLibrary(folders=[config.resolve(folder)] if folder else [])


def _render(args: argparse.Namespace) -> int:
    fmt_name = args.format or args.output.suffix.lstrip(".").lower()
    try:
        fmt = LabelFormat(fmt_name)
    except ValueError:
        return fail(f"say --format pdf, zpl or png (cannot tell from {args.output.name!r})", 2)
    values = _values(args.data)
    values.setdefault("reprint", "REPRINT" if args.reprint else "")
    try:
        template = _library(args.config).load(args.template)
        content = render(template, values, fmt)
    except (TemplateError, LabelDataError, LabelFitError) as exc:
        return fail(str(exc))
    if str(args.output) == "-":
        sys.stdout.buffer.write(content)
    else:
        args.output.write_bytes(content)
        print(f"wrote {args.output} ({fmt.value}, {template.label.width_mm:g}x{template.label.height_mm:g} mm, "
              f"{len(content)} bytes)")
    return 0


def _open_station(args: argparse.Namespace) -> Station:
    config = load_or_exit(config_path(args))
    station = Station(config=config, data_dir=args.data_dir)
    try:
        station.open()
    except StoreError as exc:
        raise store_error_exit(exc) from None
    return station


def _print(args: argparse.Namespace) -> int:
    values = _values(args.data)
    station = _open_station(args)
    try:
        return asyncio.run(_print_async(station, args, values))
    finally:
        station.close()


async def _print_async(station: Station, args: argparse.Namespace, values: dict[str, str]) -> int:
    labels = station.labels
    try:
        await asyncio.to_thread(labels.templates.load, args.template)  # a typo is reported, not queued
        await labels.start()
        try:
            # No one is logged in at a shell: the job is queued under the machine identity cli:<login>.
            job = await labels._queue(cli_actor(), args.template, values, printer=args.printer)
            print(f"queued print job {job.id} for printer {job.printer!r}")
            job = await labels.wait_for(job.id, timeout_s=args.wait)
        finally:
            await labels.stop()
    except (TemplateError, LabelError) as exc:
        return fail(str(exc))
    if job.state is JobState.DONE:
        print(f"printed: job {job.id} handed to {job.printer} ({job.spooler_ref})")
        return 0
    if job.state is JobState.FAILED:
        return fail(f"job {job.id} failed: {job.last_error}")
    return fail(f"job {job.id} is still {job.state.value} after {args.wait:g} s"
                f"{': ' + job.last_error if job.last_error else ''}. It stays in the queue and prints "
                "when the station runs and the printer is back (or cancel it).")


def _printers(args: argparse.Namespace) -> int:
    station = _open_station(args)
    try:
        return asyncio.run(_printers_async(station))
    finally:
        station.close()


async def _printers_async(station: Station) -> int:
    labels = station.labels
    if not labels.printers and not labels.printer_errors:
        print("no printers configured (add [printers.<name>] with driver = \"cups\" | \"zpl_tcp\" | \"folder\")")
        return 0
    statuses = await labels.refresh_status()
    waiting = await station.store.read(queue.count_waiting)
    default = labels.default_printer()
    print(f"{'PRINTER':<20} {'STATE':<9} {'QUEUED':>6}  WHERE / STATUS")
    for name, printer in labels.printers.items():
        status = statuses[name]
        mark = " (default)" if name == default else ""
        print(f"{name + mark:<20} {status.state.value:<9} {waiting.get(name, 0):>6}  {printer.describe()} — {status.summary}")
    for name, error in labels.printer_errors.items():
        print(f"{name:<20} {'invalid':<9} {waiting.get(name, 0):>6}  {error}")
    return 0
