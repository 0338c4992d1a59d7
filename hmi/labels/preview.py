"""A preview that looks like the printed label: the PDF itself, rasterised by pdfium.

Blocking: run it through ``asyncio.to_thread`` (never on the UI loop).
"""

from __future__ import annotations

import io

import pypdfium2


def render_png(pdf: bytes, *, dpi: float = 203) -> bytes:
    """The first page of ``pdf`` as PNG bytes at ``dpi``."""
    document = pypdfium2.PdfDocument(pdf)
    try:
        page = document[0]
        bitmap = page.render(scale=dpi / 72)
        image = bitmap.to_pil()
        buffer = io.BytesIO()
        image.save(buffer, format="PNG")
        return buffer.getvalue()
    finally:
        document.close()
