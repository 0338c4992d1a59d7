"""A value that tells its listeners when it changes: the Qt-free way for views to follow the core."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Generic, TypeVar

T = TypeVar("T")
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
