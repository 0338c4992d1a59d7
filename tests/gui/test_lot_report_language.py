"""The lot report PDF in the operator's language: the Lot history screen hands the report its words
(screens/lot_report_texts.py); Korean renders in a Hangul font with no English heading left, and the
counts of parts kept apart read "1 part", "4 parts", "부품 4개"."""

from __future__ import annotations

import asyncio
import os
import string
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from hmi.auth import Role
from hmi.production.lots import PauseCounts
from hmi.production.report_texts import ReportTexts
from hmi.station import Station
from hmi.tags import Quality, Sample
from tests.conftest import run, station_config
from tests.gui.window_support import close_window
from tests.production_support import LOT, load_demo, login, sign_all_steps, start_demo_lot

pytestmark = pytest.mark.gui

# The English headings and table words a Korean reader must not meet.
ENGLISH_HEADINGS = ("Lot report", "Summary", "Counts", "Process parameters", "Defects", "Instruction sign-offs",
                    "Events", "Trend", "Work order", "Late counts", "Kept apart", "Counter (line)", "Measurement",
                    "parts", "part", "minutes", "at most", "finished", "manual", "No material", "system:")


class _Asked(dict[str, str]):
    """The report's words, noting each text the report asks for."""

    def __init__(self, words: dict[str, str]) -> None:
        super().__init__(words)
        self.asked: set[str] = set()

    def get(self, key: str, default: Any = None) -> Any:  # type: ignore[override]
        self.asked.add(key)
        return super().get(key, default)


@pytest.fixture
def finished_lot(qloop: asyncio.AbstractEventLoop, qapp: Any, make_station: Any) -> Iterator[Station]:
    """A finished lot with a defect, a measurement, a pause with 4 parts counted in it, and 1 late part."""
    station: Station = make_station(station_config(connections={}, production={
        "counter_tag": "part_counter", "snapshot_tags": ["bath_temp"]}))
    run(qloop, station.start())

    async def story() -> None:
        now = station.clock.now
        await load_demo(station)
        await login(station, Role.OPERATOR)
        station.bus.publish(Sample("bath_temp", now(), 20.41234, Quality.GOOD))
        station.bus.publish(Sample("part_counter", now(), 0, Quality.GOOD))
        await start_demo_lot(station)
        for value in range(1, 31):
            station.bus.publish(Sample("part_counter", now(), value, Quality.GOOD))
            await station.production.lots.idle()
        await station.production.lots.pause(reason_code="DT-MAT")
        station.bus.publish(Sample("part_counter", now(), 34, Quality.GOOD))
        await station.production.lots.idle()
        await station.production.lots.resume(pause_counts=PauseCounts.NOT_THIS_LOT)
        await station.production.defects.record(code="FILM-BURN", qty=2, location="뒷면 모서리")
        await station.production.defects.record(
            code="COL-SHADE", measurement={"tag": "colour_delta_e", "value": 2.1, "unit": "", "lo": None, "hi": 1.5})
        await sign_all_steps(station)
        await station.production.lots.finish(confirm_good=30, confirm_scrap=0)
        station.bus.publish(Sample("part_counter", now(), 35, Quality.GOOD))   # one part in transit: late
        await station.production.lots.idle()

    try:
        run(qloop, story())
        yield station
    finally:
        run(qloop, station.stop())


def _report(qloop: asyncio.AbstractEventLoop, station: Station, texts: ReportTexts, tmp_path: Path,
            name: str) -> tuple[str, Path]:
    """The report's text as pdftotext reads it, and the PDF (LOT_REPORT_OUT=folder keeps it to look at)."""
    now = station.clock.now()
    trend = {"bath_temp": [(now - 600 + i * 60, 20 + (i % 3) * 0.2) for i in range(11)]}
    pdf = run(qloop, station.production.lot_report_pdf(LOT, station_name="Anodizing line 1", trend=trend,
                                                       texts=texts))
    folder = Path(os.environ.get("LOT_REPORT_OUT") or tmp_path)
    path = folder / f"{name}.pdf"
    path.write_bytes(pdf)
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, check=True, text=True).stdout
    return " ".join(text.split()), path


def _fonts_drawing_text(path: Path) -> dict[str, int]:
    """The font of every character drawn, by name, with its count (pdffonts also lists reportlab's unused
    Helvetica, so it cannot tell)."""
    import ctypes

    import pypdfium2 as pdfium
    import pypdfium2.raw as pdfium_c

    fonts: dict[str, int] = {}
    document = pdfium.PdfDocument(str(path))
    try:
        for page in document:
            textpage = page.get_textpage()
            name = ctypes.create_string_buffer(256)
            for i in range(textpage.count_chars()):
                if not chr(pdfium_c.FPDFText_GetUnicode(textpage, i)).strip():
                    continue
                pdfium_c.FPDFText_GetFontInfo(textpage, i, name, len(name), None)
                fonts[name.value.decode()] = fonts.get(name.value.decode(), 0) + 1
    finally:
        document.close()
    return fonts


def test_the_lot_report_is_written_in_english_and_in_korean(qloop: asyncio.AbstractEventLoop, qapp: Any,
                                                             finished_lot: Station, tmp_path: Path) -> None:
    from screens.i18n import LanguageManager
    from screens.lot_report_texts import TEXTS, lot_report_texts

    languages = LanguageManager(qapp)
    try:
        languages.set_language("en")
        english, _ = _report(qloop, finished_lot, lot_report_texts("en"), tmp_path, "lot-en")
        languages.set_language("ko")
        texts = lot_report_texts("ko")
        asked = _Asked(dict(texts.words))
        korean, korean_pdf = _report(qloop, finished_lot, ReportTexts(language="ko", words=asked,
                                                                      counts=texts.counts), tmp_path, "lot-ko")
    finally:
        languages.set_language("en")

    for expected in ("Lot report — " + LOT, "Summary", "Process parameters", "Defects", "Late counts",
                     "4 parts", "1 part", "No material", "at most 1.5", "Anodizing bath temperature", "line counter"):
        assert expected in english, expected
    assert "1 parts" not in english and "part(s)" not in english and "system:" not in english

    for expected in ("로트 보고서 — " + LOT, "요약", "수량", "공정 파라미터", "불량", "작업 지시 서명", "이력", "추이",
                     "늦은 계수", "부품 4개", "부품 1개", "자재 없음", "1.5 이하", "양극산화 욕조 온도", "뒷면 모서리",
                     "라인 계수기"):
        assert expected in korean, expected
    left = [word for word in ENGLISH_HEADINGS if word in korean]
    assert not left, (left, korean)
    # Every text the report wrote is listed for translation, and has its Korean.
    unlisted = asked.asked - set(TEXTS)
    assert not unlisted, unlisted
    untranslated = [text for text in asked.asked if asked[text] == text]
    assert not untranslated, untranslated
    # Hangul is drawn in a Korean TrueType font (no tofu): every font embedded is the Korean one.
    fonts = _fonts_drawing_text(korean_pdf)
    assert fonts and all("Nanum" in f or "UnDotum" in f for f in fonts), fonts


def test_the_lot_history_screen_saves_the_report_in_the_chosen_language(
        qloop: asyncio.AbstractEventLoop, qapp: Any, finished_lot: Station) -> None:
    from screens.i18n import LanguageManager
    from screens.main_window import MainWindow
    from tests.conftest import settle
    from tests.gui.lots_support import until

    languages = LanguageManager(qapp)
    window = MainWindow(station=finished_lot, languages=languages, demo_hint="")
    window.resize(1024, 768)
    window.show()
    saved = finished_lot.data_dir / "reports" / f"lot-{LOT}.pdf"

    async def flow() -> None:
        languages.set_language("ko")
        await settle(0.2)
        window.navigate("lot_history")
        history = window.screen("lot_history")
        await history._load(LOT)          # as a tap on the lot in the results (the test clock is not today)
        assert history.report_button.isEnabled()
        history.report_button.click()
        await until(lambda: saved.exists() and saved.read_bytes().rstrip().endswith(b"%%EOF"), what="the saved report")

    try:
        run(qloop, flow())
    finally:
        close_window(qloop, window, languages=languages)
    text = " ".join(subprocess.run(["pdftotext", str(saved), "-"], capture_output=True, check=True,
                                   text=True).stdout.split())
    assert "로트 보고서 — " + LOT in text and "요약" in text and "부품 4개" in text, text[:300]
    assert "Summary" not in text and "Lot report" not in text


def test_every_korean_report_text_keeps_the_names_it_fills_in(qapp: Any) -> None:
    """"{reason}" stays "{reason}" in Korean: the report fills the names in after translating."""
    from screens.i18n import LanguageManager
    from screens.lot_report_texts import TEXTS, lot_report_texts

    def names(text: str) -> set[str]:
        return {field for _, field, _, _ in string.Formatter().parse(text) if field}

    languages = LanguageManager(qapp)
    try:
        languages.set_language("ko")
        words = lot_report_texts("ko").words
    finally:
        languages.set_language("en")
    untranslated = [text for text in TEXTS if words[text] == text]
    assert not untranslated, untranslated
    broken = {text: words[text] for text in TEXTS if names(words[text]) != names(text)}
    assert not broken, broken
