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
