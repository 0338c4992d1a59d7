"""Trends: live values scrolling by, or the history of up to 16 pens, read from the historian.

The state lives in a Qt-free ``TrendModel`` (hmi.historian.trend_model): mode, range, pens and
their scales, live series, and the request counter that drops any history answer older than the
latest request (a fast pan never shows a stale range). This screen only lays it out. Nothing here
waits on SQLite: history and CSV export run in worker threads. Live mode repaints at most
``ui.max_repaint_hz`` and stops following the bus while the screen is hidden.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import math
import time
from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QProgressBar,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from hmi.historian.historian import numeric
from hmi.historian.tag_info import TagInfo
from hmi.historian.trend_model import HISTORY_SPANS, LIVE_SPANS, PenSpec, TrendModel
from hmi.historian.views import MAX_PENS, TrendView
from hmi.observable import Unsubscribe
from hmi.tags.display import NO_VALUE, format_number, with_unit
from hmi.tags.sample import Quality, Sample
from screens.shell_context import ShellContext
from screens.trend_dialogs import PenPickerDialog, TimeRangeDialog
from screens.trend_legend import LegendEntry
from screens.widgets.quality_text import quality_text
from screens.widgets.screen_base import ScreenBase
from screens.widgets.trend_plot import PEN_COLOURS, TrendPlot

__all__ = ["HISTORY_SPANS", "LIVE_SPANS", "TrendsScreen"]

RANGE_DEBOUNCE_MS = 150


class TrendsScreen(ScreenBase):
    def __init__(self, context: ShellContext, parent: QWidget | None = None, *, mode: str = "live") -> None:
        super().__init__(context, parent)
        self.station = context.station
        self.historian = context.station.historian
        self.model = TrendModel(mode=mode)
        self.query_count = 0  # how many history queries were started (tests read it)
        self._cursor_request = 0
        self._visible = False
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
        self._repaint.setInterval(int(1000 / self.station.profile.ui.max_repaint_hz))
        self._repaint.timeout.connect(self._paint_live)
        self._range_timer = QTimer(self, singleShot=True, interval=RANGE_DEBOUNCE_MS)
        self._range_timer.timeout.connect(lambda: self._spawn(self._load_history(*self.plot.time_range())))
        self._cursor_timer = QTimer(self, singleShot=True, interval=80)
        self._cursor_timer.timeout.connect(self._read_cursor)

        self._build()
        self.destroyed.connect(lambda *_: self._unsubscribe() if self._unsubscribe else None)
        self.retranslate()

    # The model's state, as the rest of the station (and the tests) name it ---------------------------
    @property
    def mode(self) -> str:
        return self.model.mode

    @mode.setter
    def mode(self, mode: str) -> None:
        self.model.mode = mode if mode in ("live", "history") else "live"

    @property
    def pens(self) -> list[str]:
        return self.model.tags

    @property
    def live_span(self) -> float:
        return self.model.live_span

    @live_span.setter
    def live_span(self, span: float) -> None:
        self.model.live_span = span

    @property
    def history_span(self) -> float:
        return self.model.history_span

    @history_span.setter
    def history_span(self, span: float) -> None:
        self.model.history_span = span

    @property
    def history_range(self) -> tuple[float, float] | None:
        return self.model.history_range

    @history_range.setter
    def history_range(self, value: tuple[float, float] | None) -> None:
        self.model.history_range = value

    def _korean(self) -> bool:
        return getattr(self.context.languages, "locale", "en") == "ko"

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
        self.legend.setContentsMargins(0, 0, 0, 0)
        legend_host = QWidget()
        legend_host.setLayout(self.legend)
        scroll = QScrollArea()
        scroll.setWidget(legend_host)
        scroll.setWidgetResizable(True)
        scroll.setFixedWidth(230)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        middle.addWidget(scroll)
        self.body.addLayout(middle, 1)
        self.status = QLabel()
        self.body.addWidget(self.status)
        self.legend_buttons: dict[str, LegendEntry] = {}

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
        self._fit_tools()
        self._show_mode()
        self._fill_views_box()
        self._fill_legend()

    def _fit_tools(self) -> None:
        """The tool buttons never shrink below their text (cut at 1024 px); measured again once the theme's
        font applies."""
        for button in (self.pens_button, self.axis_button, self.save_view_button, self.csv_button, self.png_button):
            button.setMinimumWidth(0)
            button.setMinimumWidth(button.sizeHint().width())

    def showEvent(self, event: QShowEvent) -> None:
        self._fit_tools()
        super().showEvent(event)

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
        self._views = await self.station.trend_views.views()
        self._fill_views_box()
        if not self.pens:  # the first saved view's pens, else the first tags that have a unit
            if self._views:
                self.set_pens(list(self._views[0].pens))
            else:
                tags = await self.historian.tags()
                with_unit_ = [t for t in tags if self.historian.info(t).unit]
                self.set_pens((with_unit_ + [t for t in tags if t not in with_unit_])[:6])
        elif self._visible:
            self._start_mode()

    def _info(self, tag: str) -> TagInfo:
        return self.historian.info(tag)

    def set_pens(self, tags: list[str]) -> None:
        chosen = list(dict.fromkeys(tags))[:MAX_PENS]
        self._stop_live()
        self.model.set_pens([PenSpec(tag, self._info(tag), PEN_COLOURS[i % len(PEN_COLOURS)])
                             for i, tag in enumerate(chosen)])
        self.plot.set_pens(self.model.pens, self.model.scales)
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
        return self.model.history_bounds(self.station.clock.now())

    # Live ------------------------------------------------------------------------------------------
    async def _start_live(self) -> None:
        request = self.model.next_request()
        now = self.station.clock.now()
        series = self.model.new_live(rate_hz=self.station.profile.ui.max_repaint_hz, width_px=self.plot.width())
        self._unsubscribe = self.station.live.subscribe(self._on_sample, tags=self.pens)
        for tag in self.pens:   # the value now, even if history has not stored it yet (a setpoint)
            latest = self.station.live.latest(tag)
            if latest is not None:
                self._on_sample(latest)
        self._repaint.start()
        self.plot.set_time_range(now - self.live_span, now)
        history = await self.historian.query(self.pens, now - self.live_span, now, max_points=2000)
        if not self.model.is_current(request) or self.model.live is not series:
            return
        for tag, answer in history.items():
            target = series.get(tag)
            if target is not None:   # older than the samples that came meanwhile: merged in order
                target.extend(answer.t, answer.v)
        self.plot.refresh_scales()
        self._dirty = True

    def _stop_live(self) -> None:
        self._repaint.stop()
        if self._unsubscribe is not None:
            self._unsubscribe()
            self._unsubscribe = None

    def _on_sample(self, sample: Sample) -> None:
        series = self.model.live.get(sample.tag)
        if series is None:
            return
        value = numeric(sample.value) if sample.quality in (Quality.GOOD, Quality.UNCERTAIN) else math.nan
        series.append(sample.ts, value)
        self._live_quality[sample.tag] = sample.quality
        self._dirty = True

    def _paint_live(self) -> None:
        """At most max_repaint_hz: the window scrolled to now (one call) and new points drawn."""
        if not self._visible:
            return
        now = self.station.clock.now()
        self.plot.set_time_range(now - self.live_span, now)
        if not self._dirty:
            return
        self._dirty = False
        for tag, series in self.model.live.items():
            self.plot.set_live(tag, series, now)
        self.plot.refresh_scales()
        if not self.plot.cursor.isVisible():
            self._show_values({tag: (value, self._live_quality.get(tag, Quality.GOOD))
                               for tag, value in self.model.live_values().items()})

    # History ---------------------------------------------------------------------------------------
    async def _load_history(self, start: float, end: float) -> None:
        if not self.pens or end <= start:
            return
        request = self.model.next_request()
        self.query_count += 1
        width = max(200, self.plot.width())
        began = time.perf_counter()
        result = await self.historian.query(self.pens, start, end, max_points=min(4000, width * 2))
        if not self.model.is_current(request) or self.mode != "history":
            return  # an older answer: a newer request is on its way
        for tag, series in result.items():
            self.plot.set_history(tag, series.t, series.v)
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
        start, end = self._history_bounds()
        dialog = TimeRangeDialog(start=start, end=end, parent=self)
        dialog.chosen.connect(self.show_range)
        dialog.finished.connect(dialog.deleteLater)
        dialog.open()

    # Pens ------------------------------------------------------------------------------------------
    def _open_pen_picker(self) -> None:
        self._spawn(self._pen_picker())

    async def _pen_picker(self) -> None:
        known = sorted(set(await self.historian.tags()) | set(self.station.profile.tags) | set(self.pens))
        dialog = PenPickerDialog(tags=known, checked=self.pens, infos={t: self._info(t) for t in known},
                                 limit=MAX_PENS, korean=self._korean(), parent=self)

        def chosen(tags: list[str]) -> None:
            self.set_pens([t for t in self.pens if t in tags] + [t for t in tags if t not in self.pens])

        dialog.chosen.connect(chosen)
        dialog.finished.connect(dialog.deleteLater)
        dialog.open()

    def _fill_legend(self) -> None:
        for button in self.legend_buttons.values():
            button.deleteLater()
        self.legend_buttons = {}
        while self.legend.count():
            self.legend.takeAt(0)
        for tag in self.pens:
            entry = LegendEntry(tag=tag, colour=self.plot.colour_of(tag))
            entry.clicked.connect(lambda _=False, t=tag: self._select_pen(t))
            self.legend.addWidget(entry)
            self.legend_buttons[tag] = entry
        self.legend.addStretch(1)
        self._show_values(self._cursor_values)

    def _select_pen(self, tag: str) -> None:
        self.plot.select(tag)
        for name, button in self.legend_buttons.items():
            button.setChecked(name == tag)

    def _show_values(self, values: dict[str, tuple[float | None, Quality] | None]) -> None:
        self._cursor_values = values
        korean = self._korean()
        for tag, button in self.legend_buttons.items():
            info = self._info(tag)
            found = values.get(tag)
            value = None if found is None or found[0] is None or not math.isfinite(found[0]) else found[0]
            reading = with_unit(format_number(value, info.format), info.unit) if value is not None else NO_VALUE
            if found is not None and found[1] is not Quality.GOOD:
                reading = f"{reading} · {quality_text(found[1])}"
            button.show_text(info.caption(tag, korean=korean), reading)
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
            for tag, value in self.model.live_values(at).items():
                values[tag] = None if value is None else (value, Quality.GOOD if value == value else Quality.BAD)
            self._show_values(values)
            self.status.setText(self.tr("Cursor at %1").replace("%1", _when(at)))
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
        self._views = await self.station.trend_views.save(view)
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
        """The raw samples of every pen in the visible range (the historian writes it off the loop)."""
        start, end = self.plot.time_range()
        path = self._export_path("csv")
        self.progress.setRange(0, 0)  # busy
        self.progress.show()
        try:
            await self.historian.export_csv(self.pens, start, end, path)
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

