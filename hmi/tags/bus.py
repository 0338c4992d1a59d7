"""The tag bus: drivers publish samples, the historian, alarms and screens subscribe.

Publishing runs on the event loop and only calls subscribers; a subscriber that needs to do
slow work (SQLite, repaint) queues it and returns at once.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable

from hmi.observable import Unsubscribe
from hmi.tags.sample import Sample

log = logging.getLogger(__name__)

Subscriber = Callable[[Sample], None]


class TagBus:
    def __init__(self) -> None:
        self._all: list[Subscriber] = []
        self._by_tag: dict[str, list[Subscriber]] = {}
        self._latest: dict[str, Sample] = {}

    def publish(self, sample: Sample) -> None:
        self._latest[sample.tag] = sample
        for subscriber in self._all:
            self._deliver(subscriber, sample)
        for subscriber in self._by_tag.get(sample.tag, ()):
            self._deliver(subscriber, sample)

    def publish_many(self, samples: Iterable[Sample]) -> None:
        for sample in samples:
            self.publish(sample)

    def subscribe(self, subscriber: Subscriber, *, tags: Iterable[str] | None = None) -> Unsubscribe:
        """Receive every sample, or only those of ``tags``."""
        if tags is None:
            self._all.append(subscriber)
            return lambda: self._all.remove(subscriber) if subscriber in self._all else None
        names = list(tags)
        for name in names:
            self._by_tag.setdefault(name, []).append(subscriber)

        def unsubscribe() -> None:
            for name in names:
                subscribers = self._by_tag.get(name, [])
                if subscriber in subscribers:
                    subscribers.remove(subscriber)

        return unsubscribe

    def latest(self, tag: str) -> Sample | None:
        return self._latest.get(tag)

    def snapshot(self) -> dict[str, Sample]:
        return dict(self._latest)

    @staticmethod
    def _deliver(subscriber: Subscriber, sample: Sample) -> None:
        try:
            subscriber(sample)
        except Exception:  # a failing subscriber must not starve the others
            log.exception("tag bus subscriber failed on %s", sample.tag)
