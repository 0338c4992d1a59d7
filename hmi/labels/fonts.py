"""The label font: a TrueType face with Hangul, registered with reportlab once.

reportlab embeds TrueType (glyf) outlines only; Noto CJK ships CFF outlines in a .ttc, which
reportlab refuses, so labels use Nanum Gothic (Debian fonts-nanum). reportlab is imported on the
first use, not with this module: the station's start-up (login screen) does not wait for it.
"""

from __future__ import annotations

import threading
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
