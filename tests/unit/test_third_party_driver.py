"""A driver from another package, registered only by its entry point, owns its address grammar.

``pulse://<connection>/<name>?start=5&step=2``: the options are the driver's (``tests/thirdparty/pulse.py``);
the core only finds the driver by the scheme. Before each driver owned its grammar, only ``modbus://``
addresses could carry options: these stayed in the path, and the driver never saw them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from hmi import plugin_registry
from hmi.station import Station
from hmi.tags import Quality
from hmi.tags.address import AddressError, parse_address
from tests.conftest import station_config
from tests.equipment_support import until


def _forget_entry_points() -> None:
    plugin_registry._all_entry_points.cache_clear()
    plugin_registry._entry_points.cache_clear()


@pytest.fixture
def pulse_installed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """The driver installed as a site's own package would be: a distribution with an entry point."""
    info = tmp_path / "site" / "pulse_driver-1.0.dist-info"
    info.mkdir(parents=True)
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: pulse-driver\nVersion: 1.0\n", encoding="utf-8")
    (info / "entry_points.txt").write_text("[hmi.equipment]\npulse = tests.thirdparty.pulse:PulseDriver\n",
                                           encoding="utf-8")
    monkeypatch.syspath_prepend(str(tmp_path / "site"))
    _forget_entry_points()
    yield
    _forget_entry_points()   # read again, without it, once sys.path is back


@pytest.mark.usefixtures("pulse_installed")
def test_the_driver_parses_and_checks_the_options_of_its_addresses() -> None:
    address = parse_address("pulse://gen/count?start=5&step=2")
    assert (address.scheme, address.connection, address.path) == ("pulse", "gen", "count")
    assert address.options == {"start": "5", "step": "2"}
    with pytest.raises(AddressError, match=r"unknown option\(s\) colour; known: start, step"):
        parse_address("pulse://gen/count?colour=red")
    with pytest.raises(AddressError, match="step must be a whole number"):
        parse_address("pulse://gen/count?step=fast")


@pytest.mark.usefixtures("pulse_installed")
async def test_a_station_runs_the_driver_with_its_options_and_names_a_bad_address(
        make_station: Callable[..., Station]) -> None:
    config = station_config(
        connections={"gen": {"driver": "pulse", "period_s": 0.02}},
        tags={"count": {"address": "pulse://gen/count?start=5&step=2", "data_type": "int32"},
              "wrong": {"address": "pulse://gen/count?colour=red", "data_type": "int32"}},
        alarms={}, production={}, spc={}, history={}, mes=None)
    station = make_station(config)
    await station.start()
    try:
        def counted() -> bool:
            sample = station.equipment.latest("count")
            return sample is not None and sample.quality is Quality.GOOD and isinstance(sample.value, int) \
                and sample.value > 5
        await until(counted, within=20.0)
        value = station.equipment.latest("count").value   # type: ignore[union-attr]
        assert isinstance(value, int) and (value - 5) % 2 == 0   # from 5, by 2: the options reached the driver
        error = station.equipment.tag_errors["wrong"]
        assert error.startswith("tags.wrong.address: ") and "known: start, step" in error
        assert station.equipment.latest("wrong").quality is Quality.BAD   # type: ignore[union-attr]
    finally:
        await station.stop()


@pytest.mark.usefixtures("pulse_installed")
def test_hmi_read_takes_the_drivers_options_and_asks_it_about_endpoints(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from hmi.cli.main import main

    config = tmp_path / "station.toml"
    config.write_text('[station]\nid = "T-1"\nname = "test"\n\n[paths]\ndata_dir = "data"\n\n'
                      '[connections.gen]\ndriver = "pulse"\n', encoding="utf-8")
    assert main(["read", "pulse://gen/count?start=3&step=0", "--config", str(config), "--json"]) == 0
    assert '"value": 3' in capsys.readouterr().out
    # No endpoint in the URL for a driver that does not say how to reach one (the core knows none).
    assert main(["read", "pulse://127.0.0.1:9/count"]) == 1
    assert "takes no endpoint in the URL" in capsys.readouterr().err


@pytest.mark.usefixtures("pulse_installed")
def test_check_config_names_the_file_the_key_and_what_the_driver_expected(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from hmi.cli.main import main

    config = tmp_path / "station.toml"
    config.write_text('[station]\nid = "T-1"\nname = "test"\n\n[connections.gen]\ndriver = "pulse"\n\n'
                      '[tags.count]\naddress = "pulse://gen/count?start=5"\n\n'
                      '[tags.wrong]\naddress = "pulse://gen/count?colour=red"\n\n'
                      '[tags.lost]\naddress = "pulse://elsewhere/count"\n', encoding="utf-8")
    assert main(["check-config", str(config)]) == 2
    err = capsys.readouterr().err
    assert f"{config}: tags.wrong.address: 'pulse://gen/count?colour=red': unknown option(s) colour; " \
           "known: start, step" in err
    assert f"{config}: tags.lost.address: no connection named 'elsewhere' (known: gen)" in err
    assert "tags.count" not in err
