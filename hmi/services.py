"""What the screens are handed: the station's services as typed facades, never its store, bus or config.

Each service checks the permission of its public methods itself (tests/unit/test_permission_walk.py).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

from hmi.alarms.definitions import AlarmDefinition
from hmi.alarms.facade import AlarmsFacade
from hmi.auth import AuthService
from hmi.clock import Clock
from hmi.config import StationConfig, StationSection, TagSection, UiSection
from hmi.equipment.service import EquipmentService
from hmi.equipment.settings import EquipmentSection
from hmi.historian.facade import HistoryFacade
from hmi.historian.upload_view import UploadsView
from hmi.historian.view_service import TrendViewService
from hmi.labels.service import LabelService
from hmi.observable import Observable, Readable, Unsubscribe
from hmi.oee.service import OeeService
from hmi.production.production import Production
from hmi.spc.service import SpcService
from hmi.status import StatusBoard
from hmi.sync.engine import SyncEngine
from hmi.system_service import SystemService
from hmi.tags import Sample
from hmi.tags.bus import Subscriber


@dataclass(frozen=True, slots=True)
class StationProfile:
    """What the screens show of the configuration: names, tags with units, alarm texts, the repaint rate.

    Secrets and wiring (security, MES, paths, printers' options) stay out of it."""

    station: StationSection
    ui: UiSection
    tags: Mapping[str, TagSection]
    equipment: EquipmentSection
    alarms: Mapping[str, AlarmDefinition]
    connection_names: tuple[str, ...]

    @staticmethod
    def of(config: StationConfig) -> StationProfile:
        return StationProfile(station=config.station, ui=config.ui, tags=config.tags, equipment=config.equipment,
                              alarms=config.alarms, connection_names=tuple(config.connections))


class LiveValues(Protocol):
    """Live tag values for the screens: they listen and read, only the equipment publishes."""

    def subscribe(self, subscriber: Subscriber, *, tags: Iterable[str] | None = None) -> Unsubscribe: ...

    def latest(self, tag: str) -> Sample | None: ...


@dataclass(frozen=True, slots=True)
class StationServices:
    station_id: str
    data_dir: Path            # where exports, reports and the log file go
    clock: Clock
    status: StatusBoard
    profile: StationProfile
    live: LiveValues
    auth: AuthService
    production: Production
    labels: LabelService
    equipment: EquipmentService
    alarms: AlarmsFacade          # acts and reads; the station feeds it samples
    historian: HistoryFacade      # reads and exports; the station feeds it samples
    trend_views: TrendViewService
    spc: SpcService
    sync: SyncEngine
    system: SystemService
    # Each history sink's backlog, oldest row waiting, rate and last error (a read of live state, as status).
    history_uploads: Readable[UploadsView] = field(default_factory=lambda: Observable(UploadsView()))
    oee: OeeService | None = None       # None without an [oee] section
