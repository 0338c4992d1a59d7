"""Korean texts of the shell's screens need no "이(가)/을(를)" particles after a variable.

Such a pair reads as a form, not a sentence: the Korean is written so that no particle follows a
value (or the particle is chosen in code from the final consonant).
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from pathlib import Path

TS = Path(__file__).resolve().parents[2] / "resources" / "translations" / "station_ko.ts"
# The contexts of the shell's screens and widgets, and the alarm refusals its alarm list shows.
SHELL_CONTEXTS = {"MainWindow", "HeaderBar", "LoginScreen", "OverviewScreen", "SystemScreen", "SyncScreen",
                  "AlarmBanner", "AlarmsScreen", "AlarmJournalScreen", "AlarmPerformanceScreen", "AlarmTableModel",
                  "AlarmLook", "StatusChip", "StatusSummary", "Navigation", "Toast", "ConfirmBar"}
_PAIRED = re.compile(r"\((?:가|를|는|과|으로|이)\)")


def test_no_paired_particles_in_the_shells_korean() -> None:
    root = ET.parse(TS).getroot()
    found = []
    for context in root.iter("context"):
        name = context.findtext("name") or ""
        for message in context.iter("message"):
            source = message.findtext("source") or ""
            translation = message.find("translation")
            texts = [translation.text or ""] if translation is not None else []
            texts += [form.text or "" for form in (translation.iter("numerusform") if translation is not None else [])]
            alarm_refusal = name == "Refusal" and "alarm" in source
            if (name in SHELL_CONTEXTS or alarm_refusal) and any(_PAIRED.search(t) for t in texts):
                found.append(f"{name}: {source!r} -> {texts}")
    assert not found, "\n".join(found)
