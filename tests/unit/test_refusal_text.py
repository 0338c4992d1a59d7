"""Refusals from the core can be shown in Korean: every template the core raises is catalogued and translated."""

from __future__ import annotations

import pickle
import string
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from hmi.alarms.definitions import AlarmKind
from hmi.auth.permissions import Permission, PermissionDenied, Role
from hmi.auth.service import LoginFailed
from hmi.labels.queue import JobState
from hmi.production.records import LotStatus, ProductionError
from hmi.refusal import Refusal
from screens.refusal_text import TEMPLATES, WORDS
from tests.conftest import REPO
from tests.refusal_sources import raised_templates

TS = REPO / "resources" / "translations" / "station_ko.ts"


def _ts_context(name: str) -> dict[str, str]:
    root = ET.parse(TS).getroot()
    for context in root.iter("context"):
        if context.findtext("name") == name:
            return {m.findtext("source") or "": (m.findtext("translation") or "") for m in context.iter("message")}
    return {}


def _fields(template: str) -> set[tuple[str, str, str]]:
    return {(name, conversion or "", spec or "") for _, name, spec, conversion in string.Formatter().parse(template)
            if name is not None}


def test_every_refusal_in_the_core_passes_a_literal_template() -> None:
    """An f-string would bake the values into the text, and no screen could translate it."""
    sites = raised_templates()
    assert len(sites) > 50                         # the walk found the raise sites at all
    not_literal = [site.where for site in sites if site.template is None]
    assert not not_literal, "pass a template and named values, not a formatted text: " + ", ".join(not_literal)


def test_every_template_the_core_raises_is_in_the_screens_catalogue() -> None:
    raised = {site.template: site.where for site in raised_templates() if site.template is not None}
    missing = [f"{where}: {template!r}" for template, where in raised.items() if template not in TEMPLATES]
    assert not missing, "add to screens/refusal_text.py, then `make translations-update`: " + "; ".join(missing)
    stale = TEMPLATES - raised.keys()
    assert not stale, f"no longer raised anywhere; remove from screens/refusal_text.py: {sorted(stale)}"


def test_the_walk_notices_an_f_string_refusal(tmp_path: Path) -> None:
    """The checks above can fail: an f-string is reported; a class that picks its own template is not."""
    (tmp_path / "module.py").write_text(
        "def f(lot, p, r):\n"
        "    raise ProductionError(f'no lot {lot}')\n"
        "def g(lot):\n"
        "    raise records.ProductionError('no lot {lot_no!r}', lot_no=lot)\n"
        "def h(p, r):\n"
        "    raise PermissionDenied(p, r)\n", encoding="utf-8")
    sites = sorted(raised_templates(tmp_path), key=lambda site: site.where)
    assert [(site.template, site.where.rsplit(":", 1)[1]) for site in sites] == [
        (None, "2"), ("no lot {lot_no!r}", "4")]


def test_every_catalogued_template_has_korean_with_the_same_values() -> None:
    korean = _ts_context("Refusal")
    wrong = []
    for template in sorted(TEMPLATES):
        translation = korean.get(template, "")
        if not translation.strip():
            wrong.append(f"untranslated: {template!r}")
        elif _fields(translation) != _fields(template):
            wrong.append(f"different values: {template!r} -> {translation!r}")
    assert not wrong, "; ".join(wrong)


def test_every_word_a_refusal_may_name_has_korean() -> None:
    words = _ts_context("RefusalWord")
    enums = [*Role, *Permission, *LotStatus, *JobState, *AlarmKind]
    missing_in_catalogue = [member.value for member in enums if member.value not in WORDS]
    assert not missing_in_catalogue, f"add to WORDS in screens/refusal_text.py: {missing_in_catalogue}"
    untranslated = [word for word in WORDS if not words.get(word, "").strip()]
    assert not untranslated, f"translate in the RefusalWord context: {untranslated}"


def test_the_english_text_stays_as_it_was() -> None:
    assert str(PermissionDenied(Permission.WRITE_TAG, Role.OPERATOR)) == \
        "the operator role may not do this (equipment.write)"
    assert str(PermissionDenied(Permission.START_LOT, None)) == "nobody logged in may not do this (lot.start)"
    assert str(ProductionError("lot {lot_no} is still {status}; finish it", lot_no="L-7", status=LotStatus.PAUSED)) \
        == "lot L-7 is still paused; finish it"
    assert str(ProductionError("{field} contains a control character (U+{code:04X})", field="Note", code=7)) \
        == "Note contains a control character (U+0007)"


@pytest.mark.parametrize("refusal", [
    PermissionDenied(Permission.ABORT_LOT, Role.INSPECTOR),
    LoginFailed("Too many wrong PINs. This user is locked for {seconds} s.", locked_for_s=30.0, seconds=30),
    ProductionError("no lot {lot_no!r}", lot_no="L-1"),
])
def test_a_refusal_survives_a_copy(refusal: Refusal) -> None:
    copy = pickle.loads(pickle.dumps(refusal))
    assert type(copy) is type(refusal)
    assert (str(copy), copy.template, copy.params) == (str(refusal), refusal.template, refusal.params)
    assert copy.__dict__ == refusal.__dict__
