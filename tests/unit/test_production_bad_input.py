"""Operator text is stored and read back exactly as typed, or refused with a message that says why."""

from __future__ import annotations

import pytest

from hmi.auth import Role
from hmi.production import records
from hmi.production.records import ProductionError
from hmi.station import Station
from tests.production_support import ORDER, load_demo, login, start_demo_lot

ODD_TEXTS = [
    "'; DROP TABLE lots; --",
    "Robert'); DELETE FROM defects WHERE ('1'='1",
    "🔥 burnt edge 🔥 👍🏽",
    "도장 불량 — 모서리에 기포",
    "line one\nline two\ttabbed",
    "%_\\ like wildcards",
]


@pytest.mark.parametrize("text", ODD_TEXTS)
async def test_odd_text_in_every_defect_field_is_stored_as_typed(station: Station, text: str) -> None:
    await load_demo(station)
    await login(station, Role.OPERATOR)
    await start_demo_lot(station)
    single_line = text.replace("\n", " ").replace("\t", " ")
    defect = await station.production.defects.record(code="SURF-SCRATCH", location=single_line, note=text,
                                                     serial=single_line)
    back = await station.store.read(lambda db: records.defect_by_id(db, defect.id))
    assert back is not None and (back.note, back.location, back.serial) == (text, single_line, single_line)
    lots = await station.store.read(lambda db: records.search_lots(db, text=text))
    assert lots == []   # a search with odd text finds nothing and breaks nothing


async def test_ten_thousand_character_note_is_refused_clearly(station: Station) -> None:
    await load_demo(station)
    await login(station, Role.OPERATOR)
    await start_demo_lot(station)
    with pytest.raises(ProductionError, match=r"Note is too long \(10000 characters; at most 4000\)"):
        await station.production.defects.record(code="SURF-SCRATCH", note="x" * 10_000)
    ok = await station.production.defects.record(code="SURF-SCRATCH", note="가" * 4000)
    assert len(ok.note) == 4000


@pytest.mark.parametrize("lot_no", ["", " ", "X" * 10_000, "ANO1-261124-0001\x00", "ANO1-261124-0001; DROP TABLE lots",
                                    "ANO1-２６１１２４-0001", "로트-0001", "🔥"])
async def test_absurd_lot_numbers_are_refused_with_a_message(station: Station, lot_no: str) -> None:
    await load_demo(station)
    await login(station, Role.OPERATOR)
    status = await station.production.instructions.status_for(ORDER)
    assert status.doc is not None
    await station.production.instructions.acknowledge(instruction_id=status.doc.instruction_id,
                                                      version=status.doc.version)
    with pytest.raises(ProductionError) as err:
        await station.production.lots.start(work_order=ORDER, lot_no=lot_no)
    assert str(err.value)
    assert await station.store.read(lambda db: db.execute("SELECT count(*) FROM lots").fetchone()[0]) == 0


async def test_absurd_quantities_and_codes_are_refused(station: Station) -> None:
    await load_demo(station)
    await login(station, Role.OPERATOR)
    await start_demo_lot(station)
    for qty in (0, -1, 10**12):
        with pytest.raises(ProductionError, match="quantity"):
            await station.production.defects.record(code="SURF-PIT", qty=qty)
    with pytest.raises(ProductionError, match="unknown defect code"):
        await station.production.defects.record(code="' OR 1=1 --")
    with pytest.raises(ProductionError, match="count"):
        await station.production.lots.add_count(good=-5)
