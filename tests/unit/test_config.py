"""station.toml: the demo loads; each kind of mistake gets its own message naming the key."""

from __future__ import annotations

from pathlib import Path

import pytest

from hmi.config import ConfigError, load_config
from tests.config_support import config_problems
from tests.conftest import DEMO_CONFIG

GOOD_STATION = '[station]\nid = "S1"\nname = "Station 1"\n'


def test_the_demo_config_loads() -> None:
    config = load_config(DEMO_CONFIG)
    assert config.station.id
    assert config.source == DEMO_CONFIG


def test_wrong_type_names_the_key_and_the_expected_kind(tmp_path: Path) -> None:
    problems = config_problems(tmp_path, GOOD_STATION + '[security]\nidle_logout_s = "five minutes"\n')
    assert problems == ["security.idle_logout_s: expected a number; got 'five minutes' (str)"]


def test_unknown_key_is_an_error_not_ignored(tmp_path: Path) -> None:
    problems = config_problems(tmp_path, GOOD_STATION + 'idle_logut_s = 30\n')
    assert problems == ["station.idle_logut_s: unknown key (check the spelling; unknown keys are not ignored)"]


def test_equipment_has_korean_names_where_the_config_gives_them() -> None:
    config = load_config(DEMO_CONFIG)
    assert config.equipment.display_name("Rectifier", korean=True) == "정류기"
    assert config.equipment.display_name("Rectifier", korean=False) == "Rectifier"
    assert config.equipment.display_name("Unnamed", korean=True) == "Unnamed"


def test_missing_required_key(tmp_path: Path) -> None:
    problems = config_problems(tmp_path, '[station]\nid = "S1"\n')
    assert problems == ["station.name: required key is missing"]


def test_bad_enum_lists_the_choices(tmp_path: Path) -> None:
    problems = config_problems(tmp_path, GOOD_STATION + 'locale = "fr"\n')
    assert problems == ["station.locale: expected one of 'en' or 'ko'; got 'fr'"]


def test_every_problem_is_reported_at_once(tmp_path: Path) -> None:
    problems = config_problems(tmp_path, '[station]\nid = "has space"\nlocale = "de"\n[ui]\nkiosk = "yes"\n')
    keys = sorted(p.split(":")[0] for p in problems)
    assert keys == ["station.id", "station.locale", "station.name", "ui.kiosk"]


def test_unknown_driver_is_named(tmp_path: Path) -> None:
    problems = config_problems(tmp_path, GOOD_STATION + '[connections.press1]\ndriver = "opcuaa"\n')
    assert len(problems) == 1 and problems[0].startswith("connections.press1.driver: no equipment driver named 'opcuaa'")


def test_broken_toml_gives_the_line(tmp_path: Path) -> None:
    problems = config_problems(tmp_path, GOOD_STATION + "[security\n")
    assert problems and "not valid TOML" in problems[0] and "line 4" in problems[0]


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="file not found"):
        load_config(tmp_path / "nope.toml")


def test_bad_number_format_is_explained(tmp_path: Path) -> None:
    problems = config_problems(tmp_path, GOOD_STATION + '[tags.T1]\naddress = "modbus://plc/hr/1"\nformat = "{:.2q}"\n')
    assert problems[0].startswith("tags.T1.format: not a usable number format")


def test_relative_data_dir_is_relative_to_the_config(tmp_path: Path) -> None:
    path = tmp_path / "conf" / "station.toml"
    path.parent.mkdir()
    path.write_text(GOOD_STATION + '[paths]\ndata_dir = "../data"\n', encoding="utf-8")
    assert load_config(path).data_dir() == tmp_path / "conf" / ".." / "data"


def test_a_key_with_a_control_character_is_named_quoted_on_one_line(tmp_path: Path) -> None:
    # A stray carriage return as a key (the config fuzz found it) broke `hmi check-config`'s one line per problem.
    problems = config_problems(tmp_path, GOOD_STATION + '[security]\n"idle\\r" = 30\n')
    assert problems == ["security.'idle\\r': unknown key (check the spelling; unknown keys are not ignored)"], problems
