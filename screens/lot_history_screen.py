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

from hmi.production import records
from hmi.production.production import LotPage
from hmi.production.records import ProductionError
from screens.shell_context import ShellContext
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
        lots = await self.context.station.store.read(
            lambda db: records.search_lots(db, text=text, since=since, until=until))
        self.results.clear()
        for lot in lots:
            item = QListWidgetItem(f"{lot.lot_no}\n{lot.work_order} · {lot.product} · {lot.status.value}")
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
        }.items()}
        parts = [f"<h2>{words['lot']} {escape(lot.lot_no)}</h2>",
                 f"<p>{escape(lot.work_order)} · {escape(lot.product)} · {escape(lot.operation)} · "
                 f"<b>{escape(lot.status.value)}</b><br>{words['good']}: {lot.good} · "
                 f"{words['scrap']}: {lot.scrap}<br>{words['started']}: {_when(lot.started_at)} "
                 f"({escape(lot.started_by)}) · {words['ended']}: {_when(lot.ended_at)}</p>"]
        if lot.abort_reason:
            parts.append(f"<p><b>{words['aborted']}:</b> {escape(lot.abort_reason)}</p>")
        params = sorted(set(lot.params_start or {}) | set(lot.params_end or {}))
        if params:
            parts.append(f"<h3>{words['values']}</h3><table border=1 cellpadding=4>"
                         f"<tr><th></th><th>{words['start']}</th><th>{words['end']}</th></tr>")
            for tag in params:
                start = (lot.params_start or {}).get(tag)
                end = (lot.params_end or {}).get(tag)
                parts.append(f"<tr><td>{escape(tag)}</td><td>{escape(self._value(start))}</td>"
                             f"<td>{escape(self._value(end))}</td></tr>")
            parts.append("</table>")
        parts.append(f"<h3>{words['defects']} ({len(page.defects)})</h3><ul>")
        for d in page.defects:
            void = f" <b>{words['void']}: {escape(d.void_reason or '')}</b>" if d.voided else ""
            parts.append(f"<li>#{d.id} {escape(d.code)} {escape(d.name)} / {escape(d.name_ko)} × {d.qty} "
                         f"{escape(d.location)} {escape(d.note)} · {escape(d.recorded_by)} {_when(d.recorded_at)}"
                         f"{void}</li>")
        parts.append(f"</ul><h3>{words['signoffs']}</h3><ul>")
        for s in page.signoffs:
            flag = f" <b>{words['out']}</b>" if s.out_of_limit else ""
            value = "" if s.value is True else f" = {escape(self._value(s.value))} {escape(s.unit)}"
            parts.append(f"<li>{words['step']} {s.step_index + 1} ({escape(s.step_kind)}){value}{flag} · "
                         f"{escape(s.username)} {_when(s.ts)}</li>")
        parts.append(f"</ul><h3>{words['events']}</h3><ul>")
        for e in page.events:
            counts = f" +{e.good_delta}/{e.scrap_delta}" if e.good_delta or e.scrap_delta else ""
            reason = f" · {escape(e.reason)}" if e.reason else ""
            parts.append(f"<li>{_when(e.ts)} {escape(e.kind)}{counts}{reason} · {escape(e.actor)}</li>")
        parts.append("</ul>")
        if page.alarms:
            parts.append(f"<h3>{words['alarms']}</h3><ul>")
            parts += [f"<li>{_when(a.get('ts'))} {escape(str(a.get('alarm')))}</li>" for a in page.alarms]
            parts.append("</ul>")
        self.details.setHtml("".join(parts))

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

        pdf = await self.production.lot_report_pdf(lot_no, station_name=self.context.station.config.station.name)
        folder = self.context.station.data_dir / "reports"
        path = folder / f"lot-{''.join(c if c.isalnum() or c in '-_' else '_' for c in lot_no)}.pdf"

        def save() -> None:
            folder.mkdir(parents=True, exist_ok=True)
            path.write_bytes(pdf)

        await asyncio.to_thread(save)
        self.context.notify(self.tr("Lot report saved: %1").replace("%1", str(path)))
