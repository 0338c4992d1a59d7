"""First start: the station has no users, so the person setting it up creates the admin."""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtWidgets import (
    QFormLayout,
    QFrame,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from hmi.auth import AuthService
from hmi.auth.pins import PinRejected
from hmi.auth.users import UserError
from screens.refusal_text import refusal_text
from screens.tasks import TaskGroup


class FirstAdminScreen(QWidget):
    created = Signal()

    def __init__(self, *, auth: AuthService, tasks: TaskGroup, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("LoginScreen")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self._auth = auth
        self._tasks = tasks
        card = QFrame(objectName="Card")
        card.setMinimumWidth(560)
        card.setMaximumWidth(680)
        layout = QVBoxLayout(card)
        layout.setContentsMargins(32, 28, 32, 28)
        self.title = QLabel(objectName="ScreenTitle")
        self.explain = QLabel(objectName="Muted")
        self.explain.setWordWrap(True)
        self.username = QLineEdit(objectName="AdminUser")
        self.display_name = QLineEdit(objectName="AdminName")
        self.pin = QLineEdit(objectName="AdminPin", echoMode=QLineEdit.EchoMode.Password)
        self.pin_again = QLineEdit(objectName="AdminPinAgain", echoMode=QLineEdit.EchoMode.Password)
        form = QFormLayout()
        form.setVerticalSpacing(12)
        form.setLabelAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        self._labels = [QLabel(), QLabel(), QLabel(), QLabel()]
        for label, field in zip(self._labels, (self.username, self.display_name, self.pin, self.pin_again),
                                strict=True):
            form.addRow(label, field)
        self.message = QLabel(objectName="Error")
        self.message.setWordWrap(True)
        self.create_button = QPushButton(objectName="CreateAdmin")
        self.create_button.setProperty("role", "primary")
        self.create_button.clicked.connect(self.submit)
        layout.addWidget(self.title)
        layout.addWidget(self.explain)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(self.create_button)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(24, 20, 24, 20)
        outer.addWidget(card, 0, Qt.AlignmentFlag.AlignHCenter)
        outer.addStretch(1)
        self.retranslate()

    def retranslate(self) -> None:
        self.title.setText(self.tr("Set up this station"))
        self.explain.setText(self.tr("No users exist yet. Create the administrator who will add the other users."))
        for label, text in zip(self._labels, (self.tr("User ID"), self.tr("Name"), self.tr("PIN"),
                                              self.tr("PIN again")), strict=True):
            label.setText(text)
        self.create_button.setText(self.tr("Create administrator"))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def submit(self) -> None:
        if self.pin.text() != self.pin_again.text():
            self.message.setText(self.tr("The two PINs differ."))
            return
        self._tasks.spawn(self._create(), name="create-admin")

    async def _create(self) -> None:
        try:
            await self._auth.create_first_admin(username=self.username.text(),
                                                display_name=self.display_name.text(), pin=self.pin.text())
        except (UserError, PinRejected) as exc:
            self.message.setText(refusal_text(exc))
            return
        self.message.clear()
        self.created.emit()
