"""The sync screen: the supervisor sees the backlog and the refused event, and skips it with a reason."""

from __future__ import annotations

import asyncio

import pytest
from PySide6.QtCore import Qt

from hmi.auth import Role
from hmi.auth.users import add_user
from hmi.station import Station
from hmi.sync import queue
from tests.conftest import run, settle

pytestmark = pytest.mark.gui


async def _add(station: Station, username: str, role: Role) -> None:
    await station.store.write(lambda db: add_user(db, username=username, display_name=username, role=role,
                                                   pin="2468", badge=None, min_pin_length=4,
                                                   ts=station.clock.now(), station=station.station_id,
                                                   actor="test"))


def test_supervisor_skips_a_quarantined_event_with_a_reason(qloop: asyncio.AbstractEventLoop, qtbot, station: Station):
    from hmi.demo import seed_sync
    from screens.i18n import LanguageManager
    from screens.main_window import MainWindow

    run(qloop, seed_sync(station))
    run(qloop, _add(station, "3001", Role.SUPERVISOR))
    run(qloop, _add(station, "1001", Role.OPERATOR))
    window = MainWindow(station=station, languages=LanguageManager(), demo_hint="")
    qtbot.addWidget(window)
    window.show()
    run(qloop, window.start())

    run(qloop, station.auth.login_pin("1001", "2468"))
    assert not window.nav_buttons["sync"].isVisible()       # operators do not see it

    run(qloop, station.auth.logout())
    run(qloop, station.auth.login_pin("3001", "2468"))
    window.navigate("sync")
    run(qloop, settle(0.3))
    screen = window.screen("sync")
    assert screen.table.rowCount() == 1
    assert "WO-23999 is closed" in screen.table.item(0, 3).text()
    assert "239" in screen.backlog.text()

    screen.table.selectRow(0)
    assert screen.retry_button.isEnabled() and not screen.skip_button.isEnabled()   # a skip needs a reason
    screen.reason.setText("entered on paper, MES fixed by hand")
    assert screen.skip_button.isEnabled()
    qtbot.mouseClick(screen.skip_button, Qt.MouseButton.LeftButton)
    run(qloop, settle(0.4))
    assert screen.table.rowCount() == 0
    backlog = run(qloop, station.store.read(queue.backlog))
    assert backlog.quarantined == 0 and backlog.blocked == 0
    skipped = run(qloop, station.store.read(lambda db: db.execute(
        "SELECT resolved_by, resolution_reason FROM outbox WHERE status = 'skipped'").fetchall()))
    assert [tuple(r) for r in skipped] == [("3001", "entered on paper, MES fixed by hand")]
    run(qloop, window.tasks.cancel_all())
    window.close()
