"""Korean is complete: every text the screens translate has a Korean translation, and lupdate sees them all."""

from __future__ import annotations

import ast
import re
import xml.etree.ElementTree as ET

from tests.conftest import REPO

TS = REPO / "resources" / "translations" / "station_ko.ts"
# lupdate cannot read tr() calls inside f-strings: such a text would silently stay English.
TR_IN_FSTRING = re.compile(r"""\bf(["']).*?\{[^}]*\btr\(""")


def test_no_tr_call_inside_an_f_string() -> None:
    offenders = []
    for path in sorted((REPO / "screens").rglob("*.py")):
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            if TR_IN_FSTRING.search(line):
                offenders.append(f"{path.relative_to(REPO)}:{number}")
    assert not offenders, "translate first, then format: " + ", ".join(offenders)


def test_every_text_has_a_korean_translation() -> None:
    root = ET.parse(TS).getroot()
    untranslated = []
    for context in root.iter("context"):
        for message in context.iter("message"):
            translation = message.find("translation")
            assert translation is not None
            text = (translation.text or "") + "".join(n.text or "" for n in translation)
            if translation.get("type") == "unfinished" or not text.strip():
                untranslated.append(f"{context.findtext('name')}: {message.findtext('source')!r}")
    assert not untranslated, "fill these in resources/translations/station_ko.ts: " + "; ".join(untranslated)


def test_korean_translations_contain_hangul() -> None:
    root = ET.parse(TS).getroot()
    hangul = re.compile(r"[\uac00-\ud7a3]")
    texts = [m.find("translation") for m in root.iter("message")]
    with_hangul = [t for t in texts if t is not None and hangul.search((t.text or "") + "".join(n.text or "" for n in t))]
    assert len(with_hangul) >= 0.8 * len(texts)


def test_translation_sources_are_current() -> None:
    """Every tr() text in the screens is in the .ts (run `make translations-update` when this fails).

    Read with ``ast``, so a text written as adjacent literals is one text, as lupdate reads it."""
    sources = {m.findtext("source") for m in ET.parse(TS).getroot().iter("message")}
    missing = []
    for path in sorted((REPO / "screens").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute | ast.Name)
                    and (node.func.attr if isinstance(node.func, ast.Attribute) else node.func.id) == "tr"
                    and node.args and isinstance(node.args[0], ast.Constant) and isinstance(node.args[0].value, str)
                    and node.args[0].value not in sources):
                missing.append(f"{path.name}:{node.lineno}: {node.args[0].value!r}")
    assert not missing, "run `make translations-update` and translate: " + "; ".join(missing)
