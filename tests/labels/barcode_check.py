"""Decode every barcode in a rendered label (pdfium raster + zxing-cpp), to check exact data."""

from __future__ import annotations

import io

import pypdfium2
import zxingcpp
from PIL import Image


def pdf_page_size_mm(pdf: bytes) -> tuple[float, float]:
    document = pypdfium2.PdfDocument(pdf)
    try:
        width, height = document[0].get_size()
    finally:
        document.close()
    return width / 72 * 25.4, height / 72 * 25.4


def decode_pdf(pdf: bytes, *, dpi: float = 300) -> dict[str, str]:
    """{format name: text} of every barcode on the first page."""
    from hmi.labels.preview import render_png

    return decode_png(render_png(pdf, dpi=dpi))


def decode_png(png: bytes) -> dict[str, str]:
    image = Image.open(io.BytesIO(png)).convert("L")
    return {result.format.name: result.text for result in zxingcpp.read_barcodes(image)}


def pdf_text(pdf: bytes) -> str:
    document = pypdfium2.PdfDocument(pdf)
    try:
        page = document[0]
        return str(page.get_textpage().get_text_range())
    finally:
        document.close()
