"""A lost equipment connection is an alarm: raised through the alarm engine, cleared when it is back.

Each enabled equipment connection gets one discrete alarm, ``connection.<name>``, on a tag of its
own, ``connection:<name>``, that only this feed writes (True = connected). Because it is an
ordinary definition, the alarm follows the ISA-18.2 states, the journal, the outbox and the banner
like any process alarm. Its priority comes from ``[equipment] connection_alarm_priority``
(``diagnostic`` by default), or per connection from ``connection_alarm_priorities``.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from typing import Protocol

from hmi.alarms.definitions import AlarmDefinition, AlarmKind
from hmi.clock import Clock
from hmi.config import StationConfig
from hmi.observable import Observable, Unsubscribe
from hmi.status import ComponentStatus, Health
from hmi.tags.address import AddressError, parse_address
from hmi.tags.sample import Quality, Sample

TAG_PREFIX = "connection:"
ALARM_PREFIX = "connection."


def connection_tag(connection: str) -> str:
    return f"{TAG_PREFIX}{connection}"


def connection_alarm_id(connection: str) -> str:
    return f"{ALARM_PREFIX}{connection}"


def connection_alarm_definitions(config: StationConfig) -> dict[str, AlarmDefinition]:
    """One alarm per enabled equipment connection (an ``[alarms]`` entry of the same id wins)."""
    settings = config.equipment
    definitions: dict[str, AlarmDefinition] = {}
    for name, section in config.connections.items():
        if not section.enabled:
            continue
        equipment = sorted({tag.equipment for tag in config.tags.values()
                            if tag.equipment and _connection_of(tag.address) == name})
        definitions[connection_alarm_id(name)] = AlarmDefinition(
            tag=connection_tag(name), kind=AlarmKind.DISCRETE, normal_value=True,
            priority=settings.connection_alarm_priorities.get(name, settings.connection_alarm_priority),
            message_en=f"Equipment connection {name} lost",
            message_ko=f"설비 연결 {name} 끊김",
            consequence="The values of this connection are not current; they are shown greyed with their age.",
            consequence_ko="이 연결의 값은 현재 값이 아닙니다. 회색으로, 경과 시간과 함께 표시됩니다.",
            corrective_action="Check the network and the device's power; the station reconnects by itself.",
            corrective_action_ko="네트워크와 장치 전원을 점검하십시오. 스테이션이 스스로 다시 연결합니다.",
            equipment=", ".join(equipment),
        )
    return definitions


def _connection_of(address: str) -> str | None:
    try:
        return parse_address(address).connection
    except AddressError:
        return None


class _AlarmInput(Protocol):
    def on_sample(self, sample: Sample) -> None: ...


class ConnectionAlarms:
    """Feeds each equipment connection's health into the alarm engine as its connection tag.

    Started after the equipment and alarm services (it reads the connections the equipment service
    opened). A first connection attempt that has not failed yet says nothing: only a failure, or a
    loss after being connected, raises the alarm.
    """

    name = "connection-alarms"

    def __init__(self, *, connections: Mapping[str, Observable[ComponentStatus]], alarms: _AlarmInput,
                 clock: Clock) -> None:
        self._connections = connections
        self._alarms = alarms
        self._clock = clock
        self._connected: dict[str, bool] = {}
        self._unsubscribe: list[Unsubscribe] = []

    async def start(self) -> None:
        for name, state in self._connections.items():
            self._unsubscribe.append(state.subscribe(functools.partial(self._on_state, name), replay=True))

    async def stop(self) -> None:
        for unsubscribe in self._unsubscribe:
            unsubscribe()
        self._unsubscribe = []

    def _on_state(self, connection: str, state: ComponentStatus) -> None:
        if state.health is Health.DISABLED:
            return
        if state.health is Health.OK:
            connected = True
        elif state.last_error or state.health is Health.FAILED or connection in self._connected:
            connected = False
        else:
            return  # still making its first attempt: nothing is lost yet
        if self._connected.get(connection) is connected:
            return
        self._connected[connection] = connected
        error = None if connected else (state.last_error or state.summary or state.health.value)
        self._alarms.on_sample(Sample(tag=connection_tag(connection), ts=self._clock.now(), value=connected,
                                      quality=Quality.GOOD, error=error))
