"""Render a filled label to PDF at its exact size, with vector barcodes and an embedded Hangul font.

Blocking (reportlab): call it through ``asyncio.to_thread`` from the loop.
"""

from __future__ import annotations

import io

from reportlab.graphics.barcode.code128 import Code128
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

from hmi.labels.barcodes import MM_PER_INCH, geometry
from hmi.labels.fonts import ensure_fonts, font_name
from hmi.labels.layout import LINE_SPACING, FilledLabel
from hmi.labels.template import BarcodeKind


def render_pdf(label: FilledLabel) -> bytes:
    ensure_fonts()
    t = label.template
    width, height = t.label.width_mm * mm, t.label.height_mm * mm
    dpi = t.label.dpi
    dot = 72 / dpi  # one printer dot in points
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=(width, height), pageCompression=1, invariant=1)
    canvas.setTitle(t.label.name)
    canvas.setCreator("station-hmi")

    def y_of(top_mm: float, h_mm: float = 0.0) -> float:
        """reportlab counts from the bottom; templates from the top."""
        return height - (top_mm + h_mm) * mm

    canvas.setFillColorRGB(0, 0, 0)
    canvas.setStrokeColorRGB(0, 0, 0)
    for box in t.box:
        canvas.setLineWidth(box.thickness_mm * mm)
        inset = box.thickness_mm * mm / 2
        canvas.rect(box.x_mm * mm + inset, y_of(box.y_mm, box.h_mm) + inset,
                    box.w_mm * mm - 2 * inset, box.h_mm * mm - 2 * inset, stroke=1, fill=0)
    for line in t.line:
        x, y = min(line.x1_mm, line.x2_mm), min(line.y1_mm, line.y2_mm)
        w = max(abs(line.x2_mm - line.x1_mm), line.thickness_mm)
        h = max(abs(line.y2_mm - line.y1_mm), line.thickness_mm)
        canvas.rect(x * mm, y_of(y, h), w * mm, h * mm, stroke=0, fill=1)

    for text in label.texts:
        el = text.element
        if not text.lines:
            continue
        if el.inverse:
            canvas.rect(el.x_mm * mm, y_of(el.y_mm, el.h_mm), el.w_mm * mm, el.h_mm * mm, stroke=0, fill=1)
            canvas.setFillColorRGB(1, 1, 1)
        canvas.setFont(font_name(bold=el.bold), text.size_pt)
        line_h = text.line_height_mm
        block_h = line_h * len(text.lines)
        top = el.y_mm + max(0.0, (el.h_mm - block_h) / 2)
        for n, content in enumerate(text.lines):
            # Baseline: half the leading below the line's top, plus the ascent (~0.8 em for Nanum Gothic).
            leading = text.size_pt * (LINE_SPACING - 1) / 2
            baseline = y_of(top + n * line_h) - leading - 0.8 * text.size_pt
            if el.align == "center":
                canvas.drawCentredString((el.x_mm + el.w_mm / 2) * mm, baseline, content)
            elif el.align == "right":
                canvas.drawRightString((el.x_mm + el.w_mm) * mm, baseline, content)
            else:
                canvas.drawString(el.x_mm * mm, baseline, content)
        canvas.setFillColorRGB(0, 0, 0)

    for code in label.barcodes:
        bar = t.barcode[code.index]
        geo = geometry(bar, code.data, dpi=dpi, where=f"label {t.label.name!r} barcode[{code.index}]")
        module = geo.module_dots * dot
        x = bar.x_mm * mm
        if bar.kind is BarcodeKind.CODE128:
            bar_h = geo.height_dots * dot
            symbol = Code128(code.data, barWidth=module, barHeight=bar_h, quiet=0, humanReadable=0)
            symbol.drawOn(canvas, x, y_of(bar.y_mm) - bar_h)
        else:
            top = y_of(bar.y_mm)
            for r, row in enumerate(geo.matrix):
                for c, run in _dark_runs(row):  # one rectangle per run of dark modules: a smaller PDF
                    canvas.rect(x + c * module, top - (r + 1) * module, run * module, module, stroke=0, fill=1)
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def _dark_runs(row: tuple[bool, ...]) -> list[tuple[int, int]]:
    runs, start = [], None
    for c, dark in enumerate((*row, False)):
        if dark and start is None:
            start = c
        elif not dark and start is not None:
            runs.append((start, c - start))
            start = None
    return runs


def page_size_mm(width_pt: float, height_pt: float) -> tuple[float, float]:
    return width_pt / 72 * MM_PER_INCH, height_pt / 72 * MM_PER_INCH
