"""The equipment service: runs one driver per connection and tells the truth about every tag.

It turns raw driver samples into engineering values (scaling, deadband), publishes them on the
tag bus, marks values STALE when they stop arriving and BAD when their connection fails, keeps the
"equipment" status chip up to date, and performs permission-checked, range-checked, audited writes
with read-back. Drivers are found by name through the ``hmi.equipment`` entry points.
"""

from __future__ import annotations

import asyncio
import logging
import math
from collections import deque
from dataclasses import dataclass
from typing import Any

from pydantic import ValidationError

from hmi.auth.permissions import Permission
from hmi.clock import Clock
from hmi.config import DataType, PluginSection, StationConfig, TagSection
from hmi.equipment.driver import DriverFactory, DriverSink, EquipmentDriver, TagBinding, WriteError
from hmi.equipment.scaling import to_engineering, to_raw, within_deadband
from hmi.observable import Observable
from hmi.plugin_registry import PluginNotFound, load_plugin
from hmi.refusal import Refusal
from hmi.shutdown import bounded, cancel_and_wait
from hmi.status import ComponentStatus, Health, StatusBoard
from hmi.tags.address import AddressError, parse_address
from hmi.tags.bus import TagBus
from hmi.tags.sample import Quality, Sample, Value

log = logging.getLogger(__name__)

DRIVER_STOP_TIMEOUT_S = 5.0   # a driver's own stop is bounded lower; this catches a plugin that is not

_RANK = {Quality.GOOD: 0, Quality.UNCERTAIN: 1, Quality.STALE: 2, Quality.BAD: 3}


class WriteRefused(Refusal):
    """The write was not attempted (not writable, out of range, wrong type); the message says why."""


@dataclass(frozen=True, slots=True)
class WriteOutcome:
    tag: str
    old: Value
    new: Value
    read_back: Value
    confirmed: bool


def build_driver(*, connection: str, section: PluginSection, tags: list[TagBinding], sink: DriverSink) -> EquipmentDriver:
    """A driver for one connection from the ``hmi.equipment`` entry points, its options checked by the
    plugin's own model (the service's default ``DriverFactory``).

    Raises PluginNotFound or ValueError (with the key named) when the section is wrong.
    """
    return driver_factory(load_plugin("hmi.equipment", section.driver))(
        connection=connection, section=section, tags=tags, sink=sink)


def tag_binding(config: StationConfig, name: str, tag: TagSection) -> tuple[TagBinding, str]:
    """A tag bound to its connection (the driver its scheme names parses the address); raises AddressError,
    saying what was expected, for ``hmi check-config`` and the service alike."""
    address = parse_address(tag.address)
    if address.connection is None:
        raise AddressError(f"{tag.address!r} must name a connection from [connections] "
                           "(endpoints in the URL are for 'hmi read')")
    section = config.connections.get(address.connection)
    if section is None:
        known = ", ".join(config.connections) or "none configured"
        raise AddressError(f"no connection named {address.connection!r} (known: {known})")
    if address.scheme != section.driver:
        raise AddressError(f"scheme {address.scheme!r} does not match connection "
                           f"{address.connection!r} (driver {section.driver!r})")
    deadband = tag.deadband
    if tag.scaling is not None and deadband:
        span = (tag.scaling.eng_hi - tag.scaling.eng_lo) / (tag.scaling.raw_hi - tag.scaling.raw_lo)
        deadband = abs(deadband / span)
    binding = TagBinding(name=name, address=address, data_type=tag.data_type, interval_s=tag.interval_s,
                         deadband=deadband, array=tag.array)
    return binding, address.connection


def driver_factory(plugin: type[EquipmentDriver]) -> DriverFactory:
    """A factory that makes ``plugin`` for every connection, with its options checked as for an entry point."""

    def make(*, connection: str, section: PluginSection, tags: list[TagBinding], sink: DriverSink) -> EquipmentDriver:
        return _instantiate(plugin, connection=connection, section=section, tags=tags, sink=sink)

    return make


def _instantiate(plugin: type[EquipmentDriver], *, connection: str, section: PluginSection, tags: list[TagBinding],
                 sink: DriverSink) -> EquipmentDriver:
    model = getattr(plugin, "config_model", None)
    options: Any = section.options()
    if model is not None:
        try:
            options = model.model_validate(options)
        except ValidationError as exc:
            first = exc.errors()[0]
            key = ".".join(str(p) for p in first.get("loc", ()))
            raise ValueError(f"connections.{connection}.{key}: {first.get('msg')}") from None
    driver: EquipmentDriver = plugin(connection=connection, options=options, tags=tags, sink=sink)
    return driver


def admit(sample: Sample) -> Sample:
    """A sample as the station takes it in: a BAD or STALE sample carries no value (the station's one rule:
    the last good value is ``EquipmentService.last_good``'s to give, not the sample's), and a number that
    is not finite (NaN, inf) becomes BAD, since it can be neither stored nor sent."""
    if sample.quality in (Quality.BAD, Quality.STALE):
        if sample.value is None:
            return sample
        return Sample(tag=sample.tag, ts=sample.ts, value=None, quality=sample.quality, error=sample.error)
    if not _finite(sample.value):
        return Sample(tag=sample.tag, ts=sample.ts, value=None, quality=Quality.BAD,
                      error=f"not a finite number ({sample.value!r})")
    return sample


def _finite(value: object) -> bool:
    if isinstance(value, float):
        return math.isfinite(value)
    if isinstance(value, list | tuple):
        return all(_finite(v) for v in value)
    return True


class _ConnectionSink:
    def __init__(self, service: EquipmentService, connection: str) -> None:
        self._service = service
        self._connection = connection

    def publish(self, sample: Sample) -> None:
        self._service._on_raw(self._connection, sample)

    def set_state(self, state: ComponentStatus) -> None:
        self._service._on_state(self._connection, state)

    def alive(self) -> None:
        self._service._alive[self._connection] = self._service._clock.monotonic()


class EquipmentService:
    name = "equipment"

    def __init__(self, *, config: StationConfig, bus: TagBus, status: StatusBoard, clock: Clock,
                 auth: Any = None, store: Any = None, station_id: str = "",
                 driver_factory: DriverFactory = build_driver) -> None:
        self._config = config
        self._make_driver = driver_factory
        self._settings = config.equipment
        self._bus = bus
        self._status = status
        self._clock = clock
        self._auth = auth
        self._store = store
        self._station_id = station_id or config.station.id
        self.connections: dict[str, Observable[ComponentStatus]] = {}
        self.tag_errors: dict[str, str] = {}  # tags that could not be set up, with why
        self._drivers: dict[str, EquipmentDriver] = {}
        self._tag_connection: dict[str, str] = {}
        self._last_update: dict[str, float] = {}
        self._alive: dict[str, float] = {}
        self._ok_since: dict[str, float] = {}     # monotonic time each connection last became OK
        self._stale_at: dict[str, float] = {}     # tags the watchdog marked STALE, and when
        self._published: dict[str, Sample] = {}
        self._emitted_at: dict[str, float] = {}   # monotonic time of each tag's last sample on the bus
        # Values that arrived before their connection said OK: published once it does (a GOOD value
        # must never be seen while the status chip still says CONNECTING).
        self._held: dict[str, dict[str, Sample]] = {}
        self._last_good: dict[str, Sample] = {}   # last_good(): what a screen shows, greyed, once a value is lost
        # Plain tuples of atomic values: the collector stops tracking them, so thousands of kept
        # samples do not make every full garbage collection longer (a loop stall).
        self._recent: dict[str, deque[tuple[float, Value, str, str | None]]] = {}
        self._started_at = 0.0
        self._watchdog: asyncio.Task[None] | None = None

    # Wiring -----------------------------------------------------------------------------------
    @property
    def tags(self) -> dict[str, TagSection]:
        return dict(self._config.tags)

    def connection_of(self, tag: str) -> str | None:
        return self._tag_connection.get(tag)

    def recent(self, tag: str) -> list[Sample]:
        return [Sample(tag=tag, ts=ts, value=value, quality=Quality(quality), error=error)
                for ts, value, quality, error in self._recent.get(tag, ())]

    def latest(self, tag: str) -> Sample | None:
        return self._published.get(tag)

    def last_good(self, tag: str) -> Sample | None:
        """The newest GOOD sample of ``tag`` (None if it never had one). A BAD or STALE sample carries no
        value, so screens show this one instead, greyed and with its age: the operator sees what was
        last known and how old it is, never an old value that looks current."""
        return self._last_good.get(tag)

    async def start(self) -> None:
        self._started_at = self._clock.monotonic()
        bindings: dict[str, list[TagBinding]] = {name: [] for name in self._config.connections}
        for name, tag in self._config.tags.items():
            self._recent[name] = deque(maxlen=self._settings.recent_values)
            try:
                binding, connection = self._binding(name, tag)
            except AddressError as exc:
                self._tag_failed(name, str(exc))
                continue
            bindings[connection].append(binding)
            self._tag_connection[name] = connection
        for connection, section in self._config.connections.items():
            state: Observable[ComponentStatus] = Observable(ComponentStatus(Health.CONNECTING, "starting"))
            self.connections[connection] = state
            if not section.enabled:
                state.set(ComponentStatus(Health.DISABLED, "disabled in the config"))
                continue
            # Each connection on its own: one plugin that fails must not stop the connections after it.
            try:
                driver = self._make_driver(connection=connection, section=section, tags=bindings[connection],
                                           sink=_ConnectionSink(self, connection))
            except (PluginNotFound, ValueError) as exc:
                self._not_started(connection, bindings[connection], str(exc))
                continue
            except Exception as exc:
                log.exception("connection %s: its driver %r could not be made", connection, section.driver)
                self._not_started(connection, bindings[connection], f"{type(exc).__name__}: {exc}")
                continue
            self._drivers[connection] = driver
            try:
                await driver.start()
            except Exception as exc:
                log.exception("connection %s: its driver %r failed to start", connection, section.driver)
                self._not_started(connection, bindings[connection], f"{type(exc).__name__}: {exc}")
        self._aggregate()
        self._watchdog = asyncio.create_task(self._watch_staleness(), name="equipment-stale-watchdog")

    def _not_started(self, connection: str, bindings: list[TagBinding], error: str) -> None:
        self.connections[connection].set(ComponentStatus(Health.FAILED, "not started", last_error=error))
        for binding in bindings:
            self._tag_failed(binding.name, f"connection {connection!r} not started: {error}")

    async def stop(self) -> None:
        watchdog, self._watchdog = self._watchdog, None
        await cancel_and_wait([watchdog], timeout_s=1.0, what="equipment staleness watchdog")
        drivers = list(self._drivers.values())
        self._drivers.clear()
        # All at once, each bounded: one stuck connection must not hold the others (or the station).
        results = await asyncio.gather(
            *(bounded(driver.stop(), timeout_s=DRIVER_STOP_TIMEOUT_S, what=f"stopping connection {driver.connection}")
              for driver in drivers), return_exceptions=True)
        for driver, result in zip(drivers, results, strict=True):
            if isinstance(result, BaseException):
                log.error("stopping %s failed", driver.connection, exc_info=result)

    def _binding(self, name: str, tag: TagSection) -> tuple[TagBinding, str]:
        try:
            return tag_binding(self._config, name, tag)
        except AddressError as exc:
            raise AddressError(f"tags.{name}.address: {exc}") from None

    def _tag_failed(self, tag: str, error: str) -> None:
        log.error("tag %s: %s", tag, error)
        self.tag_errors[tag] = error
        self._emit(Sample(tag=tag, ts=self._clock.now(), value=None, quality=Quality.BAD, error=error))

    # Samples ----------------------------------------------------------------------------------
    def _on_raw(self, connection: str, sample: Sample) -> None:
        tag = self._config.tags.get(sample.tag)
        if tag is None:
            return
        if sample.quality is Quality.BAD and self._last_update.get(sample.tag) is None:
            log.warning("tag %s: %s", sample.tag, sample.error)   # a tag that fails from the start
        self._last_update[sample.tag] = self._clock.monotonic()
        sample = admit(sample)
        if sample.quality in (Quality.GOOD, Quality.UNCERTAIN):
            sample = admit(Sample(tag=sample.tag, ts=sample.ts, value=to_engineering(sample.value, tag.scaling),
                                  quality=sample.quality, error=sample.error))
        if sample.quality in (Quality.GOOD, Quality.UNCERTAIN) and not self._is_ok(connection):
            self._held.setdefault(connection, {})[sample.tag] = sample
            return
        self._held.get(connection, {}).pop(sample.tag, None)
        self._publish(sample, tag)

    def _publish(self, sample: Sample, tag: TagSection) -> None:
        previous = self._published.get(sample.tag)
        if (previous is not None and previous.quality is sample.quality and sample.quality is Quality.GOOD
                and within_deadband(previous.value, sample.value, tag.deadband)):
            return
        self._emit(sample)
        if previous is not None and sample.ts < previous.ts and sample.quality is not Quality.BAD:
            # Stamped by the source before what the bus last said of the tag (an unchanged OPC-UA value
            # keeps its old source time): said again now, so that the newest word on the tag is this one.
            self._emit(Sample(tag=sample.tag, ts=max(self._clock.now(), previous.ts), value=sample.value,
                              quality=sample.quality, error=sample.error))

    def _is_ok(self, connection: str) -> bool:
        holder = self.connections.get(connection)
        return holder is not None and holder.value.health is Health.OK

    def _emit(self, sample: Sample) -> None:
        self._published[sample.tag] = sample
        self._emitted_at[sample.tag] = self._clock.monotonic()
        if sample.quality is Quality.GOOD:
            self._last_good[sample.tag] = sample
        self._stale_at.pop(sample.tag, None)
        recent = self._recent.get(sample.tag)
        if recent is not None:
            recent.append((sample.ts, sample.value, sample.quality.value, sample.error))
        self._bus.publish(sample)

    def _degrade(self, tags: list[str], quality: Quality, error: str) -> None:
        now = self._clock.now()
        for tag in tags:
            if tag in self.tag_errors:
                continue
            current = self._published.get(tag)
            if current is not None and _RANK[current.quality] >= _RANK[quality]:
                continue
            self._emit(Sample(tag=tag, ts=now, value=None, quality=quality, error=error))

    def check_stale(self) -> None:
        """Mark STALE every value not refreshed within its expected time (called by the watchdog).

        A value the connection vouches for (``alive()``: OPC-UA keep-alives, a Modbus poll inside the
        deadband) is unchanged, not stale: it is published again every ``historian.heartbeat_s`` with
        the current time, so that the history records a flat GOOD line and not a gap.
        """
        now = self._clock.monotonic()
        heartbeat = self._config.historian.heartbeat_s
        for tag, connection in self._tag_connection.items():
            section = self._config.tags[tag]
            limit = max(self._settings.min_stale_s, self._settings.stale_factor * section.interval_s)
            fresh_at = max(self._last_update.get(tag, self._started_at), self._alive.get(connection, -math.inf))
            if now - fresh_at > limit:
                if tag not in self._stale_at:
                    self._degrade([tag], Quality.STALE, f"no update for {now - fresh_at:.1f} s "
                                                        f"(expected every {section.interval_s:g} s)")
                    marked = self._published.get(tag)
                    if marked is not None and marked.quality is Quality.STALE:
                        self._stale_at[tag] = now
                continue
            current = self._published.get(tag)
            if tag in self._stale_at:
                self._vouched_again(tag, connection)
                continue
            if (current is not None and current.quality in (Quality.GOOD, Quality.UNCERTAIN)
                    and now - self._emitted_at.get(tag, now) >= heartbeat and self._is_ok(connection)):
                self._emit(Sample(tag=tag, ts=self._clock.now(), value=current.value, quality=current.quality,
                                  error=current.error))

    def _vouched_again(self, tag: str, connection: str) -> None:
        """A value marked STALE for want of updates whose connection, OK all along, has vouched for it
        since (an OPC-UA keep-alive after a loop stall): it is unchanged, so it is GOOD again. An
        unchanged value gets no new notification, so without this it would stay STALE for good."""
        marked = self._stale_at[tag]
        last = self._last_good.get(tag)
        if (last is None or not self._is_ok(connection) or self._ok_since.get(connection, math.inf) >= marked
                or self._alive.get(connection, -math.inf) <= marked):
            return
        self._emit(Sample(tag=tag, ts=max(self._clock.now(), last.ts), value=last.value, quality=Quality.GOOD))

    async def _watch_staleness(self) -> None:
        period = min(0.5, max(0.05, min((t.interval_s for t in self._config.tags.values()), default=0.5)))
        while True:
            await asyncio.sleep(period)
            try:
                self.check_stale()
            except Exception:
                log.exception("stale check failed")

    # Connection health ------------------------------------------------------------------------
    def _on_state(self, connection: str, state: ComponentStatus) -> None:
        holder = self.connections.get(connection)
        if holder is None:
            return
        before = holder.value.health
        if state.health is not before:   # one line per change of state, with the reason
            level = logging.INFO if state.health in (Health.OK, Health.DISABLED) or (
                state.health is Health.CONNECTING and not state.last_error) else logging.WARNING
            log.log(level, "connection %s: %s -> %s: %s", connection, before.value, state.health.value,
                    state.last_error or state.summary)
        holder.set(state)
        if state.health is Health.OK:
            self._alive[connection] = self._clock.monotonic()
            if before is not Health.OK:
                self._ok_since[connection] = self._alive[connection]
            for sample in self._held.pop(connection, {}).values():
                self._publish(sample, self._config.tags[sample.tag])
        else:
            self._held.pop(connection, None)
            tags = [t for t, c in self._tag_connection.items() if c == connection]
            quality = Quality.BAD if state.health is Health.FAILED else Quality.STALE
            error = f"connection {connection} {state.health.value}: {state.last_error or state.summary}"
            self._degrade(tags, quality, error)
        self._aggregate()

    def _aggregate(self) -> None:
        states = {name: obs.value for name, obs in self.connections.items() if obs.value.health is not Health.DISABLED}
        if not states:
            self._status["equipment"].set(ComponentStatus(Health.DISABLED, "no equipment connections"))
            return
        ok = [n for n, s in states.items() if s.health is Health.OK]
        errors = [f"{n}: {s.last_error}" for n, s in states.items() if s.last_error and s.health is not Health.OK]
        details = {n: s.health.value + (f" ({s.last_error})" if s.last_error and s.health is not Health.OK else "")
                   for n, s in states.items()}
        last_ok = max((s.last_ok for s in states.values() if s.last_ok is not None), default=None)
        if len(ok) == len(states):
            health, summary = Health.OK, f"{len(ok)} connected"
        elif ok:
            health, summary = Health.DEGRADED, f"{len(ok)} of {len(states)} connected"
        elif any(s.health is Health.CONNECTING for s in states.values()):
            health, summary = Health.CONNECTING, "connecting"
        else:
            health, summary = Health.FAILED, "no connection"
        self._status["equipment"].set(ComponentStatus(health, summary, last_error=errors[0] if errors else None,
                                                      last_ok=last_ok, details=details))

    # Writes -----------------------------------------------------------------------------------
    async def write(self, tag: str, value: Value) -> WriteOutcome:
        """Write an engineering value: permission, writability, type and range checked; read back; audited."""
        if self._auth is None or self._store is None:
            raise WriteRefused("writes need a station with users and a store")
        session = self._auth.require(Permission.WRITE_TAG)
        section = self._config.tags.get(tag)
        if section is None:
            raise WriteRefused("no tag named {tag!r}", tag=tag)
        if not section.writable:
            raise WriteRefused("{tag} is not writable (set writable = true in its [tags] section)", tag=tag)
        connection = self._tag_connection.get(tag)
        driver = self._drivers.get(connection or "")
        if driver is None or tag in self.tag_errors:
            if tag not in self.tag_errors:
                raise WriteRefused("{tag} has no working connection: not connected", tag=tag)
            raise WriteRefused("{tag} has no working connection: {problem}",
                               tag=tag, problem=self.tag_errors[tag])
        # A scaled tag's engineering value is a real number whatever its raw register type.
        new = coerce(value, DataType.FLOAT64 if section.scaling is not None else section.data_type)
        if isinstance(new, int | float) and not isinstance(new, bool):
            if section.range_lo is not None and new < section.range_lo:
                raise WriteRefused("{new} is below the lower limit {limit}", new=new,
                                   limit=f"{section.range_lo:g} {section.unit}".rstrip())
            if section.range_hi is not None and new > section.range_hi:
                raise WriteRefused("{new} is above the upper limit {limit}", new=new,
                                   limit=f"{section.range_hi:g} {section.unit}".rstrip())
        previous = self._published.get(tag)
        old = previous.value if previous is not None else None
        raw = to_raw(new, section.scaling)
        if section.data_type not in (DataType.FLOAT32, DataType.FLOAT64, DataType.STRING, DataType.BOOL) \
                and isinstance(raw, float):
            raw = round(raw)
        try:
            await driver.write(tag, raw)
        except WriteError as exc:
            await self._audit(session.username, tag, "tag.write_failed", old, {"value": new, "error": str(exc)})
            raise
        read_back, confirmed = await self._read_back(driver, tag, section, new)
        await self._audit(session.username, tag, "tag.write", old,
                          {"value": new, "read_back": read_back, "confirmed": confirmed})
        return WriteOutcome(tag=tag, old=old, new=new, read_back=read_back, confirmed=confirmed)

    async def _read_back(self, driver: EquipmentDriver, tag: str, section: TagSection, wanted: Value) -> tuple[Value, bool]:
        deadline = self._clock.monotonic() + self._settings.write_confirm_s
        value: Value = None
        while True:
            try:
                sample = await driver.read(tag)
            except Exception as exc:  # the read-back is advisory: report, do not undo the write
                log.warning("read-back of %s failed: %s", tag, exc)
                sample = None
            if sample is not None and sample.quality is Quality.GOOD:
                value = to_engineering(sample.value, section.scaling)
                if _same(value, wanted, section.data_type):
                    self._on_raw(self._tag_connection[tag], sample)
                    return value, True
            if self._clock.monotonic() >= deadline:
                return value, False
            await asyncio.sleep(0.1)

    async def _audit(self, actor: str, tag: str, action: str, old: Value, after: dict[str, Any]) -> None:
        from hmi.recording import Change, record_change

        change = Change(ts=self._clock.now(), station=self._station_id, actor=actor, action=action,
                        object_type="tag", object_id=tag, before={"value": old}, after=after)
        await self._store.write(lambda db: record_change(db, change))


def coerce(value: Value, data_type: DataType) -> Value:
    """An operator's input as the tag's type; WriteRefused says what was expected."""
    try:
        if data_type is DataType.BOOL:
            if isinstance(value, str):
                text = value.strip().lower()
                if text in ("1", "true", "on", "yes"):
                    return True
                if text in ("0", "false", "off", "no"):
                    return False
                raise ValueError(value)
            return bool(value)
        if data_type is DataType.STRING:
            return "" if value is None else str(value)
        if data_type in (DataType.FLOAT32, DataType.FLOAT64):
            number = float(value)  # type: ignore[arg-type]
            if not math.isfinite(number):
                raise ValueError(value)
            return number
        number = float(value)  # type: ignore[arg-type]
        if not number.is_integer():
            raise ValueError(value)
        return int(number)
    except (TypeError, ValueError):
        raise WriteRefused("{value!r} is not a valid {data_type}", value=value, data_type=data_type) from None


def _same(a: Value, b: Value, data_type: DataType) -> bool:
    if isinstance(a, int | float) and isinstance(b, int | float) and not isinstance(a, bool):
        tolerance = 1e-4 * max(1.0, abs(float(b))) if data_type in (DataType.FLOAT32,) else 1e-9 * max(1.0, abs(float(b)))
        return abs(float(a) - float(b)) <= tolerance
    return a == b

