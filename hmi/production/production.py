"""The production component the station owns: lots, instructions, defects, their SPC and master data together.

A lot's page and report also show what other areas saw while it ran: the historian's process values and the
alarms, handed in at construction (typed below), and the SPC charts, made here as they follow the lots.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any, Protocol

import sqlite_utils

from hmi.auth import AuthService, Permission
from hmi.auth.permissions import SYSTEM_MES
from hmi.clock import Clock
from hmi.config import TagSection
from hmi.observable import Event, EventView
from hmi.production import records
from hmi.production.config import ProductionSection
from hmi.production.defects import DefectService
from hmi.production.instructions import InstructionService, missing_signoffs
from hmi.production.lots import LotService
from hmi.production.masterdata import ApplyResult, apply_masterdata
from hmi.production.records import ProductionError
from hmi.production.report_texts import ENGLISH, ReportTexts
from hmi.spc.config import SpcSection
from hmi.spc.service import SpcService
from hmi.store import Store
from hmi.tags import TagBus


class TrendSource(Protocol):
    """The historian, as a lot's report reads it."""

    async def trend(self, tags: list[str], start: float, end: float) -> dict[str, list[tuple[float, float]]]: ...


class AlarmSource(Protocol):
    """The alarm service, as a lot's page reads it."""

    async def during(self, span: records.Lot) -> list[dict[str, Any]]: ...


class Production:
    name = "production"

    def __init__(self, *, store: Store, auth: AuthService, clock: Clock, bus: TagBus, station_id: str,
                 config: ProductionSection, tags: Mapping[str, TagSection] | None = None,
                 historian: TrendSource | None = None, alarms: AlarmSource | None = None,
                 spc: SpcSection | None = None) -> None:
        self._store = store
        self._config = config
        self._tags = dict(tags or {})   # display format, unit and description of values in the lot report
        self._auth = auth
        self._clock = clock
        self._station = station_id
        # Wired by the station: what else a file import applies in its transaction, and who hears after it.
        self.masterdata_hooks: list[Callable[..., object]] = []
        self._masterdata_applied: Event[dict[str, Any]] = Event("masterdata.imported")
        self.masterdata_applied: EventView[dict[str, Any]] = self._masterdata_applied.view()
        self.lots = LotService(store=store, auth=auth, clock=clock, bus=bus, station_id=station_id, config=config,
                               signoffs_missing=missing_signoffs)
        self.instructions = InstructionService(store=store, auth=auth, clock=clock, station_id=station_id)
        self.defects = DefectService(store=store, auth=auth, clock=clock, bus=bus, station_id=station_id,
                                     config=config, active_lot=self.lots.active, snapshot=self.lots.snapshot)
        self._historian = historian
        self._alarms = alarms
        # The station starts and stops it, after the alarms: its alarms' tags are published once they listen.
        self.spc = SpcService(store=store, bus=bus, auth=auth, clock=clock, station_id=station_id,
                              config=spc or SpcSection(), active_lot=self.lots.active, snapshot=self.lots.snapshot,
                              show_proposal=self.defects._show_proposal)
        # Private listeners: a screen handed the service cannot call them with a record of its making.
        self.defects.recorded.subscribe(self.spc._on_defect)
        self.instructions.signed.subscribe(self.spc._on_signoff)

    async def start(self) -> None:
        await self.lots.start_service()
        await self.defects.start_service()

    async def stop(self) -> None:
        await self.defects.stop_service()
        await self.lots.stop_service()

    async def lot_report_pdf(self, lot_no: str, *, station_name: str, trend: Any = None,
                             texts: ReportTexts | None = None) -> bytes:
        """The lot report as PDF bytes, in the reader's language (``texts``, English without);
        the rendering runs in a worker thread, never on the loop."""
        import asyncio

        from hmi.production.report import render_lot_report

        page = await self.lot_page(lot_no)
        if page is None:
            raise ProductionError("no lot {lot_no!r}", lot_no=lot_no)
        if trend is None:
            trend = await self.lot_trend(page.lot)
        now = self._clock.now()
        return await asyncio.to_thread(render_lot_report, page, station_name=station_name, trend=trend,
                                       generated_at=now, tags=self._tags, texts=texts or ENGLISH)

    async def lot_trend(self, lot: records.Lot) -> dict[str, list[tuple[float, float]]]:
        """A lot's process values (``snapshot_tags``) from the historian, for its report (gaps left out)."""
        tags = list(self._config.snapshot_tags)
        if not tags or self._historian is None:
            return {}
        return await self._historian.trend(tags, lot.started_at, lot.ended_at or self._clock.now())

    def _apply_mes_masterdata(self, db: sqlite_utils.Database, data: dict[str, Any], *, source: str,
                              version: str) -> None:
        """Master data from the MES: the sync engine's hook, run inside its write, through the one apply.
        Private, wired by the station: it applies what its caller hands it as the MES."""
        apply_masterdata(db, data, source=source, version=version, ts=self._clock.now(), station=self._station,
                         actor=SYSTEM_MES)

    async def import_masterdata(self, bundle: dict[str, Any], *, source: str) -> ApplyResult:
        """Apply a bundle as the signed-in user (needs IMPORT_MASTERDATA); all or nothing.

        The hooks (the OEE shift calendar) run in the same transaction, and the listeners hear of it once it
        committed, as for a bundle from the MES.
        """
        session = self._auth.require(Permission.IMPORT_MASTERDATA)
        now = self._clock.now()
        version = str(bundle.get("version", ""))
        hooks = list(self.masterdata_hooks)

        def apply(db: sqlite_utils.Database) -> ApplyResult:
            result = apply_masterdata(db, bundle, source=source, version=version, ts=now, station=self._station,
                                      actor=session.username)
            for hook in hooks:
                hook(db, bundle, source=source, version=version, actor=session.username)
            return result

        result = await self._store.write(apply)
        await self._masterdata_applied.emit(bundle)
        return result

    async def work_orders(self) -> list[records.WorkOrder]:
        """The work orders a lot can be started on (open: master data every screen shows)."""
        return await self._store.read(records.work_orders)

    async def downtime_reasons(self) -> list[records.DowntimeReason]:
        return await self._store.read(records.downtime_reasons)

    async def defect_codes(self) -> list[records.DefectCode]:
        return await self._store.read(records.defect_codes)

    async def lot_page(self, lot_no: str) -> LotPage | None:
        self._auth.require(Permission.VIEW_LOT_HISTORY)

        def read(db: sqlite_utils.Database) -> LotPage | None:
            return lot_page(db, lot_no)

        page = await self._store.read(read)
        if page is not None:
            if self._alarms is not None:
                page.alarms = await self._alarms.during(page.lot)
            page.spc = await self.spc.lot_summary(page.lot)
        return page


class LotPage:
    """Everything the traceability screen and the lot report show about one lot."""

    def __init__(self, *, lot: records.Lot, events: list[records.LotEvent], defects: list[records.Defect],
                 signoffs: list[records.Signoff], instruction: records.InstructionDoc | None,
                 alarms: list[dict[str, Any]], reasons: dict[str, records.DowntimeReason] | None = None,
                 users: dict[str, str] | None = None) -> None:
        self.lot = lot
        self.events = events
        self.defects = defects
        self.signoffs = signoffs
        self.instruction = instruction
        self.alarms = alarms
        self.spc: list[dict[str, Any]] = []    # the SPC summary, when the station charts any characteristic
        self.reasons = reasons or {}   # downtime reason code -> its names, for people
        self.users = users or {}       # username -> display name, for people


def lot_page(db: sqlite_utils.Database, lot_no: str) -> LotPage | None:
    lot = records.lot_by_number(db, lot_no)
    if lot is None:
        return None
    instruction = None
    if lot.instruction_id is not None:
        row = db.execute("SELECT product, operation FROM md_instructions WHERE instruction_id = ? AND version = ?",
                         [lot.instruction_id, lot.instruction_version]).fetchone()
        if row is not None:
            doc = records.instruction_for(db, row[0], row[1])
            instruction = doc if doc and doc.version == lot.instruction_version else None
    users = {str(r[0]): str(r[1]) for r in db.execute("SELECT username, display_name FROM users")}
    return LotPage(lot=lot, events=records.lot_events(db, lot.id), defects=records.defects_of_lot(db, lot.id),
                   signoffs=records.signoffs_of_lot(db, lot.id), instruction=instruction, alarms=[],
                   reasons={r.code: r for r in records.downtime_reasons(db)}, users=users)
