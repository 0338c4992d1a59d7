"""Trends: live values scrolling by, or the history of up to 16 pens, read from the historian.

Nothing here waits on SQLite: history comes from ``historian.query`` in a worker thread, and a
request counter drops any answer that is older than the latest request (a fast pan never shows a
stale range). Live mode repaints at most ``ui.max_repaint_hz`` and stops following the bus while
the screen is hidden.
"""

from __future__ import annotations

import asyncio
import csv
import datetime as dt
import time
from pathlib import Path

import numpy as np
from PySide6.QtCore import QDateTime, Qt, QTimer
from PySide6.QtGui import QIcon, QPixmap
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QDateTimeEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QProgressBar,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from hmi.historian.historian import numeric
from hmi.historian.views import MAX_PENS, TrendView, load_views, save_view
from hmi.observable import Unsubscribe
from hmi.tags.sample import Quality, Sample
from screens.shell_context import ShellContext
from screens.widgets.screen_base import ScreenBase
from screens.widgets.trend_plot import TrendPlot

LIVE_SPANS: tuple[float, ...] = (60.0, 600.0, 3600.0, 8 * 3600.0)
HISTORY_SPANS: tuple[float, ...] = (3600.0, 8 * 3600.0, 24 * 3600.0, 7 * 86_400.0)
RANGE_DEBOUNCE_MS = 150


class _LiveBuffer:
    """The last ``capacity`` values of one pen; NaN where quality was not GOOD."""

    def __init__(self, capacity: int) -> None:
        self.t = np.empty(capacity)
        self.v = np.empty(capacity)
        self.q: list[Quality] = []
        self.size = 0

    def extend(self, t: np.ndarray, v: np.ndarray) -> None:
        for ts, value in zip(t.tolist(), v.tolist(), strict=True):
            self.append(ts, value)

    def append(self, ts: float, value: float) -> None:
        if self.size == self.t.shape[0]:
            keep = self.size // 2
            self.t[:keep] = self.t[self.size - keep: self.size]
            self.v[:keep] = self.v[self.size - keep: self.size]
            self.size = keep
        self.t[self.size] = ts
        self.v[self.size] = value
        self.size += 1

    def view(self) -> tuple[np.ndarray, np.ndarray]:
        return self.t[: self.size], self.v[: self.size]


class TrendsScreen(ScreenBase):
    def __init__(self, context: ShellContext, parent: QWidget | None = None, *, mode: str = "live") -> None:
        super().__init__(context, parent)
        self.station = context.station
        self.historian = context.station.historian
        self.mode = mode if mode in ("live", "history") else "live"
        self.pens: list[str] = []
        self.live_span = LIVE_SPANS[1]
        self.history_span = HISTORY_SPANS[2]
        self.history_range: tuple[float, float] | None = None
        self.query_count = 0  # how many history queries were started (tests read it)
        self._request = 0
        self._cursor_request = 0
        self._visible = False
        self._live: dict[str, _LiveBuffer] = {}
        self._live_quality: dict[str, Quality] = {}
        self._dirty = False
        self._unsubscribe: Unsubscribe | None = None
        self._cursor_values: dict[str, tuple[float | None, Quality] | None] = {}
        self._views: list[TrendView] = []

        self.plot = TrendPlot()
        self.plot.range_changed.connect(self._range_changed_by_operator)
        self.plot.cursor_moved.connect(self._cursor_moved)
        self.plot.scene().sigMouseClicked.connect(self._plot_clicked)
        self._repaint = QTimer(self)
        self._repaint.setInterval(int(1000 / self.station.config.ui.max_repaint_hz))
        self._repaint.timeout.connect(self._paint_live)
        self._range_timer = QTimer(self, singleShot=True, interval=RANGE_DEBOUNCE_MS)
        self._range_timer.timeout.connect(lambda: self._spawn(self._load_history(*self.plot.time_range())))
        self._cursor_timer = QTimer(self, singleShot=True, interval=80)
        self._cursor_timer.timeout.connect(self._read_cursor)

        self._build()
        self.destroyed.connect(lambda *_: self._unsubscribe() if self._unsubscribe else None)
        self.retranslate()

    # Layout ----------------------------------------------------------------------------------------
    def _build(self) -> None:
        top = QHBoxLayout()
        top.setSpacing(8)
        self.live_button = self._button(checkable=True)
        self.history_button = self._button(checkable=True)
        modes = QButtonGroup(self)
        modes.addButton(self.live_button)
        modes.addButton(self.history_button)
        self.live_button.clicked.connect(lambda: self.set_mode("live"))
        self.history_button.clicked.connect(lambda: self.set_mode("history"))
        top.addWidget(self.live_button)
        top.addWidget(self.history_button)
        top.addSpacing(16)
        self.span_buttons: list[QPushButton] = []
        self._span_group = QButtonGroup(self)
        for index in range(4):
            button = self._button(checkable=True)
            button.clicked.connect(lambda _=False, i=index: self._span_clicked(i))
            self._span_group.addButton(button)
            self.span_buttons.append(button)
            top.addWidget(button)
        self.custom_button = self._button()
        self.custom_button.clicked.connect(self._open_custom_range)
        top.addWidget(self.custom_button)
        top.addStretch(1)
        self.body.addLayout(top)

        tools = QHBoxLayout()
        tools.setSpacing(8)
        self.pens_button = self._button()
        self.pens_button.clicked.connect(self._open_pen_picker)
        self.axis_button = self._button(checkable=True)
        self.axis_button.toggled.connect(self.plot.set_shared_axis)
        self.views_box = QComboBox()
        self.views_box.setMinimumHeight(60)
        self.views_box.setMinimumWidth(160)
        self.views_box.activated.connect(self._view_chosen)
        self.save_view_button = self._button()
        self.save_view_button.clicked.connect(self._ask_view_name)
        self.csv_button = self._button()
        self.csv_button.clicked.connect(lambda: self._spawn(self.export_csv()))
        self.png_button = self._button()
        self.png_button.clicked.connect(lambda: self._spawn(self.export_png()))
        self.progress = QProgressBar()
        self.progress.setMaximumWidth(140)
        self.progress.hide()
        for widget in (self.pens_button, self.axis_button, self.views_box, self.save_view_button,
                       self.csv_button, self.png_button, self.progress):
            tools.addWidget(widget)
        tools.addStretch(1)
        self.body.addLayout(tools)

        middle = QHBoxLayout()
        middle.addWidget(self.plot, 1)
        self.legend = QVBoxLayout()
        self.legend.setSpacing(4)
        legend_host = QWidget()
        legend_host.setLayout(self.legend)
        scroll = QScrollArea()
        scroll.setWidget(legend_host)
        scroll.setWidgetResizable(True)
        scroll.setFixedWidth(250)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        middle.addWidget(scroll)
        self.body.addLayout(middle, 1)
        self.status = QLabel()
        self.body.addWidget(self.status)
        self.legend_buttons: dict[str, QPushButton] = {}

    @staticmethod
    def _button(*, checkable: bool = False) -> QPushButton:
        button = QPushButton()
        button.setCheckable(checkable)
        button.setProperty("segment", checkable)  # a checked one shows as selected (station.qss)
        button.setMinimumHeight(60)
        return button

    def retranslate(self) -> None:
        self.title_label.setText(self.tr("Trends"))
        self.live_button.setText(self.tr("Live"))
        self.history_button.setText(self.tr("History"))
        self.custom_button.setText(self.tr("Range…"))
        self.pens_button.setText(self.tr("Pens…"))
        self.axis_button.setText(self.tr("Shared % axis"))
        self.save_view_button.setText(self.tr("Save view"))
        self.csv_button.setText(self.tr("CSV"))
        self.png_button.setText(self.tr("PNG"))
        self._show_mode()
        self._fill_views_box()
        self._fill_legend()

    def _show_mode(self) -> None:
        live = self.mode == "live"
        self.live_button.setChecked(live)
        self.history_button.setChecked(not live)
        spans = LIVE_SPANS if live else HISTORY_SPANS
        current = self.live_span if live else self.history_span
        for button, span in zip(self.span_buttons, spans, strict=True):
            button.setText(self._span_text(span))
            button.setChecked(span == current and (live or self.history_range is None))
        self.custom_button.setVisible(not live)
        self.plot.set_interactive(not live)

    def _span_text(self, span: float) -> str:
        if span < 3600:
            text = self.tr("%n min", "", int(span // 60))
        elif span <= 86_400:
            text = self.tr("%n h", "", int(span // 3600))
        else:
            text = self.tr("%n d", "", int(span // 86_400))
        return text

    # Showing and hiding --------------------------------------------------------------------------
    def on_shown(self) -> None:
        self._visible = True
        if not self.pens:
            self._spawn(self._default_pens())
        else:
            self._start_mode()

    def on_hidden(self) -> None:
        self._visible = False
        self._stop_live()

    async def _default_pens(self) -> None:
        self._views = await self.station.store.read(load_views)
        self._fill_views_box()
        if not self.pens:  # the first saved view's pens, else the first tags that have a unit
            if self._views:
                self.set_pens(list(self._views[0].pens))
            else:
                tags = await self.historian.tags()
                with_unit = [t for t in tags if self.historian.info(t).unit]
                self.set_pens((with_unit + [t for t in tags if t not in with_unit])[:6])
        elif self._visible:
            self._start_mode()

    def set_pens(self, tags: list[str]) -> None:
        self.pens = list(dict.fromkeys(tags))[:MAX_PENS]
        specs = []
        for tag in self.pens:
            info = self.historian.info(tag)
            specs.append((tag, info.unit, info.range_lo, info.range_hi, info.limits))
        self.plot.set_pens(specs)
        self._fill_legend()
        if self._visible:
            self._start_mode()

    def set_mode(self, mode: str) -> None:
        self.mode = mode
        self._show_mode()
        if self._visible:
            self._start_mode()

    def _start_mode(self) -> None:
        self._stop_live()
        if self.mode == "live":
            self._spawn(self._start_live())
        else:
            start, end = self._history_bounds()
            self.plot.set_time_range(start, end)
            self._spawn(self._load_history(start, end))

    def _span_clicked(self, index: int) -> None:
        if self.mode == "live":
            self.live_span = LIVE_SPANS[index]
        else:
            self.history_span = HISTORY_SPANS[index]
            self.history_range = None
        self._show_mode()
        if self._visible:
            self._start_mode()

    def _history_bounds(self) -> tuple[float, float]:
        if self.history_range is not None:
            return self.history_range
        now = self.station.clock.now()
        return now - self.history_span, now

    # Live ------------------------------------------------------------------------------------------
    async def _start_live(self) -> None:
        request = self._next_request()
        now = self.station.clock.now()
        capacity = int(self.live_span * self.station.config.ui.max_repaint_hz * 1.5) + 1024
        buffers = {tag: _LiveBuffer(capacity) for tag in self.pens}
        self._live = buffers
        self._unsubscribe = self.station.bus.subscribe(self._on_sample, tags=self.pens)
        self._repaint.start()
        self.plot.set_time_range(now - self.live_span, now)
        history = await self.historian.query(self.pens, now - self.live_span, now, max_points=2000)
        if request != self._request or self._live is not buffers:
            return
        for tag, series in history.items():
            fresh = buffers[tag]
            older = series.t < (fresh.t[0] if fresh.size else np.inf)
            merged = _LiveBuffer(capacity)
            merged.extend(series.t[older], series.v[older])
            merged.extend(*fresh.view())
            buffers[tag] = merged
        self._dirty = True

    def _stop_live(self) -> None:
        self._repaint.stop()
        if self._unsubscribe is not None:
            self._unsubscribe()
            self._unsubscribe = None

    def _on_sample(self, sample: Sample) -> None:
        buffer = self._live.get(sample.tag)
        if buffer is None:
            return
        value = numeric(sample.value) if sample.quality is Quality.GOOD else float("nan")
        buffer.append(sample.ts, value)
        self._live_quality[sample.tag] = sample.quality
        self._dirty = True

    def _paint_live(self) -> None:
        """At most max_repaint_hz: new data into the curves and the window scrolled to now."""
        if not self._visible:
            return
        now = self.station.clock.now()
        self.plot.set_time_range(now - self.live_span, now)
        if not self._dirty:
            return
        self._dirty = False
        for tag, buffer in self._live.items():
            t, v = buffer.view()
            self.plot.set_data(tag, t, v, live=True)
        if not self.plot.cursor.isVisible():
            self._show_values(
                {tag: (float(b.v[b.size - 1]) if b.size else None, self._live_quality.get(tag, Quality.GOOD))
                 for tag, b in self._live.items()}
            )

    # History ---------------------------------------------------------------------------------------
    def _next_request(self) -> int:
        self._request += 1
        return self._request

    async def _load_history(self, start: float, end: float) -> None:
        if not self.pens or end <= start:
            return
        request = self._next_request()
        self.query_count += 1
        width = max(200, self.plot.width())
        began = time.perf_counter()
        result = await self.historian.query(self.pens, start, end, max_points=min(4000, width * 2))
        if request != self._request or self.mode != "history":
            return  # an older answer: a newer request is on its way
        for tag, series in result.items():
            self.plot.set_data(tag, series.t, series.v)
        points = sum(len(s) for s in result.values())
        self.status.setText(
            self.tr("%1 – %2 · %3 points · %4 ms")
            .replace("%1", _when(start)).replace("%2", _when(end))
            .replace("%3", str(points)).replace("%4", f"{(time.perf_counter() - began) * 1000:.0f}")
        )

    def _range_changed_by_operator(self, start: float, end: float) -> None:
        if self.mode != "history":
            return
        self.history_range = (start, end)
        for button in self.span_buttons:
            button.setChecked(False)
        self._range_timer.start()

    def show_range(self, start: float, end: float) -> None:
        """Show a given history range (the custom range picker, saved views, tests)."""
        self.mode = "history"
        self.history_range = (start, end)
        self._show_mode()
        if self._visible:
            self._start_mode()

    def _open_custom_range(self) -> None:
        dialog = QDialog(self)
        dialog.setWindowTitle(self.tr("Time range"))
        form = QFormLayout(dialog)
        start, end = self._history_bounds()
        edits = []
        for label, value in ((self.tr("From"), start), (self.tr("To"), end)):
            edit = QDateTimeEdit(QDateTime.fromSecsSinceEpoch(int(value)))
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("yyyy-MM-dd HH:mm")
            edit.setMinimumHeight(60)
            form.addRow(label, edit)
            edits.append(edit)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        for button in buttons.buttons():
            button.setMinimumHeight(60)
        buttons.accepted.connect(dialog.accept)
        buttons.rejected.connect(dialog.reject)
        form.addRow(buttons)

        def accepted() -> None:
            lo, hi = (float(e.dateTime().toSecsSinceEpoch()) for e in edits)
            if hi > lo:
                self.show_range(lo, hi)

        dialog.accepted.connect(accepted)
        dialog.finished.connect(dialog.deleteLater)
        dialog.open()

    # Pens ------------------------------------------------------------------------------------------
    def _open_pen_picker(self) -> None:
        self._spawn(self._pen_picker())

    async def _pen_picker(self) -> None:
        known = set(await self.historian.tags()) | set(self.station.config.tags) | set(self.pens)
        dialog = QDialog(self)
        dialog.setWindowTitle(self.tr("Pens (up to %1)").replace("%1", str(MAX_PENS)))
        dialog.resize(480, 560)
        layout = QVBoxLayout(dialog)
        listing = QListWidget()
        listing.setStyleSheet("QListWidget::item { min-height: 56px; }")
        for tag in sorted(known):
            info = self.historian.info(tag)
            item = QListWidgetItem(f"{tag}  [{info.unit}]" if info.unit else tag)
            item.setData(Qt.ItemDataRole.UserRole, tag)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked if tag in self.pens else Qt.CheckState.Unchecked)
            listing.addItem(item)

        def toggle(item: QListWidgetItem) -> None:
            checked = item.checkState() == Qt.CheckState.Checked
            item.setCheckState(Qt.CheckState.Unchecked if checked else Qt.CheckState.Checked)

        def enforce_limit(item: QListWidgetItem) -> None:
            count = sum(listing.item(i).checkState() == Qt.CheckState.Checked for i in range(listing.count()))
            if count > MAX_PENS:
                item.setCheckState(Qt.CheckState.Unchecked)

        listing.itemClicked.connect(toggle)  # a touch anywhere on the row toggles it
        listing.itemChanged.connect(enforce_limit)
        layout.addWidget(listing)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        for button in buttons.buttons():
            button.setMinimumHeight(60)
        buttons.accepted.connect(dialog.accept)
        buttons.rejected.connect(dialog.reject)
        layout.addWidget(buttons)

        def accepted() -> None:
            chosen = [listing.item(i).data(Qt.ItemDataRole.UserRole) for i in range(listing.count())
                      if listing.item(i).checkState() == Qt.CheckState.Checked]
            self.set_pens([t for t in self.pens if t in chosen] + [t for t in chosen if t not in self.pens])

        dialog.accepted.connect(accepted)
        dialog.finished.connect(dialog.deleteLater)
        dialog.open()

    def _fill_legend(self) -> None:
        for button in self.legend_buttons.values():
            button.deleteLater()
        self.legend_buttons = {}
        while self.legend.count():
            self.legend.takeAt(0)
        for tag in self.pens:
            button = QPushButton()
            button.setCheckable(True)
            button.setProperty("segment", True)
            button.setMinimumHeight(60)
            button.setStyleSheet("text-align: left; padding-left: 8px; font-size: 15px;")
            swatch = QPixmap(14, 40)
            swatch.fill(self.plot.colour_of(tag))
            button.setIcon(QIcon(swatch))
            button.clicked.connect(lambda _=False, t=tag: self._select_pen(t))
            self.legend.addWidget(button)
            self.legend_buttons[tag] = button
        self.legend.addStretch(1)
        self._show_values(self._cursor_values)

    def _select_pen(self, tag: str) -> None:
        self.plot.select(tag)
        for name, button in self.legend_buttons.items():
            button.setChecked(name == tag)

    def _show_values(self, values: dict[str, tuple[float | None, Quality] | None]) -> None:
        self._cursor_values = values
        for tag, button in self.legend_buttons.items():
            info = self.historian.info(tag)
            found = values.get(tag)
            if found is None or found[0] is None or found[0] != found[0]:
                reading = "—"
            else:
                reading = f"{found[0]:.2f} {info.unit}".strip()
            quality = found[1].value if found else ""
            button.setText(f"{tag}\n{reading}  {quality}".rstrip())
            button.setChecked(tag == self.plot.selected)

    # Cursor ----------------------------------------------------------------------------------------
    def _plot_clicked(self, event: object) -> None:
        pos = event.scenePos()  # type: ignore[attr-defined]
        if not self.plot.main.sceneBoundingRect().contains(pos):
            return
        self.plot.show_cursor(self.plot.main.mapSceneToView(pos).x())

    def _cursor_moved(self, _at: float) -> None:
        self._cursor_timer.start()

    def _read_cursor(self) -> None:
        at = float(self.plot.cursor.value())
        if self.mode == "live":
            values: dict[str, tuple[float | None, Quality] | None] = {}
            for tag, buffer in self._live.items():
                t, v = buffer.view()
                i = int(np.searchsorted(t, at, side="right")) - 1
                values[tag] = None if i < 0 else (float(v[i]), Quality.GOOD if v[i] == v[i] else Quality.BAD)
            self._show_values(values)
        else:
            self._spawn(self._cursor_from_history(at))

    async def _cursor_from_history(self, at: float) -> None:
        self._cursor_request += 1
        request = self._cursor_request
        found = await self.historian.values_at(self.pens, at)
        if request == self._cursor_request:
            self._show_values({tag: (p.value, p.quality) if p else None for tag, p in found.items()})
            self.status.setText(self.tr("Cursor at %1").replace("%1", _when(at)))

    # Views -----------------------------------------------------------------------------------------
    def current_view(self, name: str) -> TrendView:
        if self.mode == "live":
            return TrendView(name=name, pens=tuple(self.pens), mode="live", span_s=self.live_span,
                             shared_axis=self.plot.shared_axis)
        start, end = self._history_bounds()
        fixed_end = end if self.history_range is not None else None
        return TrendView(name=name, pens=tuple(self.pens), mode="history", span_s=end - start, end=fixed_end,
                         shared_axis=self.plot.shared_axis)

    async def save_current_view(self, name: str) -> None:
        view = self.current_view(name)
        await self.station.store.write(lambda db: save_view(db, view))
        self._views = await self.station.store.read(load_views)
        self._fill_views_box()
        self.context.notify(self.tr("View “%1” saved").replace("%1", name))

    def apply_view(self, view: TrendView) -> None:
        self.axis_button.setChecked(view.shared_axis)
        self.set_pens(list(view.pens))
        if view.mode == "live":
            self.live_span = min(LIVE_SPANS, key=lambda s: abs(s - view.span_s))
            self.set_mode("live")
        elif view.end is None:
            self.history_span = view.span_s
            self.history_range = None
            self.set_mode("history")
        else:
            self.show_range(view.end - view.span_s, view.end)

    def _ask_view_name(self) -> None:
        dialog = QInputDialog(self)
        dialog.setWindowTitle(self.tr("Save view"))
        dialog.setLabelText(self.tr("Name of this view"))
        dialog.textValueSelected.connect(
            lambda name: self._spawn(self.save_current_view(name.strip())) if name.strip() else None)
        dialog.finished.connect(dialog.deleteLater)
        dialog.open()

    def _fill_views_box(self) -> None:
        self.views_box.blockSignals(True)
        self.views_box.clear()
        self.views_box.addItem(self.tr("Saved views"))
        for view in self._views:
            self.views_box.addItem(view.name)
        self.views_box.blockSignals(False)

    def _view_chosen(self, index: int) -> None:
        if 1 <= index <= len(self._views):
            self.apply_view(self._views[index - 1])
        self.views_box.setCurrentIndex(0)

    # Export ----------------------------------------------------------------------------------------
    def _export_path(self, suffix: str) -> Path:
        folder = self.station.data_dir / "exports"
        folder.mkdir(parents=True, exist_ok=True)
        return folder / f"trend-{dt.datetime.now().strftime('%Y%m%d-%H%M%S')}.{suffix}"

    async def export_csv(self) -> Path:
        """The raw samples of every pen in the visible range, one row per sample."""
        start, end = self.plot.time_range()
        path = self._export_path("csv")
        self.progress.setRange(0, max(1, len(self.pens)))
        self.progress.setValue(0)
        self.progress.show()
        try:
            with path.open("w", newline="", encoding="utf-8") as handle:
                writer = csv.writer(handle)
                writer.writerow(["tag", "time_utc", "value", "unit", "quality"])
                for index, tag in enumerate(self.pens, start=1):
                    rows = await self.historian.raw(tag, start, end)
                    unit = self.historian.info(tag).unit
                    await asyncio.to_thread(writer.writerows, (
                        (tag, dt.datetime.fromtimestamp(ts, dt.UTC).isoformat(timespec="milliseconds"),
                         "" if value is None else value, unit, quality.value)
                        for ts, value, quality in rows))
                    self.progress.setValue(index)
        finally:
            self.progress.hide()
        self.context.notify(self.tr("Exported to %1").replace("%1", str(path)))
        return path

    async def export_png(self) -> Path:
        path = self._export_path("png")
        self.progress.setRange(0, 0)  # busy
        self.progress.show()
        try:
            image = self.plot.grab().toImage()  # a QImage may be saved from another thread
            await asyncio.to_thread(image.save, str(path))  # encoding a big PNG takes a while
        finally:
            self.progress.hide()
        self.context.notify(self.tr("Exported to %1").replace("%1", str(path)))
        return path

    def _spawn(self, coro: object) -> None:
        self.context.tasks.spawn(coro, name="trends")  # type: ignore[arg-type]


def _when(ts: float) -> str:
    return dt.datetime.fromtimestamp(ts).strftime("%Y-%m-%d %H:%M:%S")
