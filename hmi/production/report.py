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
from hmi.production.report_texts import ENGLISH, ReportTexts

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


def _value(value: Any, tags: Mapping[str, TagSection] | None = None, tag: str = "", *,
           texts: ReportTexts = ENGLISH) -> str:
    if isinstance(value, dict) and "value" in value:
        quality = str(value.get("quality", "?"))
        shown = value_text(tags or {}, tag, value["value"], texts=texts)
        return shown if quality.lower() == "good" else f"{shown} ({texts(quality.upper())})"
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    if value is True:
        return texts("confirmed")
    return "—" if value is None else str(value)


# Machine identities in the lot's events and records, in words ("system:counter" means nothing to a reader).
_MACHINES = {"system:counter": "line counter", "system:equipment": "equipment", "system:spc": "SPC rules",
             "system:mes": "MES sync"}


def render_lot_report(page: LotPage, *, station_name: str, trend: Trend | None = None,
                      generated_at: float | None = None, tags: Mapping[str, TagSection] | None = None,
                      texts: ReportTexts = ENGLISH) -> bytes:
    """The report in the reader's language (``texts``); English when none is given."""
    tags = tags or {}
    users = page.users
    t = texts

    def who(username: str | None) -> str:
        if not username:
            return "—"
        machine = _MACHINES.get(username)
        return t(machine) if machine else users.get(username, username)

    regular, bold = korean_font()
    styles = getSampleStyleSheet()
    body = ParagraphStyle("body", parent=styles["BodyText"], fontName=regular, fontSize=9, leading=12)
    head = ParagraphStyle("head", parent=styles["Heading2"], fontName=bold, fontSize=12, spaceBefore=8)
    title = ParagraphStyle("title", parent=styles["Title"], fontName=bold, fontSize=16)

    def p(text: Any) -> Paragraph:
        return Paragraph(escape(_glyphs(str(text))).replace("\n", "<br/>"), body)

    def table(rows: list[list[Any]], widths: list[float]) -> Table:
        tab = Table([[p(c) for c in row] for row in rows], colWidths=widths, repeatRows=1)
        tab.setStyle(TableStyle([
            ("GRID", (0, 0), (-1, -1), 0.4, colors.grey),
            ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e6e6e6")),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ]))
        return tab

    def heading(text: str) -> Paragraph:
        return Paragraph(escape(text), head)

    lot = page.lot
    story: list[Any] = [Paragraph(escape(t("Lot report — {lot_no}", lot_no=lot.lot_no)), title),
                        p(t("{station} · generated {when}", station=station_name, when=_when(generated_at)))]
    story += [heading(t("Summary")), table([
        [t("Lot"), t("Work order"), t("Product"), t("Operation"), t("Status")],
        [lot.lot_no, lot.work_order, lot.product, lot.operation, t(lot.status.value)],
        [t("Good"), t("Scrap"), t("Planned"), t("Started"), t("Ended")],
        [lot.good, lot.scrap, lot.planned_qty or "—", f"{_when(lot.started_at)}\n{who(lot.started_by)}",
         f"{_when(lot.ended_at)}\n{who(lot.ended_by)}"],
    ], [36 * mm] * 5)]
    totals = count_totals(lot, page.events)
    story += [heading(t("Counts")), table([
        [t("Source"), t("Good"), t("Scrap"), t("Kept apart")],
        [t("Counter (line)"), totals.by_counter, "", ""],
        [t("People (+1 / +N)"), totals.by_people_good, totals.by_people_scrap, ""],
        [t("Counted during pauses: added to the lot / scrap / not this lot"), totals.pause_accepted,
         totals.pause_scrapped, totals.pause_not_this_lot],
        [t("Late counts (after Finish, parts in transit)"), "", "", totals.late],
    ], [80 * mm, 30 * mm, 30 * mm, 40 * mm])]
    if lot.abort_reason:
        story.append(p(t("Aborted: {reason}", reason=lot.abort_reason)))
    if page.instruction is not None or lot.instruction_id:
        named = f" — {t.pick(page.instruction.title, page.instruction.title_ko)}" if page.instruction else ""
        story.append(p(t("Work instruction: {instruction} version {version}", instruction=lot.instruction_id,
                         version=lot.instruction_version) + named))

    params = sorted(set(lot.params_start or {}) | set(lot.params_end or {}))
    story.append(heading(t("Process parameters")))
    if params:
        story.append(table([[t("Tag"), t("At start"), t("At end")]] + [
            [tag_name(tags, tag, texts=t), _value((lot.params_start or {}).get(tag), tags, tag, texts=t),
             _value((lot.params_end or {}).get(tag), tags, tag, texts=t)] for tag in params
        ], [60 * mm, 55 * mm, 55 * mm]))
    else:
        story.append(p(t("No process values configured.")))

    story.append(heading(t("Defects")))
    if page.defects:
        rows: list[list[Any]] = [["#", t("Code"), t("Name"), t("Qty"), t("Where / note"), t("Measurement"),
                                  t("Recorded")]]
        for d in page.defects:
            m = d.measurement
            measured = (f"{tag_name(tags, str(m.get('tag')), texts=t)}: "
                        f"{value_text(tags, str(m.get('tag')), m.get('value'), texts=t)}"
                        f" ({limits_words(m.get('lo'), m.get('hi'), str(m.get('unit', '')), texts=t)})" if m else "")
            state = t("VOID: {reason}", reason=d.void_reason) if d.voided else ""
            rows.append([d.id, d.code, t.pick(d.name, d.name_ko), d.qty,
                         "\n".join(x for x in (d.location, d.note, state) if x), measured,
                         f"{_when(d.recorded_at)}\n{who(d.recorded_by)} ({t(d.origin)})"])
        story.append(table(rows, [9 * mm, 27 * mm, 33 * mm, 12 * mm, 34 * mm, 30 * mm, 30 * mm]))
        live = sum(d.qty for d in page.defects if not d.voided)
        story.append(p(t("Total defective parts (not void): {count}", count=live)))
    else:
        story.append(p(t("No defects recorded.")))

    story.append(heading(t("Instruction sign-offs")))
    if page.signoffs:
        story.append(table([[t("Step"), t("Kind"), t("Value"), t("Limits"), t("Flag"), t("User"), t("Time")]] + [
            [s.step_index + 1, t(s.step_kind), _value(s.value, texts=t) + (f" {s.unit}" if s.unit else ""),
             limits_words(s.lo, s.hi, s.unit, texts=t) if s.step_kind == "measure" else "",
             t("OUT OF LIMIT") if s.out_of_limit else "", who(s.username), _when(s.ts)] for s in page.signoffs
        ], [12 * mm, 22 * mm, 41 * mm, 24 * mm, 20 * mm, 24 * mm, 32 * mm]))
    else:
        story.append(p(t("No sign-offs.")))

    story.append(heading(t("Events (runs of counts summarised)")))
    rows = [[t("Time"), t("Event"), t("By"), t("Good"), t("Scrap"), t("Reason / kept apart")]]
    for run in summarise_events(page.events):
        when = _when(run.first_ts) + (f"\n… {_when(run.last_ts)}" if run.times > 1 else "")
        event = t(run.kind.replace("_", " ")) + (f" × {run.times}" if run.times > 1 else "")
        reason = page.reasons.get(run.reason or "")
        why = t.pick(reason.name, reason.name_ko) if reason is not None else (run.reason or "")
        if run.parts:
            why = (why + " " if why else "") + t.count("%n part(s)", run.parts)
        rows.append([when, event, who(run.actor), run.good or "", run.scrap or "", why])
    story.append(table(rows, [34 * mm, 26 * mm, 30 * mm, 14 * mm, 14 * mm, 52 * mm]))

    if page.alarms:
        story.append(heading(t("Alarms during the lot")))
        story.append(table([[t("Time"), t("Alarm")]] + [[_when(a.get("ts")), a.get("alarm")] for a in page.alarms],
                           [40 * mm, 130 * mm]))

    if page.spc:
        from hmi.spc.report import report_blocks

        story.append(heading(t("SPC")))
        for block in report_blocks(page.spc, texts=t):
            story += [p(block.heading), table(block.rows, [w * mm for w in block.widths_mm])]

    if trend:
        story.append(heading(t("Trend")))
        story.append(_trend_chart(trend, regular, tags=tags, texts=t))

    buffer = io.BytesIO()
    doc = SimpleDocTemplate(buffer, pagesize=A4, leftMargin=15 * mm, rightMargin=15 * mm, topMargin=15 * mm,
                            bottomMargin=15 * mm, title=t("Lot report — {lot_no}", lot_no=lot.lot_no),
                            author=station_name)
    doc.build(story)
    return buffer.getvalue()


_PENS = (colors.HexColor("#1f4e79"), colors.HexColor("#7f6000"), colors.HexColor("#385723"), colors.HexColor("#7030a0"))


def _trend_chart(trend: Trend, font: str, *, tags: Mapping[str, TagSection] | None = None,
                 texts: ReportTexts = ENGLISH) -> Drawing:
    drawing = Drawing(170 * mm, 60 * mm)
    plot = LinePlot()
    plot.x, plot.y, plot.width, plot.height = 12 * mm, 10 * mm, 150 * mm, 45 * mm
    series = [list(points) for points in trend.values() if len(points) >= 2]
    if not series:
        drawing.add(String(10, 10, texts("not enough samples for a trend"), fontName=font, fontSize=8))
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
        unit = (tags or {}).get(name)
        label = tag_name(tags or {}, name, texts=texts) + (f", {unit.unit}" if unit is not None and unit.unit else "")
        legend = "— " + texts("{tag} (x: minutes)", tag=label)
        drawing.add(String(14 * mm + i * 45 * mm, 2, legend, fontName=font, fontSize=7, fillColor=_PENS[i % len(_PENS)]))
    return drawing
