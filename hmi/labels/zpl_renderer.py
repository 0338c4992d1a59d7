"""Render a filled label to ZPL II for Zebra-compatible printers, from the same layout as the PDF.

UTF-8 (^CI28), the printer's scalable font ^A0 (or a Unicode TrueType font on the printer for
Hangul, named in the template), barcodes ^BC (Code 128), ^BQ (QR, model 2), ^BX (Data Matrix 44x44,
as in the PDF). Lines that are not ASCII use the template's ``zpl_unicode_font`` (a TrueType font
downloaded to the printer, e.g. Nanum Gothic as E:NANUMGOTHIC.TTF). Each fitted text line is its own field, so the printer never re-wraps.
"""

from __future__ import annotations

from hmi.labels.barcodes import dots, geometry
from hmi.labels.layout import PT_PER_MM, FilledLabel
from hmi.labels.template import BarcodeKind


def _field_text(text: str) -> str:
    """^FD data with ZPL's control characters escaped through ^FH (hex)."""
    return "".join(f"_{ord(c):02X}" if c in "^~_" else c for c in text)


def render_zpl(label: FilledLabel, *, copies: int = 1) -> str:
    t = label.template
    unicode_font = t.label.zpl_unicode_font
    dpi = t.label.dpi

    def d(mm: float) -> int:
        return dots(mm, dpi)

    out = ["^XA", "^CI28", f"^PW{d(t.label.width_mm)}", f"^LL{d(t.label.height_mm)}", "^LH0,0"]
    for box in t.box:
        out.append(f"^FO{d(box.x_mm)},{d(box.y_mm)}^GB{d(box.w_mm)},{d(box.h_mm)},{max(1, d(box.thickness_mm))}^FS")
    for line in t.line:
        x, y = min(line.x1_mm, line.x2_mm), min(line.y1_mm, line.y2_mm)
        w = max(d(abs(line.x2_mm - line.x1_mm)), max(1, d(line.thickness_mm)))
        h = max(d(abs(line.y2_mm - line.y1_mm)), max(1, d(line.thickness_mm)))
        thickness = min(w, h)
        out.append(f"^FO{d(x)},{d(y)}^GB{w},{h},{thickness}^FS")
    for text in label.texts:
        el = text.element
        if not text.lines:
            continue
        height = max(10, round(text.size_pt / 72 * dpi))
        line_h = text.line_height_mm
        block_h = line_h * len(text.lines)
        top = el.y_mm + max(0.0, (el.h_mm - block_h) / 2)
        if el.inverse:
            out.append(f"^FO{d(el.x_mm)},{d(el.y_mm)}^GB{d(el.w_mm)},{d(el.h_mm)},{d(el.h_mm)}^FS")
        justify = {"left": "L", "center": "C", "right": "R"}[el.align]
        for n, content in enumerate(text.lines):
            y = top + n * line_h + text.size_pt * 0.075 / PT_PER_MM
            font = f"^A0N,{height},{height}" if content.isascii() else f"^A@N,{height},{height},{unicode_font}"
            reverse = "^FR" if el.inverse else ""
            out.append(f"^FO{d(el.x_mm)},{d(y)}{font}^FB{d(el.w_mm)},1,0,{justify},0{reverse}"
                       f"^FH^FD{_field_text(content)}^FS")
    for code in label.barcodes:
        bar = t.barcode[code.index]
        geo = geometry(bar, code.data, dpi=dpi, where=f"label {t.label.name!r} barcode[{code.index}]")
        data = _field_text(code.data)
        x, y = d(bar.x_mm), d(bar.y_mm)
        if bar.kind is BarcodeKind.CODE128:
            out.append(f"^FO{x},{y}^BY{geo.module_dots}^BCN,{geo.height_dots},N,N,N,A^FH^FD{data}^FS")
        elif bar.kind is BarcodeKind.QR:
            out.append(f"^FO{x},{y}^BQN,2,{geo.module_dots}^FH^FDMA,{data}^FS")
        else:
            out.append(f"^FO{x},{y}^BXN,{geo.module_dots},200,44,44^FH^FD{data}^FS")
    out.append(f"^PQ{max(1, copies)}")
    out.append("^XZ")
    return "\n".join(out) + "\n"
