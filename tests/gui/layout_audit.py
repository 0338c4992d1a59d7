"""The layout audit's checks on one shown window: fit, reach, truncation, touch size and texts for people.

``audit(window, ...)`` returns one ``Finding`` per problem, naming the widget. The walk over the
screens and their states is in ``tests/gui/test_layout_audit.py``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from PySide6.QtCore import QModelIndex, QPoint, QRect, QSize, Qt
from PySide6.QtGui import Qt as QtGuiNamespace  # mightBeRichText lives in QtGui's Qt namespace
from PySide6.QtGui import QTextDocumentFragment
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractScrollArea,
    QAbstractSlider,
    QAbstractSpinBox,
    QCheckBox,
    QComboBox,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListView,
    QRadioButton,
    QScrollBar,
    QStyle,
    QStyleOptionViewItem,
    QTableView,
    QWidget,
)

from screens.widgets.verbatim import VERBATIM_ROLE

MIN_HIT = 48          # px: 11.5 mm on a 12.1" 1024x768 panel, usable with gloves
MIN_PRIMARY_HEIGHT = 64
BUTTON_FRAME = 4      # px above and below a button's text that its border and the smallest padding take
ROWS_READ = 40        # rows of a list or table whose texts are read

# Units, quality-free symbols and words that are the same in every language.
UNITS = {"mm", "µm", "um", "nm", "kg", "g", "L", "mL", "V", "mV", "A", "mA", "W", "kW", "Hz", "ms", "s", "h",
         "rpm", "bar", "Pa", "kPa", "MPa", "pH", "ΔE", "E", "x", "px", "dpi", "mm/s", "m", "cm", "N", "Nm", "Cp",
         "Cpk", "Pp", "Ppk", "UCL", "LCL", "CL", "USL", "LSL"}
# Upper-case words that are English words, not codes: they must be translated.
# Names that are the same in every language: a language's own name on its button, rule families.
PROPER = {"English", "Nelson", "Western", "Electric", "Station", "HMI"}
ENGLISH_CAPS = {"GOOD", "BAD", "STALE", "UNCERTAIN", "OFFLINE", "ONLINE", "FAILED", "REPRINT", "NONE", "ACTIVE",
                "ACK", "UNACK"}
_FLOAT = re.compile(r"\d+\.\d{5,}")               # 123.21868896484375: a raw float, not a display format
_NONE = re.compile(r"\bNone\b")
_NAN = re.compile(r"\b(nan|NaN|inf|-inf)\b")
_WORD = re.compile(r"[A-Za-z][A-Za-z'’]*")
# Identifiers, paths, addresses and unit fractions: bath_temp_hi, spc.oxide_thickness, /tmp/x, opcua://…, m/min
_NOT_WORDS = re.compile(r"\S*(?:[_/\\]|://|\w\.\w)\S*")


@dataclass(frozen=True, slots=True)
class Finding:
    kind: str      # window | unreachable | truncated | small | text
    widget: str
    detail: str

    def __str__(self) -> str:
        return f"{self.kind}: {self.widget}: {self.detail}"


def audit(window: QWidget, *, screen: QSize, korean: bool, names: Iterable[str] = (),
          inside: QWidget | None = None) -> list[Finding]:
    """Every problem of ``window`` as shown now on a ``screen``-sized panel. ``names`` are proper names
    (station, people, products) that may stay in Latin letters on a Korean screen. ``inside``: only that
    widget and what it holds (an overlay's own problems, whatever the screen under it shows)."""
    allowed = {w for name in names for w in _WORD.findall(name)}
    found: list[Finding] = []
    if window.width() > screen.width() or window.height() > screen.height():
        found.append(Finding("window", "MainWindow", f"{window.width()}x{window.height()} exceeds "
                                                     f"{screen.width()}x{screen.height()}"))
    for widget in _shown(window):
        if inside is not None and widget is not inside and not inside.isAncestorOf(widget):
            continue
        found += _reach(widget, window)
        found += _touch(widget)
        found += _fit(widget)
        found += [Finding("text", describe(widget), p) for t in texts_of(widget) for p in text_problems(
            t, korean=korean, allowed=allowed)]
    return found


def _shown(window: QWidget) -> Iterator[QWidget]:
    for widget in window.findChildren(QWidget):
        if widget.isVisibleTo(window) and widget.width() > 0 and widget.height() > 0 \
                and not _clipped_away(widget, window):
            yield widget


def _clipped_away(widget: QWidget, window: QWidget) -> bool:
    """A widget with a zero-sized ancestor is not on the screen at all."""
    parent = widget.parentWidget()
    while parent is not None and parent is not window:
        if parent.width() == 0 or parent.height() == 0:
            return True
        parent = parent.parentWidget()
    return False


def describe(widget: QWidget) -> str:
    """Where a widget is: its screen's object names down to it, and its text."""
    chain = []
    node: QWidget | None = widget
    while node is not None:
        name = node.objectName()
        if name and name not in chain[-1:] and not name.startswith("qt_"):
            chain.append(name)
        node = None if node.isWindow() else node.parentWidget()   # a dialog: named from its own window down
    text = _own_text(widget)
    label = f"{type(widget).__name__}"
    if text:
        label += f" {text[:40]!r}"
    return f"{'/'.join(reversed(chain[:4]))} {label}"


def _own_text(widget: QWidget) -> str:
    if isinstance(widget, (QLabel, QAbstractButton)):
        return widget.text()
    if isinstance(widget, QLineEdit):
        return widget.text() or widget.placeholderText()
    if isinstance(widget, QComboBox):
        return widget.currentText()
    return ""


def _interactive(widget: QWidget) -> bool:
    if isinstance(widget, QScrollBar):      # pages scroll with a finger drag; the bar only shows there is more
        return False
    if isinstance(widget, QAbstractButton | QLineEdit | QComboBox | QAbstractSpinBox | QAbstractSlider):
        return (widget.isEnabled() and widget.focusPolicy() != Qt.FocusPolicy.NoFocus) \
            or (isinstance(widget, QAbstractButton) and widget.isEnabled())
    return False


def _inside_editor(widget: QWidget) -> bool:
    """Child controls of a combo box, spin box or item view belong to that control."""
    parent = widget.parentWidget()
    while parent is not None:
        if isinstance(parent, QComboBox | QAbstractSpinBox | QAbstractItemView):
            return True
        parent = parent.parentWidget()
    return False


# Reach -------------------------------------------------------------------------------------------
def _reach(widget: QWidget, window: QWidget) -> list[Finding]:
    """An interactive widget lies where a finger can get it: inside the window, or scrollable into view."""
    if not _interactive(widget) or _inside_editor(widget):
        return []
    node, rect = widget, QRect(QPoint(0, 0), widget.size())
    while True:
        area = _scroll_area_of(node)
        if area is None:
            outer = QRect(node.mapTo(window, rect.topLeft()), rect.size())
            if not window.rect().contains(outer):
                return [Finding("unreachable", describe(widget), f"at {outer.getRect()} outside the window "
                                                                   f"{window.width()}x{window.height()}")]
            return []
        viewport = area.viewport()
        inside = QRect(node.mapTo(viewport, rect.topLeft()), rect.size())
        h, v = area.horizontalScrollBar(), area.verticalScrollBar()
        reach = QRect(-h.value(), -v.value(), viewport.width() + h.maximum(), viewport.height() + v.maximum())
        if not reach.contains(inside):
            return [Finding("unreachable", describe(widget), f"at {inside.getRect()} in a pane that shows at most "
                                                               f"{reach.getRect()} ({area.objectName()})")]
        # The part of the pane that holds it must itself be reachable.
        clipped = inside.intersected(viewport.rect())
        node, rect = viewport, clipped if not clipped.isEmpty() else QRect(0, 0, 1, 1)


def _scroll_area_of(widget: QWidget) -> QAbstractScrollArea | None:
    parent = widget.parentWidget()
    while parent is not None and not widget.isWindow() and not parent.isWindow():   # a dialog is its own window
        grand = parent.parentWidget()
        if isinstance(grand, QAbstractScrollArea) and parent is grand.viewport():
            return grand
        parent = grand
    return None


# Touch -------------------------------------------------------------------------------------------
def _touch(widget: QWidget) -> list[Finding]:
    found: list[Finding] = []
    if _interactive(widget) and not _inside_editor(widget):
        if widget.width() < MIN_HIT or widget.height() < MIN_HIT:
            found.append(Finding("small", describe(widget), f"hit area {widget.width()}x{widget.height()} "
                                                              f"< {MIN_HIT}x{MIN_HIT}"))
        if widget.property("role") == "primary" and widget.height() < MIN_PRIMARY_HEIGHT:
            found.append(Finding("small", describe(widget), f"primary action {widget.height()} px high "
                                                              f"< {MIN_PRIMARY_HEIGHT}"))
        if isinstance(widget, QCheckBox | QRadioButton):
            metric = QStyle.PixelMetric.PM_IndicatorHeight if isinstance(widget, QCheckBox) \
                else QStyle.PixelMetric.PM_ExclusiveIndicatorHeight
            size = widget.style().pixelMetric(metric, None, widget)
            if size < MIN_HIT - 8:    # the box of a 48 px row whose label takes the tap too
                found.append(Finding("small", describe(widget), f"its box is {size} px"))
        if isinstance(widget, QComboBox) and widget.count() > 0:
            row = widget.view().sizeHintForRow(0)
            if row < MIN_HIT:
                found.append(Finding("small", describe(widget), f"its dropdown rows are {row} px high"))
    if isinstance(widget, QAbstractItemView) and not isinstance(widget, QHeaderView) and widget.isEnabled() \
            and _rows_tappable(widget):
        model = widget.model()
        if model is not None and model.rowCount(QModelIndex()) > 0:
            rect = widget.visualRect(model.index(0, 0))
            height = rect.height() if rect.height() > 0 else widget.sizeHintForRow(0)
            if 0 < height < MIN_HIT:
                found.append(Finding("small", describe(widget), f"its rows are {height} px high"))
            if model.data(model.index(0, 0), Qt.ItemDataRole.CheckStateRole) is not None:
                box = widget.style().pixelMetric(QStyle.PixelMetric.PM_IndicatorHeight, None, widget)
                if box < MIN_HIT - 8 and not widget.property("row_toggles"):
                    found.append(Finding("small", describe(widget), f"its row check boxes are {box} px"))
    return found


def _rows_tappable(view: QAbstractItemView) -> bool:
    return view.selectionMode() != QAbstractItemView.SelectionMode.NoSelection \
        or bool(view.model() is not None and view.model().rowCount(QModelIndex()) > 0
                and view.model().data(view.model().index(0, 0), Qt.ItemDataRole.CheckStateRole) is not None)


# Fit ---------------------------------------------------------------------------------------------
def _fit(widget: QWidget) -> list[Finding]:
    """Text that needs more room than its widget has, measured with its font (an elided label that shows
    its full text on a tap is exempt)."""
    if widget.property("full_text_on_tap"):
        return []
    if isinstance(widget, QLabel) and widget.text() and widget.pixmap().isNull():
        if widget.wordWrap():
            need = widget.heightForWidth(widget.width())
            if need > widget.height() + 1:
                return [Finding("truncated", describe(widget), f"needs {need} px high, has {widget.height()}")]
        else:
            hint = widget.minimumSizeHint()
            if hint.width() > widget.width() + 1:
                return [Finding("truncated", describe(widget), f"needs {hint.width()} px wide, has {widget.width()}")]
    elif isinstance(widget, QAbstractButton) and widget.text():
        hint = widget.sizeHint()
        if hint.width() > widget.width() + 1:
            return [Finding("truncated", describe(widget), f"needs {hint.width()} px wide, has {widget.width()}")]
        lines = widget.text().count("\n") + 1
        need = lines * widget.fontMetrics().lineSpacing() + 2 * BUTTON_FRAME
        if lines > 1 and need > widget.height():   # a wrapped text's last lines cut off
            return [Finding("truncated", describe(widget), f"its {lines} lines need {need} px high, "
                                                           f"has {widget.height()}")]
    elif isinstance(widget, QListView):
        return list(_rows_fit(widget))
    elif isinstance(widget, QLineEdit) and not widget.text() and widget.placeholderText():
        room = widget.contentsRect().width() - widget.textMargins().left() - widget.textMargins().right() - 28
        need = widget.fontMetrics().horizontalAdvance(widget.placeholderText())
        if need > room:
            return [Finding("truncated", describe(widget), f"placeholder needs {need} px, has {room}")]
    elif isinstance(widget, QComboBox) and widget.currentText():
        metrics = widget.fontMetrics()
        longest = max(metrics.horizontalAdvance(widget.itemText(i)) for i in range(widget.count()))
        chrome = max(0, widget.sizeHint().width() - longest)   # padding, frame and arrow, as the style draws them
        need = metrics.horizontalAdvance(widget.currentText()) + chrome
        if need > widget.width() + 1:
            return [Finding("truncated", describe(widget), f"needs {need} px for its text, has {widget.width()}")]
    return []


def _rows_fit(view: QListView) -> Iterator[Finding]:
    """A list row whose text (with its check box and padding, as the style draws it) needs more room than
    its row has: elided or cut off at the bottom."""
    model, delegate = view.model(), view.itemDelegate()
    if model is None or delegate is None:
        return
    option = QStyleOptionViewItem()
    option.initFrom(view)
    option.font = view.font()
    if view.wordWrap():   # as the view draws it: a wrapped row grows in height within its width
        option.features |= QStyleOptionViewItem.ViewItemFeature.WrapText
    for row in range(min(model.rowCount(QModelIndex()), ROWS_READ)):
        index = model.index(row, 0)
        rect = view.visualRect(index)
        if rect.isEmpty():
            continue
        option.rect = rect
        need = delegate.sizeHint(option, index)
        room = min(rect.width(), view.viewport().width())   # a row wider than the list hides its end to the right
        if need.width() > room + 1 or need.height() > rect.height() + 1:
            text = str(model.data(index, Qt.ItemDataRole.DisplayRole) or "").replace("\n", " / ")
            yield Finding("truncated", describe(view), f"row {text[:40]!r} needs {need.width()}x{need.height()}, "
                                                       f"has {room}x{rect.height()}")


# Texts -------------------------------------------------------------------------------------------
def texts_of(widget: QWidget) -> list[str]:
    """What a person reads on this widget (an item view: its first rows, except typed-in verbatim cells)."""
    if isinstance(widget, QLabel):
        text = widget.text()
        return [QTextDocumentFragment.fromHtml(text).toPlainText() if QtGuiNamespace.mightBeRichText(text) else text]
    if isinstance(widget, QAbstractButton):
        return [widget.text()]
    if isinstance(widget, QLineEdit):
        return [widget.placeholderText()] + ([widget.text()] if widget.isReadOnly() else [])
    if isinstance(widget, QComboBox):
        return [widget.itemText(i) for i in range(widget.count())]
    if isinstance(widget, QAbstractItemView) and widget.model() is not None:
        return list(_view_texts(widget))
    return []


def _view_texts(view: QAbstractItemView) -> Iterator[str]:
    model = view.model()
    columns = model.columnCount(QModelIndex()) if isinstance(view, QTableView) else 1
    for row in range(min(model.rowCount(QModelIndex()), ROWS_READ)):
        for column in range(columns):
            index: QModelIndex = model.index(row, column)
            if model.data(index, VERBATIM_ROLE):
                continue
            value = model.data(index, Qt.ItemDataRole.DisplayRole)
            if value is not None and not isinstance(value, str):
                value = str(value)
            if value:
                yield value
    for column in range(columns):
        header = model.headerData(column, Qt.Orientation.Horizontal, Qt.ItemDataRole.DisplayRole)
        if isinstance(header, str):
            yield header


def text_problems(text: str, *, korean: bool, allowed: set[str] = frozenset()) -> list[str]:  # type: ignore[assignment]
    if not text:
        return []
    problems = []
    if _NONE.search(text):
        problems.append(f"'None' in {text!r}")
    if _NAN.search(text):
        problems.append(f"'nan' in {text!r}")
    if _FLOAT.search(text):
        problems.append(f"an unformatted number in {text!r}")
    if korean:
        english = [w for w in _WORD.findall(_NOT_WORDS.sub(" ", text)) if _english(w, allowed)]
        if english:
            problems.append(f"English {english[:3]} in Korean {text!r}")
    return problems


def _english(word: str, allowed: set[str]) -> bool:
    """A word a Korean reader should not find in Latin letters: not a code, a unit or a proper name."""
    if word in allowed or word in UNITS or word in PROPER:
        return False
    if word.isupper():
        return word in ENGLISH_CAPS
    return len(word) > 1
