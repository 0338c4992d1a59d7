"""Fit rules, shared by every renderer so that the PDF, the ZPL and the preview agree.

A text is first set on one line at its size, shrinking in half-point steps down to its minimum;
if it still does not fit, it is wrapped (at spaces, or between characters for a Hangul/CJK word too
long for a line) at the largest size from size_pt down to min_size_pt whose lines fit the box. A
Latin word (a defect code, a lot number: "COL-SHADE") is never broken. If nothing fits, the label is
refused with LabelFitError: text is never cut off.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass

from hmi.labels.fonts import printable, text_width_pt
from hmi.labels.template import LabelDataError, LabelTemplate, TextElement

PT_PER_MM = 72 / 25.4
LINE_SPACING = 1.15
_STEP_PT = 0.5


class LabelFitError(Exception):
    """A text does not fit its box even at its minimum size and wrapped."""


@dataclass(frozen=True, slots=True)
class TextLayout:
    element: TextElement
    lines: tuple[str, ...]
    size_pt: float

    @property
    def line_height_mm(self) -> float:
        return self.size_pt * LINE_SPACING / PT_PER_MM


@dataclass(frozen=True, slots=True)
class BarcodeData:
    index: int
    data: str


@dataclass(frozen=True, slots=True)
class FilledLabel:
    """A template with its values filled in and every text fitted: what each renderer draws."""

    template: LabelTemplate
    texts: tuple[TextLayout, ...]
    barcodes: tuple[BarcodeData, ...]


def fill_label(template: LabelTemplate, values: Mapping[str, str]) -> FilledLabel:
    missing = sorted(template.placeholders() - set(template.label.defaults) - set(values))
    if missing:
        names = ", ".join("{" + m + "}" for m in missing)
        raise LabelDataError(f"label {template.label.name!r}: no value for {names}")
    texts = []
    for i, element in enumerate(template.text):
        text = printable(template.fill(element.text, values), bold=element.bold)
        texts.append(fit_text(element, text, where=f"label {template.label.name!r} text[{i}]"))
    barcodes = tuple(BarcodeData(i, template.fill(b.data, values)) for i, b in enumerate(template.barcode))
    return FilledLabel(template, tuple(texts), barcodes)


def _sizes(element: TextElement) -> list[float]:
    sizes, size = [], element.size_pt
    while size >= element.min_size_pt - 1e-9:
        sizes.append(round(size, 2))
        size -= _STEP_PT
    if sizes[-1] > element.min_size_pt:
        sizes.append(element.min_size_pt)
    return sizes


def fit_text(element: TextElement, text: str, *, where: str = "text") -> TextLayout:
    width_pt = element.w_mm * PT_PER_MM
    height_pt = element.h_mm * PT_PER_MM
    if not text.strip():
        return TextLayout(element, (), element.size_pt)
    one_line = " ".join(text.split())
    for size in _sizes(element):
        if size * LINE_SPACING <= height_pt + 1e-6 and text_width_pt(one_line, bold=element.bold,
                                                                     size_pt=size) <= width_pt:
            return TextLayout(element, (one_line,), size)
    for size in _sizes(element):
        max_lines = int((height_pt + 1e-6) // (size * LINE_SPACING))
        if max_lines < 1:
            continue
        lines = wrap(text, bold=element.bold, size_pt=size, width_pt=width_pt)
        if lines and len(lines) <= max_lines and all(
                text_width_pt(line, bold=element.bold, size_pt=size) <= width_pt for line in lines):
            return TextLayout(element, tuple(lines), size)
    raise LabelFitError(
        f"{where}: {text!r} does not fit the {element.w_mm:g}x{element.h_mm:g} mm box even at "
        f"{element.min_size_pt:g} pt on several lines; shorten it or make the box bigger")


def breakable(word: str) -> bool:
    """Whether a word may be broken between its characters: Hangul, CJK and kana are, as Korean text
    is set; a Latin word such as a code or a lot number is not."""
    return any(unicodedata.east_asian_width(c) in ("W", "F") for c in word)


def wrap(text: str, *, bold: bool, size_pt: float, width_pt: float) -> list[str]:
    """The text's lines at this size, or [] when a word that must not be broken is wider than a line."""
    def fits(candidate: str) -> bool:
        return text_width_pt(candidate, bold=bold, size_pt=size_pt) <= width_pt

    lines: list[str] = []
    current = ""
    for word in text.split():
        candidate = f"{current} {word}" if current else word
        if fits(candidate):
            current = candidate
            continue
        if current:
            lines.append(current)
            current = ""
        if not fits(word) and not breakable(word):
            return []   # "COL-SHADE" is never set as "COL-SHAD" / "E": try a smaller size, or refuse
        while not fits(word):  # a Hangul word wider than the box: break it between characters
            cut = max(1, max(n for n in range(1, len(word) + 1) if n == 1 or fits(word[:n])))
            lines.append(word[:cut])
            word = word[cut:]
        current = word
    if current:
        lines.append(current)
    return lines
