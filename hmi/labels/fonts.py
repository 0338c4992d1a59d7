"""The label font: a TrueType face with Hangul, registered with reportlab once.

reportlab embeds TrueType (glyf) outlines only; Noto CJK ships CFF outlines in a .ttc, which
reportlab refuses, so labels use Nanum Gothic (Debian fonts-nanum). reportlab is imported on the
first use, not with this module: the station's start-up (login screen) does not wait for it.
"""

from __future__ import annotations

import threading
import unicodedata
from pathlib import Path

REGULAR = "LabelSans"
BOLD = "LabelSans-Bold"

_CANDIDATES = {
    REGULAR: ["/usr/share/fonts/truetype/nanum/NanumGothic.ttf", "/usr/share/fonts/truetype/nanum/NanumBarunGothic.ttf"],
    BOLD: ["/usr/share/fonts/truetype/nanum/NanumGothicBold.ttf",
           "/usr/share/fonts/truetype/nanum/NanumBarunGothicBold.ttf"],
}
_lock = threading.Lock()
_registered = False


class FontMissing(RuntimeError):
    pass


def ensure_fonts() -> None:
    """Register the label fonts (idempotent, thread-safe)."""
    global _registered
    if _registered:
        return
    with _lock:
        if _registered:
            return
        from reportlab.pdfbase import pdfmetrics
        from reportlab.pdfbase.ttfonts import TTFont

        for name, paths in _CANDIDATES.items():
            path = next((p for p in paths if Path(p).exists()), None)
            if path is None:
                raise FontMissing(
                    f"no Korean TrueType font for labels (looked for {', '.join(paths)}); "
                    "install the Debian package fonts-nanum")
            pdfmetrics.registerFont(TTFont(name, path))
        _registered = True


def font_name(*, bold: bool) -> str:
    return BOLD if bold else REGULAR


def text_width_pt(text: str, *, bold: bool, size_pt: float) -> float:
    from reportlab.pdfbase import pdfmetrics

    ensure_fonts()
    return float(pdfmetrics.stringWidth(text, font_name(bold=bold), size_pt))


# Characters the label font lacks, drawn as an equivalent it has (else they would print as nothing).
_STAND_INS = {"\u2011": "-", "\u2010": "-", "\u00a0": " "}


def has_glyph(char: str, *, bold: bool) -> bool:
    from reportlab.pdfbase import pdfmetrics

    ensure_fonts()
    return ord(char) in pdfmetrics.getFont(font_name(bold=bold)).face.charToGlyph


def printable(text: str, *, bold: bool) -> str:
    """The text with each character the label font has no glyph for replaced by its compatibility
    form when the font has that: MICRO SIGN µ (missing in Nanum Gothic) becomes the Greek μ, so
    "12.4 µm" does not print as "12.4  m"."""
    out = []
    for char in text:
        if (char.isspace() and char != "\u00a0") or has_glyph(char, bold=bold):
            out.append(char)
            continue
        stand_in = _STAND_INS.get(char) or unicodedata.normalize("NFKC", char)
        out.append(stand_in if stand_in and all(has_glyph(c, bold=bold) for c in stand_in) else char)
    return "".join(out)
