"""Puts the active lot and its counts into the header, on every screen, following the lot service."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from hmi.production.records import Lot, LotStatus
from hmi.station import Station
from screens.header_bar import HeaderBar


def lot_header_text(lot: Lot | None) -> str | None:
    if lot is None:
        return None
    text = QCoreApplication.translate("LotHeader", "Lot %1 · %2 good · %3 scrap").replace("%1", lot.lot_no).replace(
        "%2", str(lot.good)).replace("%3", str(lot.scrap))
    if lot.status is LotStatus.PAUSED:
        text += " · " + QCoreApplication.translate("LotHeader", "PAUSED")
    return text


def bind_lot_header(header: HeaderBar, station: Station) -> None:
    unsubscribe = station.production.lots.active.subscribe(lambda lot: header.set_lot_text(lot_header_text(lot)))
    header.destroyed.connect(lambda *_: unsubscribe())
