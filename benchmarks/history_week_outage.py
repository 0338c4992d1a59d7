"""A week's outage of the centre, then its backfill into PostgreSQL while the live bus keeps its pace (issue 20).

    .venv/bin/python benchmarks/history_week_outage.py [--quick] [--idle-only | --under-load] [--days 7]

23 tags at 1 Hz for ``--days`` (7: 13.9 M rows; --quick: 0.5 day, 1 M rows) are generated into
history.db, as a station that could not reach PostgreSQL would hold them. Then PostgreSQL comes
back and the real uploader backfills with the station's default budget (rows/s and CPU share from
``[history]``), oldest first. Meanwhile the loop carries the live path of the equipment issue: 23
tags published on the station's TagBus at 10 Hz, each sample's delay from its due time to its
delivery measured. The baseline is the same live path in the same pass with no backfill running.
After the backfill: the central row count equals the edge's, with no duplicate key.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks import load
from benchmarks.history_upload import backfill
from hmi.historian.database import HistoryDatabase
from hmi.historian.upload_config import HistorySection
from hmi.tags import Quality, Sample
from hmi.tags.bus import TagBus
from plugins.history.postgres import PostgresSink
from tests.history_support import context, fill
from tests.postgres import Postgres, binaries

TAGS = [f"Line.Tag{i:02d}" for i in range(23)]
LIVE_HZ = 10.0


class LivePath:
    """23 tags published on the bus every 100 ms; the delay of each delivery past its due time."""

    def __init__(self) -> None:
        self.bus = TagBus()
        self.delays_ms: list[float] = []
        self._due = 0.0
        self.bus.subscribe(self._heard)

    def _heard(self, sample: Sample) -> None:
        if sample.tag == TAGS[-1]:   # the last of a tick's samples: the whole tick was delivered
            self.delays_ms.append((time.monotonic() - self._due) * 1000)

    async def run(self) -> None:
        loop = asyncio.get_running_loop()
        self._due = loop.time()
        while True:
            self._due += 1 / LIVE_HZ
            await asyncio.sleep(max(0.0, self._due - loop.time()))
            now = time.time()
            self.bus.publish_many(Sample(tag, now, float(i), Quality.GOOD) for i, tag in enumerate(TAGS))

    def take(self) -> list[float]:
        taken, self.delays_ms = self.delays_ms, []
        return taken


def percentile(values: list[float], q: float) -> float:
    return statistics.quantiles(values, n=1000, method="inclusive")[int(q * 10) - 1] if len(values) > 1 else float("nan")


def describe(delays: list[float]) -> str:
    return (f"median {statistics.median(delays):6.1f} ms  p99 {percentile(delays, 99):6.1f} ms  "
            f"max {max(delays):6.1f} ms  ({len(delays)} ticks)")


async def backfill_pass(label: str, days: float) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "history.db"
        db = HistoryDatabase(path=path).open()
        per_tag = int(days * 86400)
        started = time.monotonic()
        total = fill(db, tags=TAGS, start_s=time.time() - per_tag - 60, count=per_tag)
        print(f"{total:,} rows of {len(TAGS)} tags generated into history.db ({days:g} days at 1 Hz) in "
              f"{time.monotonic() - started:.0f} s", flush=True)
        pg = Postgres()
        pg.start()
        live = LivePath()
        live_task = asyncio.create_task(live.run())
        try:
            await asyncio.sleep(5)
            baseline = live.take()
            settings = HistorySection()   # the station's default budget
            sink = PostgresSink.from_options(pg.options(schema="week"), context())
            rate, _cpu = await backfill(db, sink, "pg", total, budget=settings)
            spent = total / rate
            during = live.take()
            central, distinct = pg.query("SELECT count(*), count(DISTINCT (tag, ts)) FROM week.sample")[0]
            print(f"backfill {total:,} rows in {spent:.0f} s = {total / spent:,.0f} rows/s (budget "
                  f"{settings.backfill_rows_per_s:,.0f} rows/s, {settings.backfill_cpu_share:.0%} of a core); "
                  f"direct COPY {sink.paths.direct_rows:,} rows, staged {sink.paths.staged_rows:,}")
            verdict = "match" if int(central) == total and int(distinct) == int(central) else "MISMATCH"
            print(f"central rows {int(central):,}, distinct keys {int(distinct):,}, edge rows {total:,}: {verdict}")
            print(f"live bus, no backfill (baseline): {describe(baseline)}")
            print(f"live bus, during the backfill:    {describe(during)}")
        finally:
            live_task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await live_task
            pg.remove()
            db.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    load.add_options(parser)
    parser.add_argument("--days", type=float, default=None, help="days of outage (7; 0.5 with --quick)")
    args = parser.parse_args()
    if binaries() is None:
        raise SystemExit("PostgreSQL is not installed (packaging/system-deps.sh --test)")
    days = args.days if args.days is not None else (0.5 if args.quick else 7.0)
    for label in load.passes(args):
        asyncio.run(backfill_pass(label, days))


if __name__ == "__main__":
    main()
