"""Languages: Qt's translators (.ts sources, .qm built by `make translations`), switchable at runtime."""

from __future__ import annotations

import logging
import shutil
import subprocess
import tempfile
from importlib.resources import files
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLocale, QObject, QTranslator, Signal
from PySide6.QtGui import QFont, QFontDatabase

log = logging.getLogger(__name__)

LANGUAGES = {"en": "English", "ko": "한국어"}
_CJK_FAMILIES = ("Noto Sans CJK KR", "Noto Sans KR", "NanumGothic", "Malgun Gothic", "Apple SD Gothic Neo")
_LATIN_FAMILIES = ("Noto Sans", "DejaVu Sans", "Liberation Sans")


def translations_dir() -> Path:
    return Path(str(files("resources") / "translations"))


def qm_file(locale: str) -> Path | None:
    """The compiled translation; built from the .ts on the fly if the build step did not run."""
    folder = translations_dir()
    qm = folder / f"station_{locale}.qm"
    ts = folder / f"station_{locale}.ts"
    if qm.exists() and (not ts.exists() or qm.stat().st_mtime >= ts.stat().st_mtime):
        return qm
    if not ts.exists():
        return None
    lrelease = shutil.which("pyside6-lrelease")
    if lrelease is None:
        return qm if qm.exists() else None
    target = Path(tempfile.gettempdir()) / f"station-hmi-{locale}.qm"
    result = subprocess.run([lrelease, "-silent", str(ts), "-qm", str(target)], capture_output=True, check=False)
    if result.returncode != 0:
        log.warning("could not compile %s: %s", ts, result.stderr.decode(errors="replace"))
        return qm if qm.exists() else None
    return target


def ui_font(locale: str, *, point_size: int = 12) -> QFont:
    """A font that renders the language: Hangul needs a CJK family; Latin text looks the same in it."""
    families = set(QFontDatabase.families())
    preferred = (*_CJK_FAMILIES, *_LATIN_FAMILIES) if locale == "ko" else (*_LATIN_FAMILIES, *_CJK_FAMILIES)
    font = QFont()
    chosen = [name for name in preferred if name in families]
    if chosen:
        font.setFamilies(chosen)
    font.setPointSize(point_size)
    return font


class LanguageManager(QObject):
    """Installs the translator for the chosen language; widgets retranslate on LanguageChange."""

    changed = Signal(str)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._translator: QTranslator | None = None
        self.locale = "en"
        app = QCoreApplication.instance()
        if app is not None:
            self._install(app, "en")   # "1 part", not "1 part(s)", before any language is chosen

    def _install(self, app: QCoreApplication, locale: str) -> None:
        """The language's translator; English has one too: its .qm holds the plural forms of the %n texts."""
        if self._translator is not None:
            app.removeTranslator(self._translator)
            self._translator = None
        path = qm_file(locale)
        translator = QTranslator(self)
        if path is not None and translator.load(str(path)):
            app.installTranslator(translator)
            self._translator = translator
        else:
            log.warning("no translation for %s; showing the source texts", locale)

    def set_language(self, locale: str) -> None:
        app = QCoreApplication.instance()
        if app is None:
            raise RuntimeError("no QApplication")
        self._install(app, locale)
        self.locale = locale
        QLocale.setDefault(QLocale(QLocale.Language.Korean if locale == "ko" else QLocale.Language.English))
        if hasattr(app, "setFont"):
            app.setFont(ui_font(locale))
        self.changed.emit(locale)
