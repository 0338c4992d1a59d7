"""PDF and ZPL from one template: exact size, decodable barcodes, Hangul, and the fit rules."""

from __future__ import annotations

import re

import pytest

from hmi.labels.layout import LabelFitError, fill_label, fit_text
from hmi.labels.library import TemplateLibrary
from hmi.labels.render import LabelFormat, render
from hmi.labels.template import LabelDataError, TextElement
from hmi.labels.zpl_renderer import render_zpl
from tests.labels.barcode_check import decode_pdf, decode_png, pdf_page_size_mm, pdf_text

DEFECT = {
    "lot": "L2411-0007", "work_order": "WO-5521", "product": "Case X2 black", "defect_code": "SCR-03",
    "defect_name": "스크래치 (표면 긁힘)", "qty": "2", "measurement": "0.35 mm", "inspector": "Kim Jiwoo",
    "station": "ANO-01", "time": "2026-11-24 09:12",
}
library = TemplateLibrary(folders=[])


@pytest.mark.parametrize(("name", "size", "codes"), [
    ("defect_100x50", (100, 50), {"Code128": "L2411-0007", "QRCode": "L2411-0007|SCR-03|2"}),
    ("defect_60x40", (60, 40), {"Code128": "L2411-0007", "DataMatrix": "L2411-0007/SCR-03"}),
])
def test_pdf_has_the_label_size_hangul_text_and_barcodes_with_exact_data(
        name: str, size: tuple[int, int], codes: dict[str, str]) -> None:
    pdf = render(library.load(name), DEFECT, LabelFormat.PDF)
    width, height = pdf_page_size_mm(pdf)
    assert (round(width, 2), round(height, 2)) == size
    assert decode_pdf(pdf) == codes
    text = pdf_text(pdf)
    assert "스크래치 (표면 긁힘)" in text and "REPRINT" not in text


def test_the_png_preview_is_the_label_and_a_reprint_is_marked() -> None:
    template = library.load("defect_100x50")
    png = render(template, {**DEFECT, "reprint": "REPRINT"}, LabelFormat.PNG)
    assert png.startswith(b"\x89PNG")
    assert decode_png(png)["Code128"] == "L2411-0007"
    assert "REPRINT" in pdf_text(render(template, {**DEFECT, "reprint": "REPRINT"}, LabelFormat.PDF))


def test_zpl_structure_utf8_barcodes_and_dots_at_203_dpi() -> None:
    zpl = render(library.load("defect_100x50"), DEFECT, LabelFormat.ZPL).decode("utf-8")
    assert zpl.startswith("^XA\n^CI28\n") and zpl.rstrip().endswith("^XZ")
    assert "^PW799" in zpl and "^LL400" in zpl  # 100 x 50 mm at 203 dpi
    assert re.search(r"\^BY\d\^BCN,\d+,N,N,N,A\^FH\^FDL2411-0007\^FS", zpl)
    assert re.search(r"\^BQN,2,\d+\^FH\^FDMA,L2411-0007\|SCR-03\|2\^FS", zpl)
    assert "^FDDEFECT SCR-03^FS" in zpl and "^A0N," in zpl
    assert "^A@N," in zpl and "스크래치 (표면 긁힘)" in zpl  # Hangul through a Unicode font on the printer
    small = render(library.load("defect_60x40"), DEFECT, LabelFormat.ZPL).decode()
    assert re.search(r"\^BXN,\d+,200,44,44\^FH\^FDL2411-0007/SCR-03\^FS", small)


def test_zpl_escapes_its_control_characters_in_data() -> None:
    zpl = render(library.load("defect_100x50"), {**DEFECT, "defect_name": "bad^XZ~JA_x"}, LabelFormat.ZPL)
    assert b"^FDbad_5EXZ_7EJA_5Fx^FS" in zpl
    assert zpl.count(b"^XZ") == 1


def test_300_dpi_counts_more_dots() -> None:
    template = library.load("defect_100x50")
    at300 = template.model_copy(update={"label": template.label.model_copy(update={"dpi": 300})})
    zpl = render_zpl(fill_label(at300, DEFECT))
    assert "^PW1181" in zpl and "^LL591" in zpl


def _box(**kw: float | str) -> TextElement:
    base = {"x_mm": 0, "y_mm": 0, "w_mm": 40, "h_mm": 6, "text": "x", "size_pt": 12, "min_size_pt": 6}
    return TextElement.model_validate({**base, **kw})


def test_text_that_fits_keeps_its_size() -> None:
    layout = fit_text(_box(), "SCR-03")
    assert layout.lines == ("SCR-03",) and layout.size_pt == 12


def test_long_text_is_shrunk_first_then_wrapped_never_cut() -> None:
    shrunk = fit_text(_box(), "Scratch on the back cover")
    assert len(shrunk.lines) == 1 and 6 <= shrunk.size_pt < 12
    long = "Deep scratch across the whole back cover near the camera ring"
    wrapped = fit_text(_box(h_mm=10), long)
    assert len(wrapped.lines) >= 2 and wrapped.size_pt >= 6
    assert " ".join(wrapped.lines) == long  # every word is there


def test_hangul_without_spaces_wraps_between_characters() -> None:
    text = "양극산화피막두께불량및색상얼룩발생재검사필요"
    layout = fit_text(_box(w_mm=25, h_mm=10), text)
    assert len(layout.lines) >= 2 and "".join(layout.lines) == text


def test_text_that_cannot_fit_is_an_error_not_a_cut() -> None:
    with pytest.raises(LabelFitError, match=r"does not fit the 40x6 mm box even at 6 pt"):
        fit_text(_box(), "word " * 60)


def test_a_label_with_a_missing_value_or_unfit_text_is_refused() -> None:
    template = library.load("defect_100x50")
    with pytest.raises(LabelDataError, match=r"\{lot\}"):
        render(template, {k: v for k, v in DEFECT.items() if k != "lot"}, LabelFormat.PDF)
    with pytest.raises(LabelFitError, match=r"text\[2\]"):
        render(template, {**DEFECT, "defect_name": "긁힘 " * 80}, LabelFormat.ZPL)
    with pytest.raises(LabelFitError, match=r"Code 128 carries ASCII only"):
        render(template, {**DEFECT, "lot": "로트-7"}, LabelFormat.PDF)


def test_a_code_or_lot_number_is_never_broken_inside() -> None:
    """A Latin word too wide for a line is shrunk, or the label refused; never "COL-SHAD" / "E"."""
    layout = fit_text(_box(w_mm=22, h_mm=14, size_pt=12, min_size_pt=8), "Code SURF-SCRATCH found")
    assert len(layout.lines) >= 2 and any("SURF-SCRATCH" in line for line in layout.lines), layout.lines
    assert " ".join(layout.lines) == "Code SURF-SCRATCH found"
    with pytest.raises(LabelFitError):   # at 8 pt it is wider than 14 mm: refused, not "SURF-SCR" / "ATCH"
        fit_text(_box(w_mm=14, h_mm=12, size_pt=12, min_size_pt=8), "SURF-SCRATCH")
    label = fill_label(library.load("defect_60x40"), {**DEFECT, "defect_code": "SURF-SCRATCH",
                                                      "defect_name": "Rack contact mark too large"})
    assert ("SURF-SCRATCH",) in [t.lines for t in label.texts]


def test_a_unit_the_label_font_lacks_is_printed_not_dropped() -> None:
    from hmi.labels.fonts import has_glyph

    label = fill_label(library.load("defect_100x50"), {**DEFECT, "measurement": "12.40 µm [13…17]"})
    lines = [line for t in label.texts for line in t.lines]
    assert any("12.40 μm [13…17]" in line for line in lines), lines
    for t in label.texts:
        for line in t.lines:
            missing = [c for c in line if not c.isspace() and not has_glyph(c, bold=t.element.bold)]
            assert not missing, f"{line!r}: no glyph for {missing}"


@pytest.mark.parametrize("name", ["defect_100x50", "defect_60x40"])
def test_every_demo_defect_code_fits_both_labels_in_english_and_korean(name: str) -> None:
    import tomllib

    from tests.conftest import REPO

    bundle = tomllib.loads((REPO / "resources" / "demo" / "masterdata" / "masterdata.toml").read_text("utf-8"))
    template = library.load(name)
    for code in bundle["defect_codes"]:
        for defect_name in (code["name"], code["name_ko"]):
            values = {**DEFECT, "lot": "ANO1-261124-0001", "defect_code": code["code"], "defect_name": defect_name,
                      "inspector": "Lee Seo-yeon", "measurement": "12.40 µm [13…17]", "reprint": "REPRINT"}
            label = fill_label(template, values)
            shown = [" ".join(t.lines) for t in label.texts]
            assert any(code["code"] in line for line in shown), (code["code"], shown)
            assert " ".join(defect_name.split()) in shown, (defect_name, shown)
