"""Label templates: one TOML file per label (size, resolution, texts, barcodes, lines, boxes).

Coordinates are millimetres from the label's top-left corner, as a Zebra printer counts them.
Texts and barcode data are templates with ``{placeholders}``; a placeholder without a value is an
error unless the template gives it a default, so a label never prints with a hole in it.
A bad template is refused with the file and the field that is wrong.
"""

from __future__ import annotations

import json
import string
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Literal

from pydantic import Field, ValidationError, field_validator, model_validator

from hmi import toml_text
from hmi.config import Strict, _problem

REPRINT_PLACEHOLDER = "reprint"


class TemplateError(Exception):
    """The template file cannot be used; the message names the file and the field."""


class LabelDataError(Exception):
    """The values given for a label do not fill its template (a missing placeholder)."""


class BarcodeKind(StrEnum):
    CODE128 = "code128"
    QR = "qr"
    DATAMATRIX = "datamatrix"


Mm = Annotated[float, Field(ge=0, le=500)]
PositiveMm = Annotated[float, Field(gt=0, le=500)]


class LabelSection(Strict):
    name: Annotated[str, Field(min_length=1)]
    description: str = ""
    width_mm: PositiveMm
    height_mm: PositiveMm
    dpi: Literal[203, 300] = 203
    # ZPL: a TrueType font stored on the printer, used for lines that are not plain ASCII (Hangul).
    zpl_unicode_font: Annotated[str, Field(pattern=r"^[A-Z]:[A-Za-z0-9_.-]+$")] = "E:NANUMGOTHIC.TTF"
    # Values used when the caller gives none (e.g. an empty measurement on a visual defect).
    defaults: dict[str, str] = Field(default_factory=dict)


class TextElement(Strict):
    x_mm: Mm
    y_mm: Mm
    w_mm: PositiveMm
    h_mm: PositiveMm
    text: str
    size_pt: Annotated[float, Field(gt=0, le=200)] = 10.0
    # Text that does not fit is shrunk down to this size, then wrapped; still too big is an error.
    min_size_pt: Annotated[float, Field(gt=0, le=200)] = 6.0
    bold: bool = False
    align: Literal["left", "center", "right"] = "left"
    inverse: bool = False  # white on black (a filled box behind the text)

    _text_format = field_validator("text")(lambda cls, value: _check_format(value))

    @model_validator(mode="after")
    def _sizes(self) -> TextElement:
        if self.min_size_pt > self.size_pt:
            raise ValueError(f"min_size_pt ({self.min_size_pt}) is larger than size_pt ({self.size_pt})")
        return self


class BarcodeElement(Strict):
    kind: BarcodeKind
    x_mm: Mm
    y_mm: Mm
    w_mm: PositiveMm
    h_mm: PositiveMm
    data: Annotated[str, Field(min_length=1)]

    _data_format = field_validator("data")(lambda cls, value: _check_format(value))


class LineElement(Strict):
    x1_mm: Mm
    y1_mm: Mm
    x2_mm: Mm
    y2_mm: Mm
    thickness_mm: Annotated[float, Field(gt=0, le=20)] = 0.3

    @model_validator(mode="after")
    def _straight(self) -> LineElement:
        if self.x1_mm != self.x2_mm and self.y1_mm != self.y2_mm:
            raise ValueError("lines must be horizontal or vertical (ZPL draws them as boxes)")
        return self


class BoxElement(Strict):
    x_mm: Mm
    y_mm: Mm
    w_mm: PositiveMm
    h_mm: PositiveMm
    thickness_mm: Annotated[float, Field(gt=0, le=20)] = 0.3


class LabelTemplate(Strict):
    label: LabelSection
    text: list[TextElement] = Field(default_factory=list)
    barcode: list[BarcodeElement] = Field(default_factory=list)
    line: list[LineElement] = Field(default_factory=list)
    box: list[BoxElement] = Field(default_factory=list)

    @model_validator(mode="after")
    def _inside_and_marked(self) -> LabelTemplate:
        w, h = self.label.width_mm, self.label.height_mm
        boxes = [(f"text[{i}]", e.x_mm, e.y_mm, e.w_mm, e.h_mm) for i, e in enumerate(self.text)]
        boxes += [(f"barcode[{i}]", e.x_mm, e.y_mm, e.w_mm, e.h_mm) for i, e in enumerate(self.barcode)]
        boxes += [(f"box[{i}]", e.x_mm, e.y_mm, e.w_mm, e.h_mm) for i, e in enumerate(self.box)]
        for where, x, y, bw, bh in boxes:
            if x + bw > w + 1e-6 or y + bh > h + 1e-6:
                raise ValueError(f"{where}: must fit inside the label ({where} reaches outside the {w:g}x{h:g} mm label)")
        for i, ln in enumerate(self.line):
            if max(ln.x1_mm, ln.x2_mm) > w + 1e-6 or max(ln.y1_mm, ln.y2_mm) > h + 1e-6:
                raise ValueError(f"line[{i}]: must fit inside the label (line[{i}] reaches outside the {w:g}x{h:g} mm label)")
        if REPRINT_PLACEHOLDER not in self.placeholders():
            raise ValueError("text: one text must show {reprint} (none does): a reprinted label must be marked REPRINT")
        return self

    def placeholders(self) -> set[str]:
        found: set[str] = set()
        for source in [t.text for t in self.text] + [b.data for b in self.barcode]:
            found |= _fields(source)
        return found

    def fill(self, source: str, values: Mapping[str, str]) -> str:
        """``source`` with its placeholders replaced; a missing value is a LabelDataError."""
        merged = {**self.label.defaults, **values}
        missing = sorted(_fields(source) - set(merged))
        if missing:
            names = ", ".join("{" + m + "}" for m in missing)
            raise LabelDataError(f"label {self.label.name!r}: no value for {names}")
        return source.format_map({k: str(v) for k, v in merged.items()})


def _fields(source: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(source) if name}


@dataclass(frozen=True, slots=True)
class LoadedTemplate:
    template: LabelTemplate
    path: Path


def parse_template(text: str, *, source: str) -> LabelTemplate:
    try:
        raw = toml_text.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise TemplateError(f"{source}: not valid TOML: {exc}") from None
    try:
        # JSON mode, as hmi.config does: strict about kinds, but enum names come in as text.
        template = LabelTemplate.model_validate_json(json.dumps(raw, default=str), strict=True)
    except ValidationError as exc:
        lines = [str(_problem(source, err)) for err in exc.errors()]
        raise TemplateError("\n".join(lines)) from None
    return template


def _check_format(source: str) -> str:
    try:
        fields = list(string.Formatter().parse(source))
    except ValueError as exc:
        raise ValueError(f"{exc} (write a literal brace as {{{{ or }}}})") from None
    for _, name, spec, conversion in fields:
        if name is not None and (not name.isidentifier() or spec or conversion):
            raise ValueError(f"placeholder {{{name}}} must be a plain name like {{lot}}")
    return source


def load_template(path: Path) -> LabelTemplate:
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise TemplateError(f"{path}: template file not found") from None
    except UnicodeDecodeError as exc:
        raise TemplateError(f"{path}: not UTF-8 text ({exc.reason})") from None
    return parse_template(text, source=str(path))
