"""[[history.sinks]]: each sink's keys are checked by its plugin's model, with file, key and what was expected."""

from __future__ import annotations

from pathlib import Path

from hmi.config import load_config
from hmi.plugin_registry import available, plugin_config_model
from tests.config_support import config_problems

STATION = '[station]\nid = "S1"\nname = "Station 1"\n'
SINK = '[[history.sinks]]\nname = "central"\ndriver = "postgres"\nhost = "db.plant"\npassword_file = "pg.pw"\n'


def test_a_postgres_sink_loads_with_verified_tls_by_default(tmp_path: Path) -> None:
    path = tmp_path / "station.toml"
    path.write_text(STATION + SINK, encoding="utf-8")
    config = load_config(path)
    [sink] = config.history.enabled_sinks()
    assert (sink.name, sink.driver) == ("central", "postgres")
    options = plugin_config_model("hmi.history_sinks", "postgres").model_validate(sink.options())  # type: ignore[union-attr]
    assert options.sslmode == "verify-full" and options.warnings() == []


def test_the_sink_plugin_is_registered_as_an_entry_point() -> None:
    assert "postgres" in available("hmi.history_sinks")
    assert "postgres" in available("hmi.history_sinks.options")


def test_a_misspelt_sink_key_names_the_sink_and_the_key(tmp_path: Path) -> None:
    problems = config_problems(tmp_path, STATION + SINK + 'prot = 5433\n')
    assert problems == ["history.sinks.0.prot: unknown key (check the spelling; unknown keys are not ignored)"]


def test_a_wrong_kind_says_what_was_expected(tmp_path: Path) -> None:
    problems = config_problems(tmp_path, STATION + SINK.replace('host = "db.plant"', 'host = "db"\nport = "5432"'))
    assert problems == ["history.sinks.0.port: expected a whole number; got '5432' (str)"]


def test_an_unknown_sink_driver_names_the_installed_ones(tmp_path: Path) -> None:
    problems = config_problems(tmp_path, STATION + SINK.replace('"postgres"', '"influx"'))
    assert len(problems) == 1 and problems[0].startswith("history.sinks.0.driver:") and "postgres" in problems[0]


def test_two_sinks_may_not_share_a_name(tmp_path: Path) -> None:
    problems = config_problems(tmp_path, STATION + SINK + SINK)
    assert problems == ["history: sink names must differ (each keys its own cursors): central used twice"]


def test_turning_tls_off_is_said(tmp_path: Path) -> None:
    from plugins.history.options import PostgresOptions

    warnings = PostgresOptions.model_validate({"host": "db", "sslmode": "disable"}).warnings()
    assert len(warnings) == 1 and "not checked" in warnings[0]
