"""The lot report as PDF (reportlab): summary, parameters, defects, sign-offs, a small trend chart.

Blocking: call it through ``asyncio.to_thread``. Hangul needs a TrueType font with Korean glyphs
(reportlab cannot embed the CFF outlines of Noto CJK): NanumGothic from fonts-nanum is used.
"""

from __future__ import annotations

import datetime as dt
import io
import logging
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from reportlab.graphics.charts.lineplots import LinePlot
from reportlab.graphics.shapes import Drawing, String
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import Paragraph, SimpleDocTemplate, Table, TableStyle

from hmi.config import TagSection
from hmi.production.lot_summary import count_totals, limits_words, summarise_events, tag_name, value_text
from hmi.production.production import LotPage

log = logging.getLogger(__name__)

FONT_CANDIDATES = (
    ("NanumGothic", "/usr/share/fonts/truetype/nanum/NanumGothic.ttf", "/usr/share/fonts/truetype/nanum/NanumGothicBold.ttf"),
    ("UnDotum", "/usr/share/fonts/truetype/unfonts-core/UnDotum.ttf", "/usr/share/fonts/truetype/unfonts-core/UnDotumBold.ttf"),
)

Trend = dict[str, Sequence[tuple[float, float]]]


def korean_font() -> tuple[str, str]:
    """Register (once) and name a regular and a bold font that render Hangul; Helvetica if none is installed."""
    for name, regular, bold in FONT_CANDIDATES:
        if name in pdfmetrics.getRegisteredFontNames():
            return name, f"{name}-Bold"
        if Path(regular).exists():
            pdfmetrics.registerFont(TTFont(name, regular))
            pdfmetrics.registerFont(TTFont(f"{name}-Bold", bold if Path(bold).exists() else regular))
            return name, f"{name}-Bold"
    log.warning("no Korean TrueType font found (install fonts-nanum); Hangul will not render in reports")
    return "Helvetica", "Helvetica-Bold"


# Characters the Korean fonts lack, mapped to ones they have (MICRO SIGN -> GREEK SMALL LETTER MU).
_SUBSTITUTES = str.maketrans({"\u00b5": "\u03bc", "\u2713": "v"})


def _glyphs(text: str) -> str:
    return text.translate(_SUBSTITUTES)


def _when(ts: float | None) -> str:
    return "—" if ts is None else dt.datetime.fromtimestamp(ts).strftime("%Y-%m-%d %H:%M:%S")


def _value(value: Any, tags: Mapping[str, TagSection] | None = None, tag: str = "") -> str:
    if isinstance(value, dict) and "value" in value:
        quality = str(value.get("quality", "?"))
        shown = value_text(tags or {}, tag, value["value"])
        return shown if quality.lower() == "good" else f"{shown} ({quality.upper()})"
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    if value is True:
        return "confirmed"
    return "—" if value is None else str(value)


def render_lot_report(page: LotPage, *, station_name: str, trend: Trend | None = None,
                      generated_at: float | None = None, tags: Mapping[str, TagSection] | None = None) -> bytes:
    tags = tags or {}
    users = page.users

    def who(username: str | None) -> str:
        return "—" if not username else users.get(username, username)

    regular, bold = korean_font()
    styles = getSampleStyleSheet()
    body = ParagraphStyle("body", parent=styles["BodyText"], fontName=regular, fontSize=9, leading=12)
    head = ParagraphStyle("head", parent=styles["Heading2"], fontName=bold, fontSize=12, spaceBefore=8)
    title = ParagraphStyle("title", parent=styles["Title"], fontName=bold, fontSize=16)

    def p(text: Any) -> Paragraph:
        return Paragraph(escape(_glyphs(str(text))).replace("\n", "<br/>"), body)

    def table(rows: list[list[Any]], widths: list[float]) -> Table:
        t = Table([[p(c) for c in row] for row in rows], colWidths=widths, repeatRows=1)
        t.setStyle(TableStyle([
            ("GRID", (0, 0), (-1, -1), 0.4, colors.grey),
            ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e6e6e6")),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ]))
        return t

    lot = page.lot
    story: list[Any] = [Paragraph(escape(f"Lot report · 로트 보고서 — {lot.lot_no}"), title),
                        p(f"{station_name} · generated {_when(generated_at)}")]
    story += [Paragraph("Summary · 요약", head), table([
        ["Lot", "Work order", "Product", "Operation", "Status"],
        [lot.lot_no, lot.work_order, lot.product, lot.operation, lot.status.value],
        ["Good", "Scrap", "Planned", "Started", "Ended"],
        [lot.good, lot.scrap, lot.planned_qty or "—", f"{_when(lot.started_at)}\n{who(lot.started_by)}",
         f"{_when(lot.ended_at)}\n{who(lot.ended_by)}"],
    ], [36 * mm] * 5)]
    totals = count_totals(lot, page.events)
    story += [Paragraph("Counts · 수량", head), table([
        ["Source", "Good", "Scrap", "Kept apart"],
        ["Counter (line)", totals.by_counter, "", ""],
        ["People (+1 / +N)", totals.by_people_good, totals.by_people_scrap, ""],
        ["Counted during pauses: added to the lot / scrap / not this lot", totals.pause_accepted,
         totals.pause_scrapped, totals.pause_not_this_lot],
        ["Late counts (after Finish, parts in transit)", "", "", totals.late],
    ], [80 * mm, 30 * mm, 30 * mm, 40 * mm])]
    if lot.abort_reason:
        story.append(p(f"Aborted: {lot.abort_reason}"))
    if page.instruction is not None or lot.instruction_id:
        story.append(p(f"Work instruction: {lot.instruction_id} version {lot.instruction_version}"
                       + (f" — {page.instruction.title} / {page.instruction.title_ko}" if page.instruction else "")))

    params = sorted(set(lot.params_start or {}) | set(lot.params_end or {}))
    story.append(Paragraph("Process parameters · 공정 파라미터", head))
    if params:
        story.append(table([["Tag", "At start", "At end"]] + [
            [tag_name(tags, tag), _value((lot.params_start or {}).get(tag), tags, tag),
             _value((lot.params_end or {}).get(tag), tags, tag)] for tag in params
        ], [60 * mm, 55 * mm, 55 * mm]))
    else:
        story.append(p("No process values configured."))

    story.append(Paragraph("Defects · 불량", head))
    if page.defects:
        rows: list[list[Any]] = [["#", "Code", "Name", "Qty", "Where / note", "Measurement", "Recorded"]]
        for d in page.defects:
            m = d.measurement
            measured = (f"{tag_name(tags, str(m.get('tag')))}: {value_text(tags, str(m.get('tag')), m.get('value'))}"
                        f" ({limits_words(m.get('lo'), m.get('hi'), str(m.get('unit', '')))})" if m else "")
            state = f"VOID: {d.void_reason}" if d.voided else ""
            rows.append([d.id, d.code, f"{d.name}\n{d.name_ko}", d.qty,
                         "\n".join(x for x in (d.location, d.note, state) if x), measured,
                         f"{_when(d.recorded_at)}\n{who(d.recorded_by)} ({d.origin})"])
        story.append(table(rows, [9 * mm, 27 * mm, 33 * mm, 10 * mm, 36 * mm, 30 * mm, 30 * mm]))
        live = sum(d.qty for d in page.defects if not d.voided)
        story.append(p(f"Total defective parts (not void): {live}"))
    else:
        story.append(p("No defects recorded."))

    story.append(Paragraph("Instruction sign-offs · 작업 지시 서명", head))
    if page.signoffs:
        story.append(table([["Step", "Kind", "Value", "Limits", "Flag", "User", "Time"]] + [
            [s.step_index + 1, s.step_kind, _value(s.value) + (f" {s.unit}" if s.unit else ""),
             limits_words(s.lo, s.hi, s.unit) if s.step_kind == "measure" else "",
             "OUT OF LIMIT" if s.out_of_limit else "", who(s.username), _when(s.ts)] for s in page.signoffs
        ], [12 * mm, 20 * mm, 45 * mm, 24 * mm, 24 * mm, 16 * mm, 34 * mm]))
    else:
        story.append(p("No sign-offs."))

    story.append(Paragraph("Events · 이력 (runs of counts summarised)", head))
    rows = [["Time", "Event", "By", "Good", "Scrap", "Reason / kept apart"]]
    for run in summarise_events(page.events):
        when = _when(run.first_ts) + (f"\n… {_when(run.last_ts)}" if run.times > 1 else "")
        event = run.kind.replace("_", " ") + (f" × {run.times}" if run.times > 1 else "")
        reason = page.reasons.get(run.reason or "")
        why = f"{reason.name} / {reason.name_ko}" if reason is not None else (run.reason or "")
        if run.parts:
            why = (why + " " if why else "") + f"{run.parts} parts"
        rows.append([when, event, who(run.actor), run.good or "", run.scrap or "", why])
    story.append(table(rows, [34 * mm, 26 * mm, 30 * mm, 14 * mm, 14 * mm, 52 * mm]))

    if page.alarms:
        story.append(Paragraph("Alarms during the lot · 로트 중 알람", head))
        story.append(table([["Time", "Alarm"]] + [[_when(a.get("ts")), a.get("alarm")] for a in page.alarms],
                           [40 * mm, 130 * mm]))

    if page.spc:
        from hmi.spc.report import report_blocks

        story.append(Paragraph("SPC · 통계적 공정 관리", head))
        for block in report_blocks(page.spc):
            story += [p(block.heading), table(block.rows, [w * mm for w in block.widths_mm])]

    if trend:
        story.append(Paragraph("Trend · 추이", head))
        story.append(_trend_chart(trend, regular))

    buffer = io.BytesIO()
    doc = SimpleDocTemplate(buffer, pagesize=A4, leftMargin=15 * mm, rightMargin=15 * mm, topMargin=15 * mm,
                            bottomMargin=15 * mm, title=f"Lot {lot.lot_no}", author=station_name)
    doc.build(story)
    return buffer.getvalue()


_PENS = (colors.HexColor("#1f4e79"), colors.HexColor("#7f6000"), colors.HexColor("#385723"), colors.HexColor("#7030a0"))


def _trend_chart(trend: Trend, font: str) -> Drawing:
    drawing = Drawing(170 * mm, 60 * mm)
    plot = LinePlot()
    plot.x, plot.y, plot.width, plot.height = 12 * mm, 10 * mm, 150 * mm, 45 * mm
    series = [list(points) for points in trend.values() if len(points) >= 2]
    if not series:
        drawing.add(String(10, 10, "not enough samples for a trend", fontName=font, fontSize=8))
        return drawing
    t0 = min(pt[0] for s in series for pt in s)
    plot.data = [[((ts - t0) / 60.0, value) for ts, value in s] for s in series]
    for i in range(len(series)):
        plot.lines[i].strokeColor = _PENS[i % len(_PENS)]
        plot.lines[i].strokeWidth = 1
    plot.xValueAxis.labels.fontName = font
    plot.yValueAxis.labels.fontName = font
    plot.xValueAxis.labels.fontSize = plot.yValueAxis.labels.fontSize = 7
    drawing.add(plot)
    names = [name for name, points in trend.items() if len(points) >= 2]
    for i, name in enumerate(names):
        drawing.add(String(14 * mm + i * 45 * mm, 2, f"— {name} (x: minutes)", fontName=font, fontSize=7,
                           fillColor=_PENS[i % len(_PENS)]))
    return drawing
