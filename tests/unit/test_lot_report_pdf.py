"""The lot report PDF renders, holds the lot's defects and sign-offs, and shows Hangul."""

from __future__ import annotations

import pypdfium2 as pdfium

from hmi.auth import Role
from hmi.clock import ManualClock
from hmi.station import Station
from hmi.tags import Quality, Sample
from tests.production_support import LOT, load_demo, login, sign_all_steps, start_demo_lot


async def test_report_contains_defects_signoffs_and_korean(station: Station, clock: ManualClock) -> None:
    await load_demo(station)
    await login(station, Role.OPERATOR)
    station.bus.publish(Sample("bath_temp", clock.now(), 20.4, Quality.GOOD))
    await start_demo_lot(station)
    await station.production.defects.record(code="FILM-BURN", qty=3, location="뒷면 모서리", note="rack 7")
    await station.production.defects.record(
        code="FILM-THIN", measurement={"tag": "Part.Thickness", "value": 13.2, "unit": "µm", "lo": 15, "hi": 25})
    await station.production.lots.add_count(good=40, scrap=3)
    await sign_all_steps(station)
    clock.advance(600)
    await station.production.lots.finish(confirm_good=40, confirm_scrap=3)
    trend = {"Bath1.Temp": [(clock.now() - 600 + i * 60, 20 + (i % 3) * 0.2) for i in range(11)]}
    pdf = await station.production.lot_report_pdf(LOT, station_name="Anodizing line 1", trend=trend)
    assert pdf.startswith(b"%PDF")
    document = pdfium.PdfDocument(pdf)
    try:
        text = "".join(document[i].get_textpage().get_text_range() for i in range(len(document)))
        bitmap = document[0].render(scale=1).to_pil()
    finally:
        document.close()
    for expected in (LOT, "FILM-BURN", "FILM-THIN", "버닝", "뒷면 모서리", "13.2", "WO-24117", "로트 보고서"):
        assert expected in text, expected
    assert bitmap.getbbox() is not None  # something was drawn



async def test_lot_page_takes_alarms_from_the_alarm_source(station: Station) -> None:
    await load_demo(station)
    await login(station, Role.OPERATOR)
    await start_demo_lot(station)

    async def alarms(lot: object) -> list[dict[str, object]]:
        return [{"ts": 1.0, "alarm": "Bath1.Temp HI"}]

    station.production.alarm_source = alarms
    page = await station.production.lot_page(LOT)
    assert page is not None and page.alarms == [{"ts": 1.0, "alarm": "Bath1.Temp HI"}]
    pdf = await station.production.lot_report_pdf(LOT, station_name="S")
    document = pdfium.PdfDocument(pdf)
    try:
        text = "".join(document[i].get_textpage().get_text_range() for i in range(len(document)))
    finally:
        document.close()
    assert "Bath1.Temp HI" in text
