"""The bundled binary, unpacked from the .deb, runs with no Python around it: version, config, plugins, login."""

from __future__ import annotations

import hashlib
import json
import secrets
import sqlite3
import subprocess
from importlib import metadata
from pathlib import Path

import pytest

from hmi import __version__, plugin_registry
from hmi.auth import Role
from hmi.auth.users import add_user
from hmi.store import Store
from hmi.store.migrator import load_migrations
from tests.packaging.conftest import Package

# The first test builds the bundle (PyInstaller, minutes; 5+ on a loaded 2-core machine).
pytestmark = [pytest.mark.packaging, pytest.mark.slow, pytest.mark.timeout(1500)]

PACKAGED_CONFIG = Path("etc/station-hmi/station.toml")


def test_version_is_the_projects(package: Package, tmp_path: Path) -> None:
    result = package.run(["--version"], tmp=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == f"station-hmi {__version__}"


def test_runs_through_a_symlink_like_usr_bin_station_hmi(package: Package, tmp_path: Path) -> None:
    link = tmp_path / "station-hmi"
    link.symlink_to(package.binary)
    result = subprocess.run([str(link), "--version"], capture_output=True, text=True, cwd=tmp_path,
                            env={"PATH": "/usr/bin:/bin", "HOME": str(tmp_path)})
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == f"station-hmi {__version__}"


def test_packaged_config_passes_check_config_and_keeps_records_in_var_lib(package: Package, tmp_path: Path) -> None:
    config = package.root / PACKAGED_CONFIG
    result = package.run(["check-config", str(config)], tmp=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "OK — station PKG-01 (Packaging test station)" in result.stdout
    assert 'data_dir = "/var/lib/station-hmi"' in config.read_text(encoding="utf-8")


def test_bad_config_is_reported_like_the_source_install(package: Package, tmp_path: Path) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text('[station]\nid = "X"\nname = "X"\nline = "L"\narea = "A"\nlocale = "en"\ncolour = 3\n')
    result = package.run(["check-config", str(bad)], tmp=tmp_path)
    assert result.returncode == 2
    assert "problem" in result.stderr and "colour" in result.stderr
    assert "Traceback" not in result.stderr


def test_plugin_groups_match_the_source_install(package: Package, tmp_path: Path) -> None:
    """Entry points come from the shipped dist-info: whatever is registered in source must be there too."""
    result = package.run(["plugins", "--load"], tmp=tmp_path)  # --load: their modules were bundled too
    assert result.returncode == 0, result.stderr
    expected = [f"{group}: {' '.join(plugin_registry.available(group)) or '-'}" for group in plugin_registry.GROUPS]
    assert result.stdout.splitlines() == expected


def test_offscreen_start_renders_the_login_and_exits_cleanly(package: Package, tmp_path: Path) -> None:
    config = str(package.root / PACKAGED_CONFIG)
    data = tmp_path / "data"
    added = package.run(["users", "add", "1001", "--name", "Kim", "--role", "admin", "--pin-stdin",
                         "--config", config, "--data-dir", str(data)], tmp=tmp_path, stdin="2468\n")
    assert added.returncode == 0, added.stderr
    png = tmp_path / "login.png"
    # As the kiosk unit starts it (full screen, on-screen keyboard on), offscreen.
    started = package.run(["run", "--kiosk", "--config", config, "--data-dir", str(data), "--smoke", "--smoke-png",
                           str(png)], tmp=tmp_path)
    assert started.returncode == 0, started.stdout + started.stderr
    assert "hmi: ready: LoginScreen shown" in started.stdout
    assert "Traceback" not in started.stderr
    _assert_painted(png)


def test_first_start_creates_the_database(package: Package, tmp_path: Path) -> None:
    png = tmp_path / "first.png"
    started = package.run(["run", "--config", str(package.root / PACKAGED_CONFIG), "--data-dir",
                           str(tmp_path / "data"), "--smoke", "--smoke-png", str(png)], tmp=tmp_path)
    assert started.returncode == 0, started.stdout + started.stderr
    assert "hmi: ready:" in started.stdout
    assert (tmp_path / "data" / "station.db").exists()


def test_database_from_a_newer_release_is_refused_and_left_untouched(package: Package, tmp_path: Path) -> None:
    data = tmp_path / "data"
    with Store(path=data / "station.db"):
        pass
    with sqlite3.connect(data / "station.db") as conn:
        conn.execute("PRAGMA user_version = 999")
    conn.close()
    before = hashlib.sha256((data / "station.db").read_bytes()).hexdigest()
    started = package.run(["run", "--config", str(package.root / PACKAGED_CONFIG), "--data-dir", str(data),
                           "--smoke", "--smoke-png", str(tmp_path / "never.png")], tmp=tmp_path)
    assert started.returncode == 2
    assert "has schema version 999" in started.stderr and "the file was not changed" in started.stderr
    assert not (tmp_path / "never.png").exists()
    assert hashlib.sha256((data / "station.db").read_bytes()).hexdigest() == before


async def test_upgrade_start_migrates_an_older_database_and_keeps_its_records(package: Package,
                                                                            tmp_path: Path) -> None:
    """What an upgrade does on the station: the new bundle opens the old records, migrates them, keeps them."""
    data = tmp_path / "data"
    migrations = load_migrations()
    store = Store(path=data / "station.db", migrations=migrations[:1]).open()
    try:
        await store.write(lambda db: add_user(
            db, username="1001", display_name="Kim", role=Role.ADMIN, pin="2468", badge=None, min_pin_length=4,
            ts=1_700_000_000.0, station="PKG-01", actor="older release"))
    finally:
        store.close()
    # An older release had no audit key: the package's postinst writes one, with no keyed_from yet.
    (data / "audit.key").write_text(json.dumps({"key": secrets.token_hex(32)}), encoding="utf-8")
    config = str(package.root / PACKAGED_CONFIG)
    started = package.run(["run", "--config", config, "--data-dir", str(data), "--smoke"], tmp=tmp_path)
    assert started.returncode == 0, started.stdout + started.stderr
    assert "hmi: ready: LoginScreen" in started.stdout
    with sqlite3.connect(data / "station.db") as conn:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == migrations[-1].version
    conn.close()
    listed = package.run(["users", "list", "--config", config, "--data-dir", str(data)], tmp=tmp_path)
    assert listed.returncode == 0 and "1001" in listed.stdout, listed.stderr


def test_bundle_carries_qt_plugins_translations_and_resources(package: Package) -> None:
    internal = package.root / "opt" / "station-hmi" / "_internal"
    qt = internal / "PySide6" / "Qt"
    for plugin in ("platforms/libqxcb.so", "platforms/libqoffscreen.so", "platforms/libqwayland.so",
                   "imageformats/libqsvg.so", "imageformats/libqpdf.so",
                   "platforminputcontexts/libqtvirtualkeyboardplugin.so"):
        assert (qt / "plugins" / plugin).is_file(), plugin
    assert (qt / "translations" / "qtbase_ko.qm").is_file()
    assert not list(qt.glob("translations/qtbase_de.qm")), "only the station's languages are shipped"
    assert not list(internal.glob("libQt6WebEngine*")), "WebEngine is not used by the station"
    for data in ("resources/theme/station.qss", "resources/translations/station_ko.qm",
                 "resources/demo/station.toml", "hmi/store/migrations/0001_core.sql"):
        assert (internal / data).is_file(), data
    shipped = [*internal.glob("station_hmi-*.dist-info/entry_points.txt"),
               *internal.glob("station_hmi.egg-info/entry_points.txt")]
    assert len(shipped) == 1, "the project's entry points (its plugins) must ship, once"
    assert shipped[0].read_text() == (metadata.distribution("station-hmi").read_text("entry_points.txt") or "")


def test_virtual_keyboard_qml_ships_with_hangul_and_its_libraries_resolve(package: Package) -> None:
    """The kiosk's on-screen keyboard is QML loaded at run time: its modules and their libraries must be there."""
    internal = package.root / "opt" / "station-hmi" / "_internal"
    qml = internal / "PySide6" / "Qt" / "qml"
    for module in ("QtQuick", "QtQuick/Window", "QtQuick/Layouts", "QtQml", "QtQml/Models", "QtQml/WorkerScript",
                   "Qt/labs/folderlistmodel", "QtQuick/VirtualKeyboard", "QtQuick/VirtualKeyboard/Components",
                   "QtQuick/VirtualKeyboard/Plugins/Hangul", "QtQuick/VirtualKeyboard/Styles/Builtin"):
        assert (qml / module / "qmldir").is_file(), module
    plugins = list(qml.rglob("*.so"))
    assert len(plugins) >= 10
    unresolved = set()
    for plugin in plugins:
        ldd = subprocess.run(["ldd", str(plugin)], capture_output=True, text=True, env={"LD_LIBRARY_PATH": str(internal)})
        unresolved |= {f"{plugin.name}: {line.split()[0]}" for line in ldd.stdout.splitlines() if "not found" in line}
    assert not unresolved


def _assert_painted(png: Path) -> None:
    """A real picture of a window, not an empty or one-colour image."""
    from PySide6.QtGui import QImage

    image = QImage(str(png))
    assert not image.isNull() and image.width() >= 800 and image.height() >= 600
    colours = {image.pixel(x, y) for x in range(0, image.width(), 16) for y in range(0, image.height(), 16)}
    assert len(colours) > 3, "the login screen was not painted"
