"""A stop's reason prompt on every screen: the window's fixed strip over the current screen's title.

Each screen's top strip shows only its title (10 + 36 + 10 px, ``ScreenBase``), so the prompt lies
there and covers and moves no control, whichever screen the operator is on. A screen that asks in a
slot of its own (``asks_downtime_reason``: Lots) is left to do so. The toast shares the strip: a
message lies over the prompt for its few seconds, then the prompt is seen again.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QRect
from PySide6.QtWidgets import QWidget

from hmi.auth import Permission, Session
from hmi.oee.records import DowntimeEvent
from hmi.oee.service import LiveOee, ReasonCategory
from screens.shell_context import ShellContext
from screens.widgets.reason_tree import ReasonTreeBar


class DowntimePrompt(ReasonTreeBar):
    def __init__(self, parent: QWidget, *, context: ShellContext, slot: Callable[[], QRect],
                 wanted: Callable[[], bool]) -> None:
        super().__init__(parent, compact=True)
        self._context = context
        self._slot = slot          # where, in the parent's coordinates
        self._wanted = wanted      # whether the window shows a screen that leaves the asking to the window
        self._asking: DowntimeEvent | None = None
        self._loaded_for: str | None = None      # the user whose language and master data the tree is for
        self.chosen.connect(self._reason_chosen)
        self.hide()
        self._unsubscribe = [context.station.auth.session.subscribe(self._on_session, replay=False)]
        oee = context.station.oee
        if oee is not None:
            self._unsubscribe.append(oee.live.subscribe(lambda _live: self.refresh(), replay=False))
        unsubscribers = self._unsubscribe
        self.destroyed.connect(lambda *_: [unsubscribe() for unsubscribe in unsubscribers])

    def refresh(self) -> None:
        """Show, re-word or hide the prompt for what the station and the window show now; texts in place."""
        oee = self._context.station.oee
        live: LiveOee | None = oee.live.value if oee is not None else None
        event = None
        if live is not None and self._context.station.auth.can(Permission.SET_DOWNTIME_REASON):
            event = live.to_ask
        if event is None or self._asking is None or event.id != self._asking.id:
            self.reset()               # a new stop asks from the top of the tree
        self._asking = event
        if event is None or oee is None or not self._wanted():
            self.hide()
            return
        since = oee.local(event.start).strftime("%H:%M:%S")
        text = self.tr("Stopped since %1: why?") if event.end is None else self.tr("Stop at %1 has no reason yet: why?")
        self.question.setText(text.replace("%1", since))
        self.place()
        self.show()
        self.raise_()
        toast = self.parentWidget().findChild(QWidget, "Toast") if self.parentWidget() is not None else None
        if toast is not None and toast.isVisible():
            toast.raise_()             # a message in the strip stays readable for its few seconds

    def place(self) -> None:
        self.setGeometry(self._slot())

    def _on_session(self, session: Session | None) -> None:
        if session is not None and session.username != self._loaded_for:
            self._context.tasks.spawn(self._load_tree(session.username), name="downtime-prompt-tree")
        self.refresh()

    async def _load_tree(self, username: str) -> None:
        oee = self._context.station.oee
        if oee is None:
            return
        tree: list[ReasonCategory] = await oee.reason_tree()
        self._loaded_for = username
        self._fill(tree)
        self.refresh()

    def _fill(self, tree: list[ReasonCategory]) -> None:
        self.set_tree(tree, korean=self._context.languages.locale == "ko", back=self.tr("Back"), more=self.tr("More"))

    def _reason_chosen(self, code: str) -> None:
        event, oee = self._asking, self._context.station.oee
        if event is None or oee is None:
            return
        self._context.tasks.spawn(oee.set_reason(event.id, code), name="downtime-reason")

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self._fill(self._tree)
            self.refresh()
        super().changeEvent(event)
