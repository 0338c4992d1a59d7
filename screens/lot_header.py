"""Puts the active lot and its counts into the header, on every screen, following the lot service."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QEvent, QObject

from hmi.production.records import Lot, LotStatus
from hmi.services import StationServices
from screens.header_bar import HeaderBar


def lot_header_text(lot: Lot | None) -> str | None:
    if lot is None:
        return None
    if lot.status is LotStatus.PAUSED:
        # The pause right after the lot number: at 1024 px the end of the header is elided.
        text = QCoreApplication.translate("LotHeader", "Lot %1 · PAUSED · %2 good · %3 scrap")
    else:
        text = QCoreApplication.translate("LotHeader", "Lot %1 · %2 good · %3 scrap")
    return text.replace("%1", lot.lot_no).replace("%2", str(lot.good)).replace("%3", str(lot.scrap))


class _LotHeaderBinding(QObject):
    """Follows the lot service, and sets the text again in the new language when it changes."""

    def __init__(self, *, header: HeaderBar, station: StationServices) -> None:
        super().__init__(header)
        self._header = header
        self._lots = station.production.lots
        self._unsubscribe = self._lots.active.subscribe(lambda _lot: self.show())
        header.installEventFilter(self)
        header.destroyed.connect(lambda *_: self._unsubscribe())

    def show(self) -> None:
        self._header.set_lot_text(lot_header_text(self._lots.active.value))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.LanguageChange:
            self.show()
        return False


def bind_lot_header(header: HeaderBar, station: StationServices) -> None:
    _LotHeaderBinding(header=header, station=station)
