"""Soak (issue 17 §7): the GUI station under Xvfb for N minutes, looking for slow leaks.

The real ``MainWindow`` (as ``hmi run`` builds it) with a supervisor signed in, switching between
the live trends and the alarm list every 30 s. The equipment simulator runs in a process of its own
(its memory is not the station's) at 10x the demo's rates: it ticks every 10 ms, and every tag
interval and the OPC-UA publishing interval are a tenth of the demo's. Every minute both
connections drop (OPC-UA gone for 2 s, Modbus clients cut off); every 5 minutes 200 alarms flood
in, return to normal and are acknowledged.

Every minute it prints RSS, CPU (share of one core over that minute), threads, open fds and
asyncio tasks; at the end, each one's growth extrapolated to 24 h from a least-squares line over
the minutes after the first (warm-up: caches, the historian's first blocks, Qt's glyph cache).
Targets: RSS growth < 20 MB / 24 h; threads, fds and tasks flat.

The baseline, in the same run: the same figures for the first minute. Under load: ``--under-load``
runs the whole soak with ``stress-ng --cpu 2`` in the background (benchmarks/load.py); a soak is
long, so the default is one idle soak (``make bench`` runs it idle and then loaded, in quick mode).

    .venv/bin/python benchmarks/soak.py [--minutes 30] [--quick (3 minutes)] [--idle-only | --under-load]
                                        [--tracemalloc]

Without a display it runs itself again under ``xvfb-run``.
"""

from __future__ import annotations

import argparse
import asyncio
import ctypes
import multiprocessing
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import tomllib
from dataclasses import dataclass
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from benchmarks import load  # noqa: E402

DEMO_CONFIG = REPO / "resources" / "demo" / "station.toml"
SPEEDUP = 10
FLOOD_ALARMS = 200
DROP_EVERY_S = 60.0
FLOOD_EVERY_S = 300.0
SWITCH_EVERY_S = 30.0
SUPERVISOR = ("3001", "3579")
MB = 1024 * 1024


# The simulator's process ---------------------------------------------------------------------------
def simulate(conn: Connection) -> None:
    """Serve the line at 10x the demo's tick until told to stop; drop the connections when told."""
    import logging

    logging.basicConfig(level=logging.CRITICAL)
    from plugins.simulators.equipment import EquipmentSimulator

    async def main() -> None:
        sim = EquipmentSimulator(seed=5, tick_s=0.1 / SPEEDUP)
        await sim.start()
        conn.send((sim.opcua_endpoint, sim.modbus.port))
        loop = asyncio.get_running_loop()
        while True:
            command = await loop.run_in_executor(None, conn.recv)
            if command == "drop":
                await sim.drop_connections(outage_s=2.0)
            elif command == "stop":
                break
        await sim.stop()

    asyncio.run(main())


def soak_config(endpoint: str, modbus_port: int) -> Any:
    """The demo config, pointed at the simulator, every interval a tenth, plus the flood's alarms."""
    from hmi.config import parse_config

    raw = tomllib.loads(DEMO_CONFIG.read_text(encoding="utf-8"))

    def faster(node: Any) -> None:
        if isinstance(node, dict):
            for key, value in node.items():
                if key in ("interval_s", "publishing_interval_s") and isinstance(value, int | float):
                    node[key] = value / SPEEDUP
                else:
                    faster(value)

    raw["security"]["idle_logout_s"] = 7 * 86_400   # nobody touches the panel during a soak
    faster(raw["connections"])
    faster(raw["tags"])
    raw["connections"]["line_opcua"].update(endpoint=endpoint, reconnect_min_s=0.2, reconnect_max_s=1.0)
    raw["connections"]["rectifier_plc"].update(port=modbus_port, reconnect_min_s=0.2, reconnect_max_s=1.0)
    raw.setdefault("alarms", {}).update({
        f"soak_flood_{i}": {"tag": f"soak.flood{i}", "kind": "hi", "limit": 10.0, "deadband": 1.0,
                            "priority": ["critical", "high", "medium", "low"][i % 4], "message_en": f"Soak flood {i}"}
        for i in range(FLOOD_ALARMS)})
    return parse_config(raw, source=DEMO_CONFIG)


# Figures -------------------------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class Reading:
    minute: float
    rss_mb: float
    cpu_pct: float
    threads: int
    fds: int
    tasks: int
    samples_per_s: float
    sqlite_mb: float
    malloc_used_mb: float
    malloc_free_mb: float


def sqlite_heap_mb() -> float:
    """What SQLite itself holds (page caches above all: part of RSS that tracemalloc does not see)."""
    import _sqlite3

    try:
        used = ctypes.CDLL(_sqlite3.__file__).sqlite3_memory_used
    except AttributeError:
        return float("nan")
    used.restype = ctypes.c_int64
    return float(used()) / MB


class _MallInfo2(ctypes.Structure):
    _fields_ = [(name, ctypes.c_size_t) for name in
                ("arena", "ordblks", "smblks", "hblks", "hblkhd", "usmblks", "fsmblks", "uordblks", "fordblks",
                 "keepcost")]


def malloc_mb() -> tuple[float, float]:
    """glibc's heap, in use and free-but-kept (MB): C and C++ allocations (Qt, SQLite, Python's own
    arenas) that RSS counts. Free growing while in use stays flat is fragmentation, not a leak."""
    try:
        mallinfo2 = ctypes.CDLL(None).mallinfo2
    except AttributeError:
        return float("nan"), float("nan")
    mallinfo2.restype = _MallInfo2
    info = mallinfo2()
    return (info.uordblks + info.hblkhd) / MB, info.fordblks / MB


def slope_per_day(xs: list[float], ys: list[float]) -> float:
    """Least-squares slope of ys over xs (minutes), scaled to 24 h."""
    if len(xs) < 2:
        return 0.0
    mean_x, mean_y = statistics.fmean(xs), statistics.fmean(ys)
    spread = sum((x - mean_x) ** 2 for x in xs)
    if spread == 0:
        return 0.0
    return sum((x - mean_x) * (y - mean_y) for x, y in zip(xs, ys, strict=True)) / spread * 24 * 60


def summary(readings: list[Reading]) -> list[str]:
    after = readings[1:] if len(readings) > 2 else readings
    xs = [r.minute for r in after]
    lines = [f"growth extrapolated to 24 h (least squares over minutes {after[0].minute:.0f}-{after[-1].minute:.0f};"
             f" baseline = minute {readings[0].minute:.0f}):"]
    rss = slope_per_day(xs, [r.rss_mb for r in after])
    lines.append(f"  RSS     {rss:+8.1f} MB / 24 h   (target < 20; first {readings[0].rss_mb:.1f} MB,"
                 f" last {readings[-1].rss_mb:.1f} MB)")
    lines.append(f"  SQLite  {slope_per_day(xs, [r.sqlite_mb for r in after]):+8.1f} MB / 24 h   (page caches, bounded:"
                 f" first {readings[0].sqlite_mb:.1f} MB, last {readings[-1].sqlite_mb:.1f} MB)")
    lines.append(f"  malloc  {slope_per_day(xs, [r.malloc_used_mb for r in after]):+8.1f} MB / 24 h in use,"
                 f" {slope_per_day(xs, [r.malloc_free_mb for r in after]):+.1f} MB / 24 h free but kept (glibc heap:"
                 f" first {readings[0].malloc_used_mb:.1f} + {readings[0].malloc_free_mb:.1f} MB,"
                 f" last {readings[-1].malloc_used_mb:.1f} + {readings[-1].malloc_free_mb:.1f} MB)")
    for name in ("threads", "fds", "tasks"):
        values = [getattr(r, name) for r in after]
        lines.append(f"  {name:<7} {slope_per_day(xs, [float(v) for v in values]):+8.1f} / 24 h   (min {min(values)},"
                     f" max {max(values)} after the first minute; target flat)")
    lines.append(f"  CPU     mean {statistics.fmean(r.cpu_pct for r in after):.1f} % of one core")
    return lines


# The station ---------------------------------------------------------------------------------------
def heap_growth(before: Any, after: Any, *, top: int = 15) -> list[str]:
    """What Python allocated between two tracemalloc snapshots and still holds, by where, largest first."""
    stats = after.compare_to(before, "traceback")
    lines = [f"tracemalloc: {sum(s.size_diff for s in stats) / MB:+.2f} MB held since the first snapshot; largest:"]
    for stat in stats[:top]:
        lines.append(f"  {stat.size_diff / 1024:+9.1f} KiB {stat.count_diff:+7d} blocks")
        lines.extend(f"      {frame.filename}:{frame.lineno}" for frame in stat.traceback[:6])
    return lines


@dataclass(frozen=True, slots=True)
class Experiment:
    """One-variable experiments for the RSS growth (issue 17 §7): each switches one suspect off."""
    drops: bool = True
    floods: bool = True
    cache_kib: int = 0          # > 0: every SQLite connection's page cache capped to this
    trim: bool = False          # malloc_trim(0) before each reading: what glibc gives back is fragmentation
    flood_every_s: float = FLOOD_EVERY_S   # shorter: several floods in a short soak (per-flood or once?)
    heap_trim: bool = True      # the collector's own malloc_trim once a minute (hmi/heap.py); off: the baseline


def rss_by_kind_mb() -> tuple[float, float, float]:
    """RSS split as /proc/self/smaps sees it: the brk heap (glibc's main arena), anonymous mappings
    (other arenas, Python's obmalloc arenas, large blocks, Qt's images) and file-backed pages."""
    heap = anon = files = 0
    kind = ""
    with open("/proc/self/smaps", encoding="ascii", errors="replace") as smaps:
        for line in smaps:
            if line.startswith("Rss:"):
                kib = int(line.split()[1])
                if kind == "[heap]":
                    heap += kib
                elif kind.startswith("/"):
                    files += kib
                else:
                    anon += kib
            elif "-" in line.split(" ", 1)[0] and not line[0].isupper():
                parts = line.split(None, 5)
                kind = parts[5].strip() if len(parts) > 5 else ""
    return heap / 1024, anon / 1024, files / 1024


def cap_sqlite_caches(kib: int) -> None:
    """Every connection the stores open (writer and readers, both files) gets a page cache of kib."""
    import hmi.historian.database as history
    import hmi.store.store as store

    history.WRITER_CACHE_KIB = history.READER_CACHE_KIB = kib
    plain = store.connect

    def capped(*args: Any, **kwargs: Any) -> Any:
        db = plain(*args, **kwargs)
        db.conn.execute(f"PRAGMA cache_size = -{kib}")
        return db

    store.connect = capped


def malloc_trim() -> None:
    ctypes.CDLL("libc.so.6").malloc_trim(0)


async def soak(minutes: float, conn: Connection, endpoint: str, modbus_port: int, data_dir: Path,
               trace: bool = False, experiment: Experiment = Experiment()) -> list[Reading]:
    import tracemalloc

    import psutil

    from hmi.demo import ensure_demo_users
    from hmi.heap import LoopThreadCollector, settle_after_start
    from hmi.station import Station
    from hmi.tags import Quality, Sample
    from screens.app import theme_stylesheet
    from screens.i18n import LanguageManager
    from screens.main_window import MainWindow

    if experiment.cache_kib:
        cap_sqlite_caches(experiment.cache_kib)
    station = Station(config=soak_config(endpoint, modbus_port), data_dir=data_dir).open()
    collector = LoopThreadCollector() if experiment.heap_trim else LoopThreadCollector(trim=None)
    collector.start()
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance()
    assert isinstance(app, QApplication)
    app.setStyleSheet(theme_stylesheet())
    window = MainWindow(station=station, languages=LanguageManager(app))
    window.resize(1024, 768)
    window.show()
    await ensure_demo_users(station)
    await window.start()
    await station.start()
    settle_after_start()
    await station.auth.login_pin(*SUPERVISOR)
    window.navigate("trends")
    received = [0]

    def count(_sample: Any) -> None:
        received[0] += 1

    unsubscribe = station.bus.subscribe(count)
    me = psutil.Process()
    loop = asyncio.get_running_loop()
    began = loop.time()
    readings: list[Reading] = []
    next_drop = DROP_EVERY_S
    next_flood = experiment.flood_every_s / 2     # the first flood early, so that a short soak has one
    next_switch = SWITCH_EVERY_S
    next_reading = 60.0
    last_cpu = sum(me.cpu_times()[:2])
    last_at = began
    screens = ["alarms", "trends"]
    print(f"{'minute':>6} {'RSS MB':>8} {'CPU %':>6} {'threads':>7} {'fds':>5} {'tasks':>6} {'samples/s':>9}"
          f" {'SQLite MB':>9} {'malloc MB':>9} {'free MB':>7}", flush=True)
    try:
        while (elapsed := loop.time() - began) < minutes * 60:
            await asyncio.sleep(0.25)
            if elapsed >= next_switch:
                next_switch += SWITCH_EVERY_S
                window.navigate(screens[0])
                screens.reverse()
            if elapsed >= next_drop:
                next_drop += DROP_EVERY_S
                if experiment.drops:
                    conn.send("drop")
            if elapsed >= next_flood:
                next_flood += experiment.flood_every_s
                if experiment.floods:
                    await flood(station, Sample, Quality)
            if elapsed >= next_reading:
                next_reading += 60.0
                if experiment.trim:
                    before_trim, trim_began = me.memory_info().rss / MB, time.perf_counter()
                    malloc_trim()
                    trim_ms = (time.perf_counter() - trim_began) * 1000
                    print(f"  malloc_trim: RSS {before_trim:.1f} -> {me.memory_info().rss / MB:.1f} MB in {trim_ms:.1f} ms",
                          flush=True)
                now, cpu = loop.time(), sum(me.cpu_times()[:2])
                used_mb, free_mb = malloc_mb()
                reading = Reading(minute=elapsed / 60, rss_mb=me.memory_info().rss / MB,
                                  cpu_pct=(cpu - last_cpu) / (now - last_at) * 100, threads=me.num_threads(),
                                  fds=me.num_fds(), tasks=len(asyncio.all_tasks()),
                                  samples_per_s=received[0] / (now - last_at), sqlite_mb=sqlite_heap_mb(),
                                  malloc_used_mb=used_mb, malloc_free_mb=free_mb)
                last_cpu, last_at, received[0] = cpu, now, 0
                readings.append(reading)
                if trace and len(readings) == 1:
                    tracemalloc.start(6)
                    first_snapshot = tracemalloc.take_snapshot()
                heap_mb, anon_mb, files_mb = rss_by_kind_mb()
                print(f"{reading.minute:6.1f} {reading.rss_mb:8.1f} {reading.cpu_pct:6.1f} {reading.threads:7d}"
                      f" {reading.fds:5d} {reading.tasks:6d} {reading.samples_per_s:9.1f} {reading.sqlite_mb:9.1f}"
                      f" {reading.malloc_used_mb:9.1f} {reading.malloc_free_mb:7.1f}"
                      f"  smaps heap {heap_mb:.1f} anon {anon_mb:.1f} files {files_mb:.1f}",
                      flush=True)
        if trace and len(readings) > 1:
            import gc

            gc.collect()
            for line in heap_growth(first_snapshot, tracemalloc.take_snapshot()):
                print(line, flush=True)
    finally:
        unsubscribe()
        window.hide()
        await window.tasks.cancel_all()
        await station.stop()
        window.deleteLater()
        station.close()
        collector.stop()
    return readings


async def flood(station: Any, sample: Any, quality: Any) -> None:
    """200 alarms at once, back to normal 5 s later, then acknowledged (the list empties again)."""
    tags = [f"soak.flood{i}" for i in range(FLOOD_ALARMS)]
    station.bus.publish_many(sample(tag, station.clock.now(), 20.0, quality.GOOD) for tag in tags)
    await asyncio.sleep(5.0)
    station.bus.publish_many(sample(tag, station.clock.now(), 0.0, quality.GOOD) for tag in tags)
    await asyncio.sleep(1.0)
    await station.alarms.acknowledge([f"soak_flood_{i}" for i in range(FLOOD_ALARMS)], comment="soak")


def inside_display(minutes: float, label: str, trace: bool = False, experiment: Experiment = Experiment()) -> int:
    import logging

    import qasync

    from screens.app import make_application

    logging.basicConfig(level=logging.ERROR)
    context = multiprocessing.get_context("spawn")   # no fork of a process that holds Qt
    parent, child = context.Pipe()
    simulator = context.Process(target=simulate, args=(child,), name="soak-simulator", daemon=True)
    simulator.start()
    endpoint, modbus_port = parent.recv()
    app = make_application()
    loop = qasync.QEventLoop(app)
    asyncio.set_event_loop(loop)
    print(f"[{label}] soak for {minutes:g} min: simulator x{SPEEDUP} at {endpoint} and Modbus :{modbus_port};"
          f" a drop every {DROP_EVERY_S:.0f} s, {FLOOD_ALARMS} alarms every {FLOOD_EVERY_S:.0f} s; {experiment}",
          flush=True)
    try:
        with tempfile.TemporaryDirectory(prefix="hmi-soak-") as tmp, loop:
            readings = loop.run_until_complete(soak(minutes, parent, endpoint, modbus_port, Path(tmp) / "data",
                                                    trace, experiment))
    finally:
        parent.send("stop")
        simulator.join(timeout=30)
        if simulator.is_alive():
            simulator.terminate()
    if readings:
        for line in summary(readings):
            print(line, flush=True)
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--minutes", type=float, default=None, help="how long (30; 3 with --quick)")
    parser.add_argument("--inside-display", default="", help=argparse.SUPPRESS)
    parser.add_argument("--tracemalloc", action="store_true",
                        help="trace Python allocations after the first minute; print what is still held at the end,"
                             " by where (slows the station: a tool for finding a leak, not for the figures)")
    parser.add_argument("--no-drops", action="store_true", help="experiment: no connection drops")
    parser.add_argument("--no-floods", action="store_true", help="experiment: no alarm floods")
    parser.add_argument("--cache-kib", type=int, default=0, help="experiment: every SQLite page cache capped (KiB)")
    parser.add_argument("--no-heap-trim", action="store_true", help="baseline: the collector never trims the heap")
    parser.add_argument("--flood-every", type=float, default=FLOOD_EVERY_S, help="experiment: seconds between floods")
    parser.add_argument("--malloc-trim", action="store_true",
                        help="experiment: malloc_trim(0) before each reading, printing RSS before and after")
    load.add_options(parser)
    args = parser.parse_args()
    experiment = Experiment(drops=not args.no_drops, floods=not args.no_floods, cache_kib=args.cache_kib,
                            trim=args.malloc_trim, flood_every_s=args.flood_every,
                            heap_trim=not args.no_heap_trim)
    minutes = args.minutes or (3.0 if args.quick else 30.0)
    if args.inside_display:
        return inside_display(minutes, args.inside_display, args.tracemalloc, experiment)
    if not args.quick and not args.under_load:
        args.idle_only = True    # a full soak is long: one idle soak unless asked for the loaded one
    for label in load.passes(args):
        command = [sys.executable, __file__, "--minutes", str(minutes), "--inside-display", label,
                   *(["--tracemalloc"] if args.tracemalloc else []), *(["--no-drops"] if args.no_drops else []),
                   *(["--no-floods"] if args.no_floods else []), "--cache-kib", str(args.cache_kib),
                   *(["--malloc-trim"] if args.malloc_trim else []), "--flood-every", str(args.flood_every),
                   *(["--no-heap-trim"] if args.no_heap_trim else [])]
        env = {**os.environ, "QT_QPA_PLATFORM": "xcb"}
        if not os.environ.get("DISPLAY"):
            if shutil.which("xvfb-run") is None:
                raise SystemExit("xvfb-run is not installed (packaging/system-deps.sh --demo installs it)")
            command = ["xvfb-run", "-a", "-s", "-screen 0 1024x768x24", *command]
        result = subprocess.run(command, env=env, check=False)
        if result.returncode:
            return result.returncode
    return 0


if __name__ == "__main__":
    sys.exit(main())
