"""One entry point for the renderers: template + values -> PDF bytes, ZPL text or PNG preview.

The renderers (reportlab, pdfium) are imported on the first render, in its worker thread, not at start-up.
"""

from __future__ import annotations

from collections.abc import Mapping
from enum import StrEnum

from hmi.labels.layout import fill_label
from hmi.labels.template import LabelTemplate


class LabelFormat(StrEnum):
    PDF = "pdf"
    ZPL = "zpl"
    PNG = "png"


def render(template: LabelTemplate, values: Mapping[str, str], fmt: LabelFormat) -> bytes:
    """Blocking; from the loop use ``asyncio.to_thread(render, ...)``."""
    label = fill_label(template, values)
    if fmt is LabelFormat.ZPL:
        from hmi.labels.zpl_renderer import render_zpl

        return render_zpl(label).encode("utf-8")
    from hmi.labels.pdf_renderer import render_pdf
    from hmi.labels.preview import render_png

    pdf = render_pdf(label)
    return render_png(pdf) if fmt is LabelFormat.PNG else pdf
