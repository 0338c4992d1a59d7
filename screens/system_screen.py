"""System: version, data folder, language, users, the audit check, and leaving kiosk mode (admin)."""

from __future__ import annotations

import datetime as dt
import re

from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from hmi import __version__
from hmi.auth import Permission
from hmi.system_service import KeyReplacement
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

        # What a whole trail still cannot vouch for after a key replacement: said in words, every time.
        self.key_notice = QLabel(objectName="AuditKeyNotice")
        self.key_notice.setWordWrap(True)
        self.key_notice.setVisible(False)
        self.body.addWidget(self.key_notice)
        self._replacement: KeyReplacement | None = None

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
        # The notice is said again from what was read (a language change reads nothing, so it starts no task).
        self._show_key_replacement(self._replacement if self._may_read_notice() else None)
        self._show_for_user()

    def on_shown(self) -> None:
        self._show_for_user()
        if self._may_read_notice():
            self.context.tasks.spawn(self._load_key_replacement())
        else:   # a notice read by the supervisor before stays with the supervisor
            self._show_key_replacement(None)

    def _may_read_notice(self) -> bool:
        return self.context.station.auth.can(Permission.VIEW_AUDIT)

    def _show_for_user(self) -> None:
        admin = self.context.station.auth.can(Permission.MANAGE_USERS)
        self.exit_button.setVisible(self.context.station.auth.can(Permission.EXIT_KIOSK))
        self.users.setVisible(admin)
        if admin:
            self.context.tasks.spawn(self._load_users())

    async def _load_key_replacement(self) -> None:
        self._show_key_replacement(await self.context.station.system.audit_key_replacement())

    def _show_key_replacement(self, replacement: KeyReplacement | None) -> None:
        self._replacement = replacement
        self.key_notice.setVisible(replacement is not None)
        self.key_notice.setText("" if replacement is None else self._key_replacement_text(replacement))

    def _key_replacement_text(self, r: KeyReplacement) -> str:
        when = dt.datetime.fromtimestamp(r.ts).strftime("%Y-%m-%d %H:%M")
        if not r.at_command_line:
            by = r.by
        elif r.by:
            by = self.tr("%1 (at the command line)").replace("%1", r.by)
        else:
            by = self.tr("a login at the command line")
        if r.anchored >= r.seq - 1:
            text = self.tr("The audit key was replaced on %1 by %2. Entries before #%3 were signed with the old key: "
                           "they are checked against the head the MES acknowledged (#%4).")
        elif r.anchored:
            text = self.tr("The audit key was replaced on %1 by %2. Entries before #%3 were signed with the old key: "
                           "up to #%4 they are checked against the head the MES acknowledged, after it only for how "
                           "they link up.")
        else:
            text = self.tr("The audit key was replaced on %1 by %2. Entries before #%3 were signed with the old key "
                           "and are checked only for how they link up.")
        # One pass over the placeholders: a name holding "%3" stays as typed.
        values = {"%1": when, "%2": by, "%3": str(r.seq), "%4": str(r.anchored)}
        return re.sub(r"%[1-4]", lambda m: values[m.group(0)], text)

    async def _load_users(self) -> None:
        users = await self.context.station.system.users()
        heading = self.tr("Users")
        lines = [f"<b>{heading}</b>"]
        lines += [f"{u.username} — {u.display_name} ({role_name(u.role.value)}){'' if u.enabled else ' ✕'}" for u in users]
        self.users.setText("<br>".join(lines))

    async def _verify_audit(self) -> None:
        result = await self.context.station.system.verify_audit()
        if self._may_read_notice():
            self._show_key_replacement(
                await self.context.station.system.audit_key_replacement() if result.key_change else None)
        if result.ok:
            self.context.notify(self.tr("Audit trail intact: %n entries.", "", result.entries))
        else:
            self.context.notify(self.tr("Audit trail BROKEN at entry %1: %2").replace("%1", str(result.first_broken))
                                .replace("%2", result.reason))

    def _exit(self) -> None:
        self.context.station.system.exit_kiosk()
        self.context.quit()
