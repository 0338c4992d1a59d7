"""Login: scan a badge, or enter a user ID and PIN on the on-screen keypad."""

from __future__ import annotations

import time

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QLineEdit, QVBoxLayout, QWidget

from hmi.auth import AuthService, LoginFailed
from hmi.auth.badge_reader import BadgeBurstDetector
from screens.refusal_text import refusal_text
from screens.tasks import TaskGroup
from screens.widgets.pin_pad import PinPad


class LoginScreen(QWidget):
    logged_in = Signal()

    def __init__(self, *, auth: AuthService, tasks: TaskGroup, demo_hint: str = "",
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("LoginScreen")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.setFocusPolicy(Qt.FocusPolicy.ClickFocus)   # a tap beside the fields: a badge scan still arrives
        self._auth = auth
        self._tasks = tasks
        self._badge = BadgeBurstDetector()
        self._busy = False

        card = QFrame(objectName="Card")
        card.setMaximumWidth(1100)
        card_row = QHBoxLayout(card)
        card_row.setContentsMargins(32, 28, 32, 28)
        card_row.setSpacing(32)
        card_layout = QVBoxLayout()
        card_layout.setSpacing(14)

        self.title = QLabel(objectName="ScreenTitle")
        self.prompt = QLabel(objectName="Muted")
        self.prompt.setWordWrap(True)
        self.user_field = QLineEdit(objectName="UserField")
        self.pin_field = QLineEdit(objectName="PinField")
        self.pin_field.setEchoMode(QLineEdit.EchoMode.Password)
        self.pin_field.setMaxLength(12)
        # The on-screen keyboard opens its number layout here, not QWERTY over the PIN pad.
        self.user_field.setInputMethodHints(Qt.InputMethodHint.ImhPreferNumbers | Qt.InputMethodHint.ImhNoPredictiveText
                                            | Qt.InputMethodHint.ImhNoAutoUppercase)
        self.pin_field.setInputMethodHints(Qt.InputMethodHint.ImhDigitsOnly | Qt.InputMethodHint.ImhSensitiveData
                                           | Qt.InputMethodHint.ImhNoPredictiveText | Qt.InputMethodHint.ImhHiddenText)
        self.message = QLabel(objectName="Error")
        self.message.setWordWrap(True)
        self.pad = PinPad()
        self.pad.setMinimumSize(330, 340)
        self.pad.setMaximumHeight(520)
        self.hint = QLabel(demo_hint, objectName="Muted")
        self.hint.setWordWrap(True)
        self.hint.setVisible(bool(demo_hint))

        card_layout.addWidget(self.title)
        card_layout.addWidget(self.prompt)
        card_layout.addWidget(self.user_field)
        card_layout.addWidget(self.pin_field)
        card_layout.addWidget(self.message)
        card_layout.addStretch(1)
        card_layout.addWidget(self.hint)
        card_row.addLayout(card_layout, 5)
        card_row.addWidget(self.pad, 4)

        outer = QVBoxLayout(self)
        outer.setContentsMargins(24, 20, 24, 20)
        outer.addWidget(card, 0, Qt.AlignmentFlag.AlignHCenter)
        outer.addStretch(1)

        for field in (self.user_field, self.pin_field):
            field.setProperty("keyboard_action", self.pad.keys[">"])   # kept in view above the keyboard
        self.pad.digit.connect(self._digit)
        self.pad.backspace.connect(self._backspace)
        self.pad.enter.connect(self._enter)
        self.user_field.returnPressed.connect(self._user_entered)
        self.pin_field.returnPressed.connect(self.submit)
        self._active = self.user_field
        self.user_field.installEventFilter(self)
        self.pin_field.installEventFilter(self)
        self.retranslate()

    # Text ---------------------------------------------------------------------------------------
    def retranslate(self) -> None:
        self.title.setText(self.tr("Sign in"))
        self.prompt.setText(self.tr("Scan your badge, or enter your user ID and PIN."))
        self.user_field.setPlaceholderText(self.tr("User ID or badge"))
        self.pin_field.setPlaceholderText(self.tr("PIN"))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def set_compact(self, compact: bool) -> None:
        """With the on-screen keyboard up, smaller keys so the fields and the pad's 0/OK fit above it."""
        self.pad.setProperty("compact", compact)
        self.pad.setMinimumSize(330, 230 if compact else 340)
        for key in self.pad.keys.values():
            key.style().unpolish(key)
            key.style().polish(key)
        self.hint.setVisible(bool(self.hint.text()) and not compact)

    def _say(self, text: str, *, error: bool = True) -> None:
        """A message under the fields: red only for a problem, never for "Checking…"."""
        self.message.setProperty("tone", "error" if error else "info")
        self.message.style().unpolish(self.message)
        self.message.style().polish(self.message)
        self.message.setText(text)

    def reset(self) -> None:
        self.user_field.clear()
        self.pin_field.clear()
        self.message.clear()
        self._badge.reset()
        self._focus(self.user_field)

    # Input --------------------------------------------------------------------------------------
    def _target(self) -> QLineEdit:
        return self._active

    def _digit(self, digit: str) -> None:
        self._target().insert(digit)

    def _backspace(self) -> None:
        self._target().backspace()

    def _enter(self) -> None:
        if self._target() is self.user_field:
            self._user_entered()
        else:
            self.submit()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.FocusIn and watched in (self.user_field, self.pin_field):
            self._active = watched  # type: ignore[assignment]
        # The reader types into whichever field has the focus: the PIN field too, after a wrong PIN.
        if watched in (self.user_field, self.pin_field) and isinstance(event, QKeyEvent) \
                and event.type() == QEvent.Type.KeyPress and self._scanned(event, watched):  # type: ignore[arg-type]
            return True
        return super().eventFilter(watched, event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """No field has the focus (a tap on the card took it): the reader's keys come to the login itself."""
        if not self._scanned(event, None):
            super().keyPressEvent(event)

    def _scanned(self, event: QKeyEvent, field: QLineEdit | None) -> bool:
        """Watch the timing: a badge reader types like a keyboard, only much faster. True when this Enter
        ended a scan (the login with the badge has begun and the field that took the code is cleared)."""
        now = time.monotonic()
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            code = self._badge.enter(now)
            if code is None:
                return False   # typed by a person: the field's own Enter (next field, or sign in)
            if field is not None:
                field.clear()
            self._start(self._auth.login_badge(code))
            return True
        if event.text() and event.text().isprintable():
            self._badge.feed(event.text(), now)
        return False

    def _user_entered(self) -> None:
        if self.user_field.text().strip():
            self._focus(self.pin_field)

    def _focus(self, field: QLineEdit) -> None:
        self._active = field
        field.setFocus()

    def submit(self) -> None:
        user = self.user_field.text().strip()
        pin = self.pin_field.text()
        if not user:
            self._say(self.tr("Enter your user ID first."))
            self._focus(self.user_field)
            return
        if not pin:
            self._say(self.tr("Enter your PIN."))
            self._focus(self.pin_field)
            return
        self._start(self._auth.login_pin(user, pin))

    def _start(self, attempt) -> None:  # type: ignore[no-untyped-def]
        if self._busy:
            attempt.close()
            return
        self._busy = True
        self._say(self.tr("Checking…"), error=False)
        self._tasks.spawn(self._finish(attempt), name="login")

    async def _finish(self, attempt) -> None:  # type: ignore[no-untyped-def]
        try:
            await attempt
        except LoginFailed as failure:
            self.pin_field.clear()
            self._say(self._failure_text(failure))
            self._focus(self.pin_field if self.user_field.text() else self.user_field)
        else:
            self.reset()
            self.logged_in.emit()
        finally:
            self._busy = False

    def _failure_text(self, failure: LoginFailed) -> str:
        if failure.locked_for_s is not None:
            return self.tr("Too many wrong PINs. This user is locked for %n second(s).", "",
                           max(1, round(failure.locked_for_s)))
        return refusal_text(failure)   # wrong PIN or unknown badge: never says which user names exist
