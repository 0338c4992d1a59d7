"""Whether station.db takes records: the header's store chip and the disk-full alarm, told from the writer.

The writer thread calls ``on_failure`` after a job fails (or, with None, once one commits again); the
status and the alarm's tag are set on the loop, where the screens and the alarm engine listen.
"""

from __future__ import annotations

import asyncio

from hmi.alarms.definitions import AlarmDefinition, AlarmKind, Priority
from hmi.clock import Clock
from hmi.observable import Observable
from hmi.status import ComponentStatus, Health
from hmi.store.writer import DISK_FULL, describe_failure
from hmi.tags import Quality, Sample, TagBus

DISK_FULL_TAG = "Station.DiskFull"  # True while writes fail because the disk is full
SAVED = ComponentStatus(Health.OK, "records are saved")


def store_alarms() -> dict[str, AlarmDefinition]:
    """The station's own alarms, beside the configured ones (a config may redefine them by id)."""
    return {"station_disk_full": AlarmDefinition(
        tag=DISK_FULL_TAG, kind=AlarmKind.DISCRETE, normal_value=False, priority=Priority.CRITICAL,
        message_en=DISK_FULL, message_ko="스테이션 디스크가 가득 찼습니다: 기록이 저장되지 않습니다. 정비 담당자를 부르세요",
        consequence="Counts, defects and alarms are not saved.", consequence_ko="계수, 불량과 알람이 저장되지 않습니다.",
        corrective_action="Call maintenance to free disk space.",
        corrective_action_ko="정비 담당자를 불러 디스크 공간을 확보하십시오.",
        area="Station", equipment="Station")}


class StoreHealth:
    """A component first of all, so that it knows the loop before any write can fail."""

    name = "store-health"

    def __init__(self, *, status: Observable[ComponentStatus], bus: TagBus, clock: Clock) -> None:
        self._status = status
        self._bus = bus
        self._clock = clock
        self._loop: asyncio.AbstractEventLoop | None = None
        status.set(SAVED)

    async def start(self) -> None:
        self._loop = asyncio.get_running_loop()

    async def stop(self) -> None:
        pass

    def on_failure(self, exc: BaseException | None) -> None:
        """The header's store chip says so, in words; called on the writer thread."""
        status = SAVED if exc is None else ComponentStatus(Health.FAILED, describe_failure(exc), last_error=str(exc))
        disk_full = Sample(DISK_FULL_TAG, self._clock.now(), status.summary == DISK_FULL, Quality.GOOD)

        def tell() -> None:
            self._status.set(status)
            self._bus.publish(disk_full)  # the disk-full alarm: annunciated even while nothing can be saved

        loop = self._loop
        if loop is not None and not loop.is_closed():
            loop.call_soon_threadsafe(tell)
        else:
            tell()
