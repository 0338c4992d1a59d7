"""The core's connection summaries ("offline · 267 waiting", "1 of 2 connected") in the operator's language.

The core writes them in English for logs and the CLI; the header chips and the Overview show them to
people, so each known phrase is translated here and its numbers kept. A phrase not listed (a driver's
own error text) stays as the component wrote it.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from PySide6.QtCore import QCoreApplication

from hmi.status import Health


def _tr(text: str, n: int = -1) -> str:
    return QCoreApplication.translate("StatusSummary", text, "", n)


# (pattern of one " · "-separated part, its translation from the match)
_PARTS: list[tuple[re.Pattern[str], Callable[[re.Match[str]], str]]] = [
    (re.compile(r"^not configured$"), lambda m: _tr("not configured")),
    (re.compile(r"^online$"), lambda m: _tr("online")),
    (re.compile(r"^offline$"), lambda m: _tr("offline")),
    (re.compile(r"^connecting$"), lambda m: _tr("connecting")),
    (re.compile(r"^no connection$"), lambda m: _tr("no connection")),
    (re.compile(r"^checking printers$"), lambda m: _tr("checking printers")),
    (re.compile(r"^no equipment connections$"), lambda m: _tr("no equipment connections")),
    (re.compile(r"^no history sinks$"), lambda m: _tr("no history sinks")),
    (re.compile(r"^no printer configured$"), lambda m: _tr("no printer configured")),
    (re.compile(r"^disabled in the config$"), lambda m: _tr("disabled in the config")),
    (re.compile(r"^cannot start$"), lambda m: _tr("cannot start")),
    (re.compile(r"^not started$"), lambda m: _tr("not started")),
    (re.compile(r"^starting$"), lambda m: _tr("starting")),
    (re.compile(r"^(\d+) connected$"), lambda m: _tr("%n connected", int(m[1]))),
    (re.compile(r"^(\d+) of (\d+) connected$"),
     lambda m: _tr("%1 of %2 connected").replace("%1", m[1]).replace("%2", m[2])),
    (re.compile(r"^(\d+) printers? ready$"), lambda m: _tr("%n printer(s) ready", int(m[1]))),
    (re.compile(r"^(\d+) waiting$"), lambda m: _tr("%n waiting", int(m[1]))),
    (re.compile(r"^(\d+) waiting, (\d+) quarantined$"),
     lambda m: _tr("%n waiting", int(m[1])) + ", " + _tr("%n quarantined", int(m[2]))),
    (re.compile(r"^new work orders: (.+)$"), lambda m: _tr("new work orders: %1").replace("%1", m[1])),
    (re.compile(r"^needs configuration$"), lambda m: _tr("needs configuration")),
    # The store (hmi.store.writer.describe_failure) and the MES connector's own words
    (re.compile(r"^records are saved$"), lambda m: _tr("records are saved")),
    (re.compile(r"^the station's disk is full: records are not being saved; call maintenance$"),
     lambda m: _tr("the station's disk is full: records are not being saved; call maintenance")),
    (re.compile(r"^a record could not be saved \((.+)\)$"),
     lambda m: _tr("a record could not be saved (%1)").replace("%1", m[1])),
    (re.compile(r"^cannot reach the MES at (\S+?): .*$", re.S),
     lambda m: _tr("cannot reach the MES at %1").replace("%1", m[1])),
    # A tag's address that the config cannot bind (hmi.equipment.service.tag_binding), as the service keeps it
    (re.compile(r"^(tags\.[^\s:]+): (.+)$", re.S), lambda m: f"{m[1]}: {summary_text(m[2])}"),
    (re.compile(r"^no connection named '([^']+)' \(known: none configured\)$"),
     lambda m: _tr("no connection named %1 in the config (none configured)").replace("%1", m[1])),
    (re.compile(r"^no connection named '([^']+)' \(known: (.+)\)$"),
     lambda m: _tr("no connection named %1 in the config (known: %2)").replace("%1", m[1]).replace("%2", m[2])),
    (re.compile(r"^scheme '([^']+)' does not match connection '([^']+)' \(driver '([^']+)'\)$"),
     lambda m: _tr("address scheme %1 does not match connection %2 (driver %3)")
     .replace("%1", m[1]).replace("%2", m[2]).replace("%3", m[3])),
    (re.compile(r"^master data not fetched: (.+)$"),
     lambda m: _tr("master data not fetched: %1").replace("%1", summary_text(m[1]))),
    # The history upload (hmi.historian.upload_service): one part per sink, by its name from station.toml
    (re.compile(r"^([A-Za-z0-9._-]+): (\d+) rows waiting$"),
     lambda m: _tr("%1: %n row(s) waiting", int(m[2])).replace("%1", m[1])),
    (re.compile(r"^([A-Za-z0-9._-]+): up to date$"), lambda m: _tr("%1: up to date").replace("%1", m[1])),
    (re.compile(r"^([A-Za-z0-9._-]+): (connecting|reconnecting|restarting|needs configuration|cannot start)$"),
     lambda m: f"{m[1]}: {_tr(m[2])}"),
    (re.compile(r"^(\d+) rows deleted before upload \(disk limit\)$"),
     lambda m: _tr("%n row(s) deleted before upload (disk limit)", int(m[1]))),
]


def summary_text(summary: str) -> str:
    """``summary`` with every known part translated."""
    out: list[str] = []
    for part in summary.split(" · "):
        for pattern, translate in _PARTS:
            match = pattern.match(part)
            if match:
                out.append(translate(match))
                break
        else:
            out.append(part)
    return " · ".join(out)


def health_text(health: Health) -> str:
    return {
        Health.OK: _tr("OK"),
        Health.CONNECTING: _tr("connecting"),
        Health.DEGRADED: _tr("check"),
        Health.FAILED: _tr("failed"),
        Health.DISABLED: _tr("off"),
    }[health]


# lupdate reads these literal calls; the helpers above pass the same texts at run time.
_LITERALS = (
    QCoreApplication.translate("StatusSummary", "not configured"),
    QCoreApplication.translate("StatusSummary", "online"),
    QCoreApplication.translate("StatusSummary", "offline"),
    QCoreApplication.translate("StatusSummary", "connecting"),
    QCoreApplication.translate("StatusSummary", "no connection"),
    QCoreApplication.translate("StatusSummary", "checking printers"),
    QCoreApplication.translate("StatusSummary", "no equipment connections"),
    QCoreApplication.translate("StatusSummary", "no history sinks"),
    QCoreApplication.translate("StatusSummary", "no printer configured"),
    QCoreApplication.translate("StatusSummary", "disabled in the config"),
    QCoreApplication.translate("StatusSummary", "cannot start"),
    QCoreApplication.translate("StatusSummary", "not started"),
    QCoreApplication.translate("StatusSummary", "starting"),
    QCoreApplication.translate("StatusSummary", "%n connected", "", 1),
    QCoreApplication.translate("StatusSummary", "%1 of %2 connected"),
    QCoreApplication.translate("StatusSummary", "%n printer(s) ready", "", 1),
    QCoreApplication.translate("StatusSummary", "%n waiting", "", 1),
    QCoreApplication.translate("StatusSummary", "%n quarantined", "", 1),
    QCoreApplication.translate("StatusSummary", "new work orders: %1"),
    QCoreApplication.translate("StatusSummary", "needs configuration"),
    QCoreApplication.translate("StatusSummary", "records are saved"),
    QCoreApplication.translate("StatusSummary", "the station's disk is full: records are not being saved; call maintenance"),
    QCoreApplication.translate("StatusSummary", "a record could not be saved (%1)"),
    QCoreApplication.translate("StatusSummary", "cannot reach the MES at %1"),
    QCoreApplication.translate("StatusSummary", "no connection named %1 in the config (none configured)"),
    QCoreApplication.translate("StatusSummary", "no connection named %1 in the config (known: %2)"),
    QCoreApplication.translate("StatusSummary", "address scheme %1 does not match connection %2 (driver %3)"),
    QCoreApplication.translate("StatusSummary", "master data not fetched: %1"),
    QCoreApplication.translate("StatusSummary", "%1: %n row(s) waiting", "", 1),
    QCoreApplication.translate("StatusSummary", "%1: up to date"),
    QCoreApplication.translate("StatusSummary", "reconnecting"),
    QCoreApplication.translate("StatusSummary", "restarting"),
    QCoreApplication.translate("StatusSummary", "%n row(s) deleted before upload (disk limit)", "", 1),
    QCoreApplication.translate("StatusSummary", "OK"),
    QCoreApplication.translate("StatusSummary", "check"),
    QCoreApplication.translate("StatusSummary", "failed"),
    QCoreApplication.translate("StatusSummary", "off"),
)
