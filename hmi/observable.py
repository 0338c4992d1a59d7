"""How the core tells its listeners, Qt-free: a value that changes (``Observable``), a thing that happened (``Event``).

Views follow ``Observable`` values; areas follow each other's ``Event`` s (a defect committed, a step signed),
so the station wires them by subscribing, not by setting attributes or callbacks on them later.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from typing import Generic, Protocol, TypeVar

T = TypeVar("T")
T_co = TypeVar("T_co", covariant=True)
log = logging.getLogger(__name__)

Unsubscribe = Callable[[], None]


class Observable(Generic[T]):
    def __init__(self, value: T) -> None:
        self._value = value
        self._listeners: list[Callable[[T], None]] = []

    @property
    def value(self) -> T:
        return self._value

    def set(self, value: T) -> None:
        if value == self._value:
            return
        self._value = value
        for listener in list(self._listeners):
            try:
                listener(value)
            except Exception:  # one broken view must not stop the others
                log.exception("listener failed")

    def subscribe(self, listener: Callable[[T], None], *, replay: bool = True) -> Unsubscribe:
        self._listeners.append(listener)
        if replay:
            listener(self._value)

        def unsubscribe() -> None:
            if listener in self._listeners:
                self._listeners.remove(listener)

        return unsubscribe

    def view(self) -> ObservableView[T]:
        """What the owner hands out: the value to read and follow, without ``set``."""
        return ObservableView(self)


class ObservableView(Generic[T]):
    """An ``Observable`` as its listeners see it: a service sets its values, the screens only follow them."""

    __slots__ = ("_source",)

    def __init__(self, source: Observable[T]) -> None:
        self._source = source

    @property
    def value(self) -> T:
        return self._source.value

    def subscribe(self, listener: Callable[[T], None], *, replay: bool = True) -> Unsubscribe:
        return self._source.subscribe(listener, replay=replay)


class Readable(Protocol[T_co]):
    """What a view may do with an ``Observable``: read it and follow it, never set it."""

    @property
    def value(self) -> T_co: ...

    def subscribe(self, listener: Callable[[T_co], None], *, replay: bool = True) -> Unsubscribe: ...


class Event(Generic[T]):
    """Something that happened (after it is done: a record committed), told to each listener in turn.

    ``emit`` awaits every listener, so the emitter returns once all have heard; one that fails is logged
    and stops neither the others nor the emitter (it never undoes what happened).
    """

    def __init__(self, what: str) -> None:
        self._what = what
        self._listeners: list[Callable[[T], Awaitable[None]]] = []

    def subscribe(self, listener: Callable[[T], Awaitable[None]]) -> Unsubscribe:
        self._listeners.append(listener)

        def unsubscribe() -> None:
            if listener in self._listeners:
                self._listeners.remove(listener)

        return unsubscribe

    async def emit(self, value: T) -> None:
        for listener in list(self._listeners):
            try:
                await listener(value)
            except Exception:
                log.exception("a %s listener failed", self._what)

    def view(self) -> EventView[T]:
        """What the owner hands out: the event to listen to, without ``emit``."""
        return EventView(self)


class EventView(Generic[T]):
    """An ``Event`` as its listeners see it: only the area it belongs to says it happened."""

    __slots__ = ("_source",)

    def __init__(self, source: Event[T]) -> None:
        self._source = source

    def subscribe(self, listener: Callable[[T], Awaitable[None]]) -> Unsubscribe:
        return self._source.subscribe(listener)
