"""The MES connector named by ``[mes] driver = "…"``, found through the ``hmi.mes`` entry points."""

from __future__ import annotations

from hmi.config import StationConfig
from hmi.plugin_registry import load_plugin
from hmi.sync.connector import ConnectorContext, MesConnector


def build_connector(config: StationConfig) -> MesConnector | None:
    section = config.mes
    if section is None or not section.enabled:
        return None
    factory = load_plugin("hmi.mes", section.driver)
    context = ConnectorContext(station_id=config.station.id, line=config.station.line, area=config.station.area,
                               resolve=config.resolve)
    connector: MesConnector = factory.from_options(section.options(), context)
    return connector
