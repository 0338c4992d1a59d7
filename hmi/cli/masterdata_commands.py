"""``hmi masterdata import DIR`` / ``show``: load master data from files, all or nothing."""

from __future__ import annotations

import argparse
import sys

from hmi.cli.common import add_config_argument, cli_actor, open_store_for


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser("masterdata", help="import or show the master data (products, orders, instructions…)")
    actions = parser.add_subparsers(dest="masterdata_command", metavar="ACTION", required=True)
    imp = actions.add_parser("import", help="check a folder of master data files and apply it in one transaction")
    imp.add_argument("folder", help="folder with masterdata.toml, instructions/ and images/")
    imp.add_argument("--check", action="store_true", help="only check the files; change nothing")
    add_config_argument(imp)
    imp.set_defaults(func=_import)
    show = actions.add_parser("show", help="print the version and counts of the master data in use")
    add_config_argument(show)
    show.set_defaults(func=_show)


def _import(args: argparse.Namespace) -> int:
    import time

    from hmi.production.bundle_files import load_bundle_dir
    from hmi.production.masterdata import MasterDataError, apply_masterdata, validate_bundle

    try:
        bundle = load_bundle_dir(args.folder)
        checked = validate_bundle(bundle)
    except MasterDataError as exc:
        count = len(exc.problems)
        print(f"hmi: the master data has {count} problem{'s' if count != 1 else ''}; nothing was changed:",
              file=sys.stderr)
        for problem in exc.problems:
            print(f"  {problem}", file=sys.stderr)
        return 2
    if args.check:
        print(f"master data {checked.version}: OK ({len(checked.work_orders)} work orders, "
              f"{len(checked.instructions)} instructions)")
        return 0
    from hmi.oee.calendar_settings import in_force, keep_bundle_calendar

    config, store = open_store_for(args, create=True)
    source, actor, now = f"files:{args.folder}", cli_actor(), time.time()

    def apply(db):  # type: ignore[no-untyped-def]
        result = apply_masterdata(db, checked, source=source, version=checked.version, ts=now,
                                  station=config.station.id, actor=actor)
        if config.oee is not None:
            # The same transaction: a running station's OEE follows the stored calendar within seconds.
            keep_bundle_calendar(db, bundle, section=in_force(db, config.oee), station=config.station.id,
                                 actor=actor, now=now)
        return result

    try:
        result = store.write_blocking(apply)
    except ValueError as exc:      # the calendar against station.toml's [oee] (the bundle alone was fine)
        print(f"hmi: {bundle.get('origin', args.folder)}: shift_calendar: {exc}; nothing was changed",
              file=sys.stderr)
        return 2
    finally:
        store.close()
    counts = ", ".join(f"{v} {k.replace('_', ' ')}" for k, v in result.counts.items())
    print(f"master data {result.version} applied: {counts}")
    if checked.shift_calendar is not None:
        shifts = ", ".join(s.name for s in checked.shift_calendar.shifts)
        print(f"shift calendar: {shifts}" if config.oee is not None else
              "shift calendar kept with the master data only: station.toml has no [oee] section")
    return 0


def _show(args: argparse.Namespace) -> int:
    _, store = open_store_for(args, readonly=True)
    try:
        row = store.read_blocking(lambda db: db.execute(
            "SELECT version, source, applied_at, sha256 FROM md_bundles ORDER BY seq DESC LIMIT 1").fetchone())
    finally:
        store.close()
    if row is None:
        print("no master data yet: run `hmi masterdata import FOLDER`")
        return 1
    print(f"version {row[0]} from {row[1]} (sha256 {row[3][:12]}…)")
    return 0
