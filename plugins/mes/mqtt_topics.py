"""The MQTT topic layout, in one place (documented in plugins/mes/EVENTS.md).

    <prefix>/<site>/<line>/<station>/events/<type>    station -> MES   QoS 1, one message per event
    <prefix>/<site>/<line>/<station>/status           station -> all   retained "online" / last-will "offline"
    <prefix>/<site>/<line>/masterdata                 MES -> stations  retained bundle, one per line

Nothing in it is specific to one broker: a clustered broker and hundreds of stations need no
per-station broker configuration, and the MES reads all stations with one shared subscription
(``$share/<group>/<prefix>/<site>/+/+/events/#``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_UNSAFE = re.compile(r"[+#/\x00]")


def level(text: str) -> str:
    """One topic level: MQTT wildcards and separators are not allowed inside it."""
    return _UNSAFE.sub("_", text) or "_"


@dataclass(frozen=True, slots=True)
class Topics:
    prefix: str
    site: str
    line: str
    station: str

    @property
    def station_root(self) -> str:
        return "/".join([self.prefix, level(self.site), level(self.line), level(self.station)])

    def event(self, event_type: str) -> str:
        return f"{self.station_root}/events/{level(event_type)}"

    @property
    def status(self) -> str:
        return f"{self.station_root}/status"

    @property
    def masterdata(self) -> str:
        return "/".join([self.prefix, level(self.site), level(self.line), "masterdata"])

    def all_events(self, *, share_group: str | None = None) -> str:
        """What the MES subscribes to for every station of the site."""
        topic = "/".join([self.prefix, level(self.site), "+", "+", "events", "#"])
        return f"$share/{share_group}/{topic}" if share_group else topic
