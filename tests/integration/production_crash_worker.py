"""Runs the production service layer in a loop until it is killed; prints each save after it returned.

Used by test_production_crash_safety.py. It imports once and forks a fresh station process for each
``GO`` line on stdin (so 50 kills do not pay 50 interpreter start-ups). Line protocol on stdout
(flushed): ``CHILD <pid>``, ``READY``, ``SAVED lot <lot_no>``, ``SAVED count <lot_no> <good>``,
``SAVED defect <id>``, ``SAVED finish <lot_no>``, ``REAPED <pid> <status>``.
"""

from __future__ import annotations

import asyncio
import functools
import os
import sys
import time
from pathlib import Path

from hmi.auth import Role, Session
from hmi.config import load_config
from hmi.production import records
from hmi.production.bundle_files import load_bundle_dir
from hmi.production.masterdata import apply_masterdata
from hmi.station import Station

REPO = Path(__file__).resolve().parent.parent.parent
ORDER = "WO-24117"
CHECKLIST = ["Bath 1 temperature 18–22 °C on the panel", "Agitation running", "Rectifier in remote mode"]


def say(line: str) -> None:
    sys.stdout.write(line + "\n")
    sys.stdout.flush()


async def main(data_dir: Path) -> None:
    station = Station(config=load_config(REPO / "resources" / "demo" / "station.toml"), data_dir=data_dir)
    station.open()
    await station.start()
    # The service layer is under test, not the PIN hashing: sign in directly as an operator.
    station.auth._signed_in.set(Session(username="1001", display_name="Kim", role=Role.OPERATOR,
                                     started_at=time.time(), method="pin"))
    if await station.store.read(lambda db: db.execute("SELECT count(*) FROM md_bundles").fetchone()[0]) == 0:
        bundle = load_bundle_dir(REPO / "resources" / "demo" / "masterdata")
        await station.store.write(lambda db: apply_masterdata(db, bundle, source="crash-test",
                                                              version=bundle["version"], ts=time.time(),
                                                              station=station.station_id, actor="test"))
    production = station.production
    status = await production.instructions.status_for(ORDER)
    assert status.doc is not None
    await production.instructions.acknowledge(instruction_id=status.doc.instruction_id, version=status.doc.version)
    say("READY")
    while True:
        lot = await station.store.read(lambda db: records.active_lot(db, station.station_id))
        if lot is None:
            used = await station.store.read(lambda db: db.execute("SELECT count(*) FROM lots").fetchone()[0])
            lot = await production.lots.start(work_order=ORDER, lot_no=f"ANO1-261124-{used + 1:04d}")
            say(f"SAVED lot {lot.lot_no}")
        else:
            production.lots._active.set(lot)
        for _ in range(3):
            counted = await production.lots.add_count(good=1)
            say(f"SAVED count {counted.lot_no} {counted.good}")
            defect = await production.defects.record(code="SURF-SCRATCH", note="crash test 스크래치")
            say(f"SAVED defect {defect.id}")
        signed = {s.step_index for s in await station.store.read(functools.partial(records.signoffs_of_lot, lot_id=lot.id))}
        for index, value in ((0, True), (1, CHECKLIST), (2, 190.0), (4, 15.0), (5, True)):
            if index not in signed:
                await production.instructions.sign(step_index=index, value=value)
        current = production.lots.active.value
        assert current is not None
        await production.lots.finish(confirm_good=current.good, confirm_scrap=current.scrap)
        say(f"SAVED finish {current.lot_no}")


def zygote(data_dir: Path) -> None:
    for command in sys.stdin:
        if command.strip() != "GO":
            break
        pid = os.fork()
        if pid == 0:
            try:
                asyncio.run(main(data_dir))
            finally:
                os._exit(1)
        say(f"CHILD {pid}")
        _, status = os.waitpid(pid, 0)
        say(f"REAPED {pid} {status}")


if __name__ == "__main__":
    zygote(Path(sys.argv[1]))
