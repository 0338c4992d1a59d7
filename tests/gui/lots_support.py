"""Helpers for the Qt tests of Lots and Instructions: waiting on conditions, button geometry, fit."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QPoint, QRect
from PySide6.QtWidgets import QAbstractButton, QWidget


async def until(predicate: Callable[[], bool], *, within: float = 30.0, what: str = "") -> None:
    """Wait on the loop (no fixed sleep) until ``predicate()`` holds; generous, for a loaded machine."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + within
    while not predicate():
        if loop.time() > deadline:
            raise AssertionError(f"not within {within} s: {what}")
        await asyncio.sleep(0.03)


def button_geometry(root: QWidget, window: QWidget, *, outside: tuple[QWidget, ...] = ()) -> dict[str, QRect]:
    """Every visible button under ``root`` (except those inside ``outside``), placed in window coordinates."""
    found: dict[str, QRect] = {}
    for button in root.findChildren(QAbstractButton):
        if not button.isVisibleTo(window) or any(o is button or o.isAncestorOf(button) for o in outside):
            continue
        top_left = button.mapTo(window, QPoint(0, 0))
        key = f"{button.objectName() or type(button).__name__}#{id(button)}"
        found[key] = QRect(top_left, button.size())
    return found


def moved(before: dict[str, QRect], after: dict[str, QRect]) -> list[str]:
    """Buttons that moved, changed size, appeared or vanished between two states."""
    problems = [f"{k}: {before[k].getRect()} -> {after[k].getRect()}" for k in before.keys() & after.keys()
                if before[k] != after[k]]
    problems += [f"{k} vanished" for k in before.keys() - after.keys()]
    problems += [f"{k} appeared" for k in after.keys() - before.keys()]
    return problems


def under_toast(window: Any) -> list[str]:
    """Visible buttons of the window (the toast's own excepted) that the shown toast lies over."""
    toast = window.toast
    assert toast.isVisible(), "no toast shown"
    area = QRect(toast.mapTo(window, QPoint(0, 0)), toast.size())
    return [f"{k}: {r.getRect()}" for k, r in button_geometry(window, window, outside=(toast,)).items()
            if r.intersects(area)]


def off_screen(root: QWidget, window: QWidget, *, height: int = 768, width: int = 1024) -> list[str]:
    """Visible controls under ``root`` that do not lie entirely inside a width × height window."""
    bad = []
    for button in root.findChildren(QAbstractButton):
        if not button.isVisibleTo(window):
            continue
        rect = QRect(button.mapTo(window, QPoint(0, 0)), button.size())
        if rect.bottom() >= height or rect.right() >= width or rect.top() < 0 or rect.left() < 0:
            bad.append(f"{button.objectName() or button.text()}: {rect.getRect()}")
    return bad


def click(qtbot: Any, button: QAbstractButton) -> None:
    """A tap on a button the operator can see and use. ``click()`` runs its slots at once and processes no
    events, so it is safe inside a coroutine on the qasync loop (a QTest mouse click would run the loop's
    callbacks re-entrantly)."""
    assert button.isVisible() and button.isEnabled(), button.objectName()
    button.click()
