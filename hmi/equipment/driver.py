"""The interface every equipment driver (plugin) implements; no protocol type crosses it.

A plugin's entry point (group ``hmi.equipment``) is a class with a ``config_model`` (pydantic, the
connection's options in station.toml) and a keyword-only constructor taking the arguments below. Its name
is the scheme of its tags' addresses, whose grammar it owns: a ``parse_address`` (``AddressGrammar``,
``hmi/tags/address.py``), also registered alone under ``hmi.equipment.addresses`` when the plugin is heavy
to import; without one, addresses take the common shape of ``split_url``, options and all.
The service owns scaling, deadband, STALE detection, permissions and audit: a driver only moves
raw values between the wire and ``Sample``s.
"""

from __future__ import annotations

import abc
from dataclasses import dataclass
from typing import Any, ClassVar, Protocol

from pydantic import BaseModel

from hmi.config import DataType, PluginSection
from hmi.status import ComponentStatus
from hmi.tags.address import AddressError, TagAddress
from hmi.tags.sample import Sample, Value


@dataclass(frozen=True, slots=True)
class TagBinding:
    """What a driver needs to know of one tag."""

    name: str
    address: TagAddress
    data_type: DataType
    interval_s: float
    deadband: float = 0.0  # in raw units; a driver may pass it to the server (OPC-UA data-change filter)
    array: bool = False    # the tag takes a list (``array = true``); any other tag must get a scalar


class DriverSink(Protocol):
    """Where a driver reports. Called on the event loop; must return at once."""

    def publish(self, sample: Sample) -> None:
        """A GOOD or UNCERTAIN value is held until the connection's state is OK, then published:
        report OK (``set_state``) once the connection is usable. BAD samples pass at once."""

    def set_state(self, state: ComponentStatus) -> None: ...

    def alive(self) -> None:
        """The connection is healthy now: values not updated since are unchanged, not stale."""


class WriteError(Exception):
    """The equipment did not take the value; the message says why in an integrator's words."""


class EquipmentDriver(abc.ABC):
    config_model: ClassVar[type[BaseModel]]
    # The type ``hmi read`` gives a value whose address and command line say none.
    default_data_type: ClassVar[DataType] = DataType.FLOAT64

    @classmethod
    def one_shot_options(cls, endpoint: str) -> dict[str, Any]:
        """The options of a quick connection to an endpoint written in the URL (``hmi read``, no config)."""
        raise AddressError(f"this driver takes no endpoint in the URL ({endpoint!r}): name a connection of the "
                           "config instead (--config FILE)")

    def __init__(self, *, connection: str, options: Any, tags: list[TagBinding], sink: DriverSink) -> None:
        self.connection = connection
        self.options = options
        self.tags = {tag.name: tag for tag in tags}
        self.sink = sink

    @abc.abstractmethod
    async def start(self) -> None:
        """Begin connecting in the background. Never raises for an unreachable peer: reports it."""

    @abc.abstractmethod
    async def stop(self) -> None:
        """Disconnect and end every task the driver started."""

    @abc.abstractmethod
    async def read(self, tag: str) -> Sample:
        """Read one tag now (read-back after a write, ``hmi read``). Raises WriteError-free errors as BAD."""

    @abc.abstractmethod
    async def write(self, tag: str, value: Value) -> None:
        """Write a raw value. Raises WriteError when the equipment refuses or is unreachable."""


class DriverFactory(Protocol):
    """Makes the driver of one connection; the service takes one, so tests inject their own drivers.

    Raises PluginNotFound or ValueError (with the key named) when the section is wrong.
    """

    def __call__(self, *, connection: str, section: PluginSection, tags: list[TagBinding],
                 sink: DriverSink) -> EquipmentDriver: ...
