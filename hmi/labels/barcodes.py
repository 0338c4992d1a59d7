"""Barcode geometry on the printer's dot grid, shared by the PDF and ZPL renderers.

Module widths are whole printer dots (a bar of 1.4 dots prints as 1 or 2 and scanners fail), the
largest that fits the template's box. Data a symbology cannot carry, or that needs more room than
the box gives, is refused with the element named, never shrunk below one dot.
"""

from __future__ import annotations

from dataclasses import dataclass

from reportlab.graphics.barcode.code128 import Code128
from reportlab.graphics.barcode.ecc200datamatrix import ECC200DataMatrix
from reportlab.graphics.barcode.qrencoder import QRCode, QRErrorCorrectLevel

from hmi.labels.layout import LabelFitError
from hmi.labels.template import BarcodeElement, BarcodeKind

MM_PER_INCH = 25.4
QR_LEVEL = "M"
# reportlab's Data Matrix is the 44x44 ECC 200 symbol (C40): ZPL is told the same size.
DATAMATRIX_MODULES = 44
DATAMATRIX_CAPACITY = 60
_MAX_MODULE_DOTS = 10


def dots(mm: float, dpi: int) -> int:
    return round(mm * dpi / MM_PER_INCH)


@dataclass(frozen=True, slots=True)
class BarcodeGeometry:
    kind: BarcodeKind
    data: str
    module_dots: int   # narrow bar / module size in dots
    modules: int       # symbol width in modules (Code 128 includes no quiet zone)
    height_dots: int   # bar height (Code 128) or symbol height (2-D)
    # 2-D symbols: rows of dark/light modules, top row first (encoded once per render).
    matrix: tuple[tuple[bool, ...], ...] = ()

    def width_dots(self) -> int:
        return self.modules * self.module_dots


def code128_modules(data: str) -> int:
    symbol = Code128(data, barWidth=1, quiet=0)
    symbol.validate()
    symbol.encode()
    symbol.decompose()
    symbol.computeSize()
    return round(symbol.width)


def qr_matrix(data: str) -> tuple[tuple[bool, ...], ...]:
    code = QRCode(None, getattr(QRErrorCorrectLevel, QR_LEVEL))
    code.addData(data)
    code.make()
    return tuple(tuple(bool(m) for m in row) for row in code.modules)


def datamatrix_matrix(data: str) -> tuple[tuple[bool, ...], ...]:
    symbol = ECC200DataMatrix(value=data)
    symbol.validate()
    rows = symbol.encode()  # reportlab keeps them bottom row first, for PDF coordinates
    return tuple(tuple(bool(m) for m in row) for row in reversed(rows))


def geometry(element: BarcodeElement, data: str, *, dpi: int, where: str) -> BarcodeGeometry:
    box_w, box_h = dots(element.w_mm, dpi), dots(element.h_mm, dpi)
    matrix: tuple[tuple[bool, ...], ...] = ()
    if element.kind is BarcodeKind.CODE128:
        if not data.isascii():
            raise LabelFitError(f"{where}: Code 128 carries ASCII only; {data!r} is not")
        modules = code128_modules(data)
        side = box_w
        height = box_h
    elif element.kind is BarcodeKind.QR:
        matrix = qr_matrix(data)
        modules = len(matrix)
        side = height = min(box_w, box_h)
    else:
        if len(data) > DATAMATRIX_CAPACITY or any(ord(c) > 127 for c in data):
            raise LabelFitError(f"{where}: Data Matrix takes up to {DATAMATRIX_CAPACITY} ASCII characters; "
                                f"got {data!r}")
        matrix = datamatrix_matrix(data)
        modules = DATAMATRIX_MODULES
        side = height = min(box_w, box_h)
    module = min(_MAX_MODULE_DOTS, side // modules)
    if module < 1 or (element.kind is BarcodeKind.CODE128 and module < 2 and dpi >= 300):
        need = modules * max(1, 2 if dpi >= 300 and element.kind is BarcodeKind.CODE128 else 1)
        raise LabelFitError(f"{where}: {element.kind.value} {data!r} needs {need} dots across; the box "
                            f"has {side} at {dpi} dpi. Make the box wider or the data shorter")
    if element.kind is not BarcodeKind.CODE128:
        height = modules * module
    return BarcodeGeometry(element.kind, data, module, modules, height, matrix)
