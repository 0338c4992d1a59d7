"""``hmi demo``, ``hmi run`` and ``hmi screenshots``, added to the ``hmi`` command through the
``hmi.commands`` entry points (one per command). The Qt shell is imported only inside them, so that
``hmi --help`` loads no Qt.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from hmi.cli.common import add_config_argument, config_path, demo_config_path


def add_demo(sub: argparse._SubParsersAction) -> None:
    demo = sub.add_parser("demo", help="run the demo station (simulated equipment and MES on loopback)")
    demo.add_argument("--kiosk", action="store_true", help="full screen, frameless")
    demo.add_argument("--data-dir", type=Path, default=None,
                      help="keep the demo's records here (default: the demo's own folder, apart from any station's)")
    demo.add_argument("--reset", action="store_true",
                      help="start from fresh demo data: delete the demo's records first (only a folder the demo made)")
    demo.set_defaults(func=_demo)


def add_run(sub: argparse._SubParsersAction) -> None:
    run = sub.add_parser("run", help="run the station with its config")
    run.add_argument("config_file", nargs="?", type=Path, help="station.toml (or --config)")
    run.add_argument("--kiosk", action="store_true", help="full screen, frameless")
    run.add_argument("--headless", action="store_true", help="no screen: connectors, historian, alarms, sync")
    run.add_argument("--smoke", action="store_true", help="start, show the login screen, report the time, exit")
    run.add_argument("--smoke-png", type=Path, default=None, metavar="PNG",
                     help="with --smoke: also save the screen shown to PNG (installer checks)")
    add_config_argument(run)
    run.set_defaults(func=_run)


def add_screenshots(sub: argparse._SubParsersAction) -> None:
    shots = sub.add_parser("screenshots", help="render every screen to PNG (offscreen), en and ko, two sizes")
    shots.add_argument("--out", type=Path, required=True)
    shots.add_argument("--sizes", default="1024x768,1920x1080")
    shots.add_argument("--locales", default="en,ko")
    shots.set_defaults(func=_screenshots)


def _demo(args: argparse.Namespace) -> int:
    from hmi.demo import DemoDataRefused, demo_data_dir, prepare_demo_data
    from hmi.demo_peers import DemoPeerFailed, DemoPeers
    from screens.app import display_problem, run_gui

    problem = display_problem()
    if problem:
        print(problem)
        return 2
    try:
        data_dir = prepare_demo_data(args.data_dir or demo_data_dir(), reset=args.reset)
    except DemoDataRefused as exc:
        print(f"hmi demo: {exc}", file=sys.stderr)
        return 2
    print(f"hmi demo: records in {data_dir}{' (fresh)' if args.reset else ''}; starting the simulated peers …",
          flush=True)
    with DemoPeers() as peers:
        try:
            peers.start(["simulate", "--opcua-port", "48400", "--modbus-port", "15020"],  # the demo's equipment
                        ports=(48400, 15020))
            # The demo config's [mes] points here; the MES keeps its records in the demo's folder (--reset too).
            peers.start(["mes-sim", "--port", "18080", "--db", str(data_dir / "reference-mes.db")], ports=(18080,))
            peers.wait_ready()   # the station connects only to peers that listen: no "connection refused"
        except DemoPeerFailed as exc:
            print(f"hmi demo: {exc}", file=sys.stderr)
            return 2
        return run_gui(config_path=peers.config_path(demo_config_path()), kiosk=args.kiosk, data_dir=data_dir,
                       demo=True, verbose=args.verbose)


def _run(args: argparse.Namespace) -> int:
    path = args.config_file or config_path(args)
    if args.headless:
        from hmi.cli.headless_command import run_headless_station

        return run_headless_station(path, data_dir=args.data_dir, verbose=args.verbose)
    from screens.app import run_gui

    return run_gui(config_path=path, kiosk=args.kiosk, data_dir=args.data_dir, verbose=args.verbose, smoke=args.smoke,
                   smoke_png=args.smoke_png)


def _screenshots(args: argparse.Namespace) -> int:
    from screens.screenshots import render_screenshots

    sizes = [tuple(int(n) for n in s.split("x")) for s in args.sizes.split(",")]
    written = render_screenshots(out=args.out, sizes=sizes, locales=args.locales.split(","))  # type: ignore[arg-type]
    for path in written:
        print(path)
    return 0
