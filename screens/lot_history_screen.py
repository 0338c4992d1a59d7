"""Lot history: search by lot, work order or product and date range; a lot's page; its PDF report."""

from __future__ import annotations

import datetime as dt
from html import escape

from PySide6.QtCore import QDate, QSize, Qt
from PySide6.QtWidgets import (
    QDateEdit,
    QHBoxLayout,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QTextBrowser,
    QWidget,
)

from hmi.production.lot_summary import count_totals, summarise_events, value_text
from hmi.production.production import LotPage
from hmi.production.records import ProductionError
from screens.lot_report_texts import lot_report_texts
from screens.shell_context import ShellContext
from screens.widgets.quality_text import quality_text
from screens.widgets.screen_base import ScreenBase


def _when(ts: float | None) -> str:
    return "—" if ts is None else dt.datetime.fromtimestamp(ts).strftime("%Y-%m-%d %H:%M:%S")


class LotHistoryScreen(ScreenBase):
    expected_errors = (ProductionError,)
    def __init__(self, context: ShellContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        self.production = context.station.production
        self.page: LotPage | None = None
        search = QHBoxLayout()
        self.search_field = QLineEdit(objectName="LotSearch")
        self.search_field.returnPressed.connect(self.search)
        self.since = QDateEdit(QDate.currentDate().addDays(-30), objectName="LotSince")
        self.until = QDateEdit(QDate.currentDate(), objectName="LotUntil")
        for edit in (self.since, self.until):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("yyyy-MM-dd")
            edit.setMinimumHeight(58)
        self.search_button = QPushButton(objectName="LotSearchButton")
        self.search_button.setProperty("role", "primary")
        self.search_button.setMinimumHeight(58)
        self.search_button.clicked.connect(self.search)
        search.addWidget(self.search_field, 2)
        search.addWidget(self.since)
        search.addWidget(self.until)
        search.addWidget(self.search_button)
        self.body.addLayout(search)
        row = QHBoxLayout()
        self.results = QListWidget(objectName="LotResults")
        self.results.setWordWrap(True)
        self.results.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.results.currentItemChanged.connect(lambda item, _prev: self._open(item))
        self.details = QTextBrowser(objectName="LotPage")
        row.addWidget(self.results, 2)
        row.addWidget(self.details, 5)
        self.body.addLayout(row, 1)
        self.report_button = QPushButton(objectName="LotReport")
        self.report_button.setMinimumHeight(60)
        self.report_button.clicked.connect(self._report)
        self.body.addWidget(self.report_button)
        self.retranslate()

    def retranslate(self) -> None:
        self.title_label.setText(self.tr("Lot history"))
        self.search_field.setPlaceholderText(self.tr("Lot, work order or product"))
        self.search_button.setText(self.tr("Search"))
        self.report_button.setText(self.tr("Save lot report (PDF)"))
        self._show_page()

    def on_shown(self) -> None:
        self.search()

    def search(self) -> None:
        text = self.search_field.text()
        since = dt.datetime.combine(self.since.date().toPython(), dt.time()).timestamp()
        until = dt.datetime.combine(self.until.date().toPython() + dt.timedelta(days=1), dt.time()).timestamp()
        self.run_task(self._search(text, since, until))

    async def _search(self, text: str, since: float, until: float) -> None:
        lots = await self.production.lots.search(text=text, since=since, until=until)
        self.results.clear()
        for lot in lots:
            item = QListWidgetItem(f"{lot.lot_no}\n{lot.work_order} · {lot.product} · {self._status(lot.status.value)}")
            item.setData(Qt.ItemDataRole.UserRole, lot.lot_no)
            item.setSizeHint(QSize(0, 68))
            self.results.addItem(item)
        if lots:
            self.results.setCurrentRow(0)
        else:
            self.page = None
            self._show_page()

    def _open(self, item: QListWidgetItem | None) -> None:
        if item is not None:
            self.run_task(self._load(str(item.data(Qt.ItemDataRole.UserRole))))

    async def _load(self, lot_no: str) -> None:
        self.page = await self.production.lot_page(lot_no)
        self._show_page()

    def _show_page(self) -> None:
        page = self.page
        self.report_button.setEnabled(page is not None)
        if page is None:
            self.details.setHtml("<p>" + escape(self.tr("No lot selected.")) + "</p>")
            return
        lot = page.lot
        words = {key: escape(text) for key, text in {
            "lot": self.tr("Lot"), "good": self.tr("Good"), "scrap": self.tr("Scrap"), "started": self.tr("Started"),
            "ended": self.tr("Ended"), "aborted": self.tr("Aborted"), "values": self.tr("Process values"),
            "defects": self.tr("Defects"), "void": self.tr("VOID"), "signoffs": self.tr("Instruction sign-offs"),
            "out": self.tr("OUT OF LIMIT"), "step": self.tr("Step"), "events": self.tr("Events"),
            "alarms": self.tr("Alarms during the lot"), "start": self.tr("At start"), "end": self.tr("At end"),
            "counts": self.tr("Counts"), "counter": self.tr("counted by the line"),
            "people": self.tr("counted by people"), "pause": self.tr("counted during pauses"),
            "accepted": self.tr("added to the lot"), "scrapped": self.tr("as scrap"),
            "other": self.tr("not this lot"), "late": self.tr("late counts after Finish"),
            "planned": self.tr("planned"), "times": self.tr("times"),
        }.items()}
        korean = self.context.languages.locale == "ko"
        tags = self.context.station.profile.tags

        def who(username: str | None) -> str:
            return escape(page.users.get(username or "", username or "—"))

        def reason_text(code: str | None) -> str:
            reason = page.reasons.get(code or "")
            if reason is None:
                return escape(code or "")
            return escape(reason.name_ko if korean and reason.name_ko else reason.name)

        def tag_text(tag: str) -> str:
            config = tags.get(tag)
            if config is None:
                return escape(tag)
            return escape((config.description_ko if korean and config.description_ko else config.description) or tag)

        def value_of(tag: str, value: object) -> str:
            if isinstance(value, dict):
                shown = value_text(tags, tag, value.get("value")) if value.get("value") is not None else \
                    self.tr("no value")
                quality = str(value.get("quality", ""))
                return escape(shown if quality.lower() == "good" else f"{shown} ({quality_text(quality)})")
            return escape(self._value(value))

        totals = count_totals(lot, page.events)
        parts = [f"<h2>{words['lot']} {escape(lot.lot_no)}</h2>",
                 f"<p>{escape(lot.work_order)} · {escape(lot.product)} · {escape(lot.operation)} · "
                 f"<b>{escape(self._status(lot.status.value))}</b><br>{words['good']}: {lot.good} · "
                 f"{words['scrap']}: {lot.scrap}" + (f" · {words['planned']}: {lot.planned_qty}" if lot.planned_qty
                                                      else "") +
                 f"<br>{words['started']}: {_when(lot.started_at)} "
                 f"({who(lot.started_by)}) · {words['ended']}: {_when(lot.ended_at)}"
                 + (f" ({who(lot.ended_by)})" if lot.ended_by else "") + "</p>",
                 f"<h3>{words['counts']}</h3><ul><li>{words['counter']}: {totals.by_counter}</li>"
                 f"<li>{words['people']}: +{totals.by_people_good} / +{totals.by_people_scrap}</li>"
                 f"<li>{words['pause']}: {words['accepted']} {totals.pause_accepted} · {words['scrapped']} "
                 f"{totals.pause_scrapped} · {words['other']} {totals.pause_not_this_lot}"
                 + (f" · <b>{lot.pause_pending}</b>" if lot.pause_pending else "") + "</li>"
                 f"<li>{words['late']}: <b>{totals.late}</b></li></ul>"]
        if lot.abort_reason:
            parts.append(f"<p><b>{words['aborted']}:</b> {escape(lot.abort_reason)}</p>")
        params = sorted(set(lot.params_start or {}) | set(lot.params_end or {}))
        if params:
            parts.append(f"<h3>{words['values']}</h3><table border=1 cellpadding=4>"
                         f"<tr><th></th><th>{words['start']}</th><th>{words['end']}</th></tr>")
            for tag in params:
                start = (lot.params_start or {}).get(tag)
                end = (lot.params_end or {}).get(tag)
                parts.append(f"<tr><td>{tag_text(tag)}</td><td>{value_of(tag, start)}</td>"
                             f"<td>{value_of(tag, end)}</td></tr>")
            parts.append("</table>")
        parts.append(f"<h3>{words['defects']} ({len(page.defects)})</h3><ul>")
        for d in page.defects:
            void = f" <b>{words['void']}: {escape(d.void_reason or '')}</b>" if d.voided else ""
            parts.append(f"<li>#{d.id} {escape(d.code)} {escape(d.name)} / {escape(d.name_ko)} × {d.qty} "
                         f"{escape(d.location)} {escape(d.note)} · {who(d.recorded_by)} {_when(d.recorded_at)}"
                         f"{void}</li>")
        parts.append(f"</ul><h3>{words['signoffs']}</h3><ul>")
        for s in page.signoffs:
            flag = f" <b>{words['out']}</b>" if s.out_of_limit else ""
            value = "" if s.value is True else f" = {escape(self._value(s.value))} {escape(s.unit)}"
            parts.append(f"<li>{words['step']} {s.step_index + 1} ({escape(s.step_kind)}){value}{flag} · "
                         f"{who(s.username)} {_when(s.ts)}</li>")
        parts.append(f"</ul><h3>{words['events']}</h3><ul>")
        for run in summarise_events(page.events):   # runs of counts as one line, not one per part
            counts = f" {run.good:+d}/{run.scrap:+d}" if run.good or run.scrap else ""
            counts += f" ({run.parts})" if run.parts else ""
            times = f" × {run.times} {words['times']}" if run.times > 1 else ""
            reason = f" · {reason_text(run.reason)}" if run.reason else ""
            parts.append(f"<li>{_when(run.first_ts)} {escape(run.kind.replace('_', ' '))}{times}{counts}{reason} · "
                         f"{who(run.actor)}</li>")
        parts.append("</ul>")
        if page.alarms:
            parts.append(f"<h3>{words['alarms']}</h3><ul>")
            parts += [f"<li>{_when(a.get('ts'))} {escape(str(a.get('alarm')))}</li>" for a in page.alarms]
            parts.append("</ul>")
        self.details.setHtml("".join(parts))

    def _status(self, status: str) -> str:
        return {"running": self.tr("running"), "paused": self.tr("paused"), "finished": self.tr("finished"),
                "aborted": self.tr("aborted")}.get(status, status)

    @staticmethod
    def _value(value: object) -> str:
        if isinstance(value, dict):
            return f"{value.get('value')} ({value.get('quality')})"
        if isinstance(value, list):
            return ", ".join(str(v) for v in value)
        return "—" if value is None else str(value)

    def _report(self) -> None:
        if self.page is not None:
            self.run_task(self._save_report(self.page.lot.lot_no))

    async def _save_report(self, lot_no: str) -> None:
        import asyncio

        texts = lot_report_texts(self.context.languages.locale)   # read here, on the GUI thread
        pdf = await self.production.lot_report_pdf(lot_no, station_name=self.context.station.profile.station.name,
                                                   texts=texts)
        folder = self.context.station.data_dir / "reports"
        path = folder / f"lot-{''.join(c if c.isalnum() or c in '-_' else '_' for c in lot_no)}.pdf"

        def save() -> None:
            folder.mkdir(parents=True, exist_ok=True)
            path.write_bytes(pdf)

        await asyncio.to_thread(save)
        self.context.notify(self.tr("Lot report saved: %1").replace("%1", str(path)))
