"""System: version, data folder, language, users, the audit check, and leaving kiosk mode (admin)."""

from __future__ import annotations

from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from hmi import __version__
from hmi.auth import Permission
from screens.i18n import LANGUAGES
from screens.shell_context import ShellContext
from screens.widgets.role_text import role_name
from screens.widgets.screen_base import ScreenBase


class SystemScreen(ScreenBase):
    def __init__(self, context: ShellContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        card = QFrame(objectName="Card")
        layout = QVBoxLayout(card)
        layout.setContentsMargins(20, 16, 20, 16)
        self.info = QLabel(objectName="SystemInfo")
        self.info.setWordWrap(True)
        layout.addWidget(self.info)
        self.body.addWidget(card)

        languages = QHBoxLayout()
        self.language_label = QLabel()
        languages.addWidget(self.language_label)
        self.language_buttons: dict[str, QPushButton] = {}
        for code, name in LANGUAGES.items():
            button = QPushButton(name, objectName=f"Language_{code}")
            button.clicked.connect(lambda _=False, c=code: context.languages.set_language(c))
            languages.addWidget(button)
            self.language_buttons[code] = button
        languages.addStretch(1)
        self.body.addLayout(languages)

        actions = QHBoxLayout()
        self.verify_button = QPushButton(objectName="VerifyAudit")
        self.verify_button.clicked.connect(lambda: context.tasks.spawn(self._verify_audit()))
        self.exit_button = QPushButton(objectName="ExitKiosk")
        self.exit_button.clicked.connect(self._exit)
        actions.addWidget(self.verify_button)
        actions.addWidget(self.exit_button)
        actions.addStretch(1)
        self.body.addLayout(actions)

        self.users = QLabel(objectName="UsersList")
        self.users.setWordWrap(True)
        self.body.addWidget(self.users)
        self.body.addStretch(1)
        self.retranslate()

    def retranslate(self) -> None:
        station = self.context.station
        self.title_label.setText(self.tr("System"))
        data, log, schema = self.tr("Data folder"), self.tr("Log file"), self.tr("Database schema version")
        self.info.setText(
            f"<b>Station HMI {__version__}</b><br>{data}: {station.data_dir}<br>"
            f"{log}: {station.data_dir / 'logs' / 'station.log'}<br>{schema}: {station.system.schema_version}"
        )
        self.language_label.setText(self.tr("Language"))
        self.verify_button.setText(self.tr("Verify audit trail"))
        self.exit_button.setText(self.tr("Close the station (admin)"))
        self.on_shown()

    def on_shown(self) -> None:
        admin = self.context.station.auth.can(Permission.MANAGE_USERS)
        self.exit_button.setVisible(self.context.station.auth.can(Permission.EXIT_KIOSK))
        self.users.setVisible(admin)
        if admin:
            self.context.tasks.spawn(self._load_users())

    async def _load_users(self) -> None:
        users = await self.context.station.system.users()
        heading = self.tr("Users")
        lines = [f"<b>{heading}</b>"]
        lines += [f"{u.username} — {u.display_name} ({role_name(u.role.value)}){'' if u.enabled else ' ✕'}" for u in users]
        self.users.setText("<br>".join(lines))

    async def _verify_audit(self) -> None:
        result = await self.context.station.system.verify_audit()
        if result.ok:
            self.context.notify(self.tr("Audit trail intact: %n entries.", "", result.entries))
        else:
            self.context.notify(self.tr("Audit trail BROKEN at entry %1: %2").replace("%1", str(result.first_broken))
                                .replace("%2", result.reason))

    def _exit(self) -> None:
        self.context.station.system.exit_kiosk()
        self.context.quit()
