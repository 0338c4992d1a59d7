"""The lot report PDF renders, holds the lot's defects and sign-offs, and shows Hangul."""

from __future__ import annotations

import asyncio
import os
from pathlib import Path

import pypdfium2 as pdfium

from hmi.auth import Role
from hmi.clock import ManualClock
from hmi.production.production import Production
from hmi.production.report_texts import ReportTexts
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
    for expected in (LOT, "FILM-BURN", "FILM-THIN", "Burning", "뒷면 모서리", "13.2", "WO-24117", "Lot report"):
        assert expected in text, expected
    assert "버닝" not in text and "로트 보고서" not in text    # English only: no Korean names beside the English
    assert bitmap.getbbox() is not None  # something was drawn

    # The core takes its words as plain data (the screens translate them): a record's Korean name comes with it.
    korean = ReportTexts(language="ko", words={"Defects": "불량", "Lot report — {lot_no}": "로트 보고서 — {lot_no}"},
                         counts=lambda text, n: f"부품 {n}개")
    pdf = await station.production.lot_report_pdf(LOT, station_name="Anodizing line 1", trend=trend, texts=korean)
    document = pdfium.PdfDocument(pdf)
    try:
        text = "".join(document[i].get_textpage().get_text_range() for i in range(len(document)))
    finally:
        document.close()
    assert "로트 보고서 — " + LOT in text and "불량" in text and "버닝" in text and "Burning" not in text



async def test_lot_page_takes_alarms_from_the_alarm_source(station: Station) -> None:
    await load_demo(station)
    await login(station, Role.OPERATOR)
    await start_demo_lot(station)

    class Alarms:
        async def during(self, span: object) -> list[dict[str, object]]:
            return [{"ts": 1.0, "alarm": "Bath1.Temp HI"}]

    # The alarm source is handed to production when it is made: one made here, on the station's store.
    production = Production(store=station.store, auth=station.auth, clock=station.clock, bus=station.bus,
                            station_id=station.station_id, config=station.config.production, alarms=Alarms())
    page = await production.lot_page(LOT)
    assert page is not None and page.alarms == [{"ts": 1.0, "alarm": "Bath1.Temp HI"}]
    pdf = await production.lot_report_pdf(LOT, station_name="S")
    document = pdfium.PdfDocument(pdf)
    try:
        text = "".join(document[i].get_textpage().get_text_range() for i in range(len(document)))
    finally:
        document.close()
    assert "Bath1.Temp HI" in text


async def test_report_summarises_counts_names_people_and_words_one_sided_limits(make_station: object,
                                                                             clock: ManualClock) -> None:
    from tests.conftest import station_config

    station: Station = make_station(station_config(connections={}, production={"counter_tag": "part_counter",
                                                                               "snapshot_tags": ["bath_temp"]}))
    await station.start()
    try:
        await load_demo(station)
        await login(station, Role.OPERATOR)
        station.bus.publish(Sample("bath_temp", clock.now(), 20.41234, Quality.GOOD))
        station.bus.publish(Sample("part_counter", clock.now(), 0, Quality.GOOD))
        await start_demo_lot(station)
        for value in range(1, 301):   # 300 parts from the line, one write each
            station.bus.publish(Sample("part_counter", clock.now(), value, Quality.GOOD))
            await station.production.lots.idle()
        await station.production.lots.pause(reason_code="DT-MAT")
        station.bus.publish(Sample("part_counter", clock.now(), 304, Quality.GOOD))
        await station.production.lots.idle()
        from hmi.production.lots import PauseCounts

        await station.production.lots.resume(pause_counts=PauseCounts.NOT_THIS_LOT)
        await station.production.defects.record(
            code="COL-SHADE", measurement={"tag": "colour_delta_e", "value": 2.1, "unit": "", "lo": None, "hi": 1.5})
        await sign_all_steps(station)
        await station.production.lots.finish(confirm_good=300, confirm_scrap=0)
        station.bus.publish(Sample("part_counter", clock.now(), 306, Quality.GOOD))
        await station.production.lots.idle()
        pdf = await station.production.lot_report_pdf(LOT, station_name="Anodizing line 1", trend={})
    finally:
        await station.stop()
    if os.environ.get("LOT_REPORT_OUT"):   # to look at it: LOT_REPORT_OUT=/tmp/lot.pdf, then pdftoppm
        await asyncio.to_thread(Path(os.environ["LOT_REPORT_OUT"]).write_bytes, pdf)
    document = pdfium.PdfDocument(pdf)
    try:
        pages = len(document)
        text = " ".join(" ".join(document[i].get_textpage().get_text_range() for i in range(pages)).split())
    finally:
        document.close()
    assert pages <= 2, pages                                  # not pages of one-part "count" rows
    assert "count × 300" in text and "Late counts" in text
    assert "None" not in text, text[max(0, text.find("None") - 200):text.find("None") + 50]
    assert "at most 1.5" in text and "COL-SHADE" in text
    assert "Kim Min-jun" in text and "No material" in text   # names, not user ids and reason codes
    assert "20.4 °C" in text and "20.41" not in text and "(GOOD)" not in text   # the tag's format and unit


def test_a_translation_that_loses_a_name_gives_the_english_text() -> None:
    texts = ReportTexts(language="ko", words={"Aborted: {reason}": "중단 사유: {reson}", "VOID: {reason}": "무효: {reason}"})
    assert texts("Aborted: {reason}", reason="jam") == "Aborted: jam"
    assert texts("VOID: {reason}", reason="jam") == "무효: jam"
    assert texts("Summary") == "Summary"     # not translated: English
