"""OPC-UA security against a real asyncua server: every policy and mode, user name and password
(also from a file), an untrusted server certificate refused with the clear message."""

from __future__ import annotations

import asyncio
import logging
import shutil
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from hmi.config import ConfigError, DataType
from hmi.equipment.certs import create_certificate
from hmi.equipment.driver import TagBinding
from hmi.station import Station
from hmi.status import Health
from hmi.tags import Quality
from hmi.tags.address import parse_address
from plugins.opcua.driver import OpcUaDriver, OpcUaOptions
from tests.equipment_support import Recorder, RecordingSink, ThreadedSimulator, config_for, good, until

pytestmark = [pytest.mark.integration, pytest.mark.slow]

USER, PASSWORD = "line-station", "anodize-42"


@dataclass(frozen=True)
class SecureServer:
    sim: ThreadedSimulator
    certificate: Path      # the station's, trusted by nobody in particular (the server accepts any)
    private_key: Path

    def secure(self, policy: str, mode: str, **more: Any) -> dict[str, Any]:
        """A secure connection; without a trust_dir it trusts any server, as commissioning does."""
        return {"security_policy": policy, "security_mode": mode, "certificate": str(self.certificate),
                "private_key": str(self.private_key), "trust_any_server": "trust_dir" not in more, **more}


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SecureServer]:
    """One simulator for the module: a server certificate, every policy, and a required user."""
    folder = tmp_path_factory.mktemp("opcua-pki")
    server_pki = create_certificate(folder=folder / "server", application_uri="urn:station-hmi:simulator",
                                    common_name="simulator", server=True, name="server", host_name="localhost")
    station_pki = create_certificate(folder=folder / "own", application_uri="urn:station-hmi:client",
                                     common_name="ANO-01")
    sim = ThreadedSimulator(seed=3, certificate=str(server_pki.certificate), private_key=str(server_pki.private_key),
                            users={USER: PASSWORD})
    yield SecureServer(sim=sim, certificate=station_pki.certificate, private_key=station_pki.private_key)
    sim.close()


# Policies and modes ---------------------------------------------------------------------------------
@pytest.mark.parametrize(("policy", "mode"), [
    ("Basic256Sha256", "Sign"),
    ("Aes128_Sha256_RsaOaep", "SignAndEncrypt"),
    ("Aes256_Sha256_RsaPss", "SignAndEncrypt"),
    ("Aes128_Sha256_RsaOaep", "Sign"),
    ("Aes256_Sha256_RsaPss", "Sign"),
])
async def test_station_receives_good_values_with_each_security_policy(
        policy: str, mode: str, server: SecureServer, make_station: Callable[..., Station]) -> None:
    station = make_station(config_for(server.sim.sim, opcua=server.secure(policy, mode, username=USER,
                                                                          password=PASSWORD)))
    recorder = Recorder(station.bus)
    await station.equipment.start()
    try:
        temp = await recorder.wait_for(good("bath_temp"))
        state = station.equipment.connections["line_opcua"].value
    finally:
        await station.equipment.stop()
        recorder.unsubscribe()
    assert 15.0 < float(temp.value) < 25.0  # type: ignore[arg-type]
    assert state.health is Health.OK, state


# User name and password -----------------------------------------------------------------------------
async def test_wrong_password_fails_the_connection_clearly_and_tags_are_bad_never_good(
        server: SecureServer, make_station: Callable[..., Station], caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.WARNING, logger="plugins.opcua.driver")
    station = make_station(config_for(server.sim.sim, opcua={"username": USER, "password": "not-the-password"}))
    recorder = Recorder(station.bus)
    await station.equipment.start()
    try:
        connection = station.equipment.connections["line_opcua"]
        await until(lambda: connection.value.health is Health.FAILED, within=20.0)
        bad = await recorder.wait_for(lambda s: s.tag == "bath_temp" and s.quality is Quality.BAD)
        await asyncio.sleep(1.5)   # a retry or two (reconnect_max_s = 1): still refused, still running
        state = connection.value
    finally:
        await station.equipment.stop()
        recorder.unsubscribe()
    assert state.health is Health.FAILED
    error = state.last_error or ""
    assert "login refused" in error and "refused the user name or password" in error, error
    assert "BadUserAccessDenied" in error and repr(USER) in error and "line_opcua" in error, error
    assert "not-the-password" not in error                    # secrets never shown
    assert "refused the user name or password" in (bad.error or "")
    assert not any(s.quality is Quality.GOOD for s in recorder.of("bath_temp"))
    # Policy None with a password: warned once, without the password.
    plaintext = [r for r in caplog.records if "plain text" in r.getMessage()]
    assert len(plaintext) == 1 and "not-the-password" not in plaintext[0].getMessage()


async def test_password_file_is_read_at_each_connect(
        server: SecureServer, make_station: Callable[..., Station], tmp_path: Path) -> None:
    secret = tmp_path / "opcua-password"
    secret.write_text(PASSWORD + "\n", encoding="utf-8")     # an editor's trailing newline is not part of it
    station = make_station(config_for(server.sim.sim, opcua=server.secure(
        "Basic256Sha256", "SignAndEncrypt", username=USER, password_file=str(secret))))
    recorder = Recorder(station.bus)
    connection = station.equipment.connections
    await station.equipment.start()
    try:
        await recorder.wait_for(good("bath_temp"))
        # The password changes on the station but not yet on the server; the server restarts.
        secret.write_text("changed-too-early\n", encoding="utf-8")
        await server.sim.acall(server.sim.sim.stop_opcua)
        await server.sim.acall(server.sim.sim.start_opcua)
        mark = len(recorder.samples)
        await until(lambda: "login refused" in (connection["line_opcua"].value.last_error or ""), within=20.0)
        assert connection["line_opcua"].value.health is Health.FAILED
        assert f"password_file {secret}" in (connection["line_opcua"].value.last_error or "")
        await recorder.wait_for(lambda s: s.tag == "bath_temp" and s.quality is Quality.BAD)
        # Put right, the station connects again without a restart.
        secret.write_text(PASSWORD, encoding="utf-8")
        back = await recorder.wait_for(lambda s: s.tag == "bath_temp" and s.quality is Quality.GOOD
                                       and recorder.samples.index(s) >= mark)
        assert back.value is not None
    finally:
        await station.equipment.stop()
        recorder.unsubscribe()


async def test_anonymous_login_to_a_server_that_requires_a_user_says_so(server: SecureServer) -> None:
    sink = RecordingSink()
    options = OpcUaOptions(endpoint=server.sim.sim.opcua_endpoint, reconnect_min_s=0.2, reconnect_max_s=0.5)
    tag = TagBinding(name="bath_temp", interval_s=0.2, data_type=DataType.FLOAT64,
                     address=parse_address("opcua://x/nsu=urn:station-hmi:anodizing-line;s=Bath.Temperature"))
    driver = OpcUaDriver(connection="line", options=options, tags=[tag], sink=sink)
    await driver.start()
    try:
        await until(lambda: any(s.health is Health.FAILED for s in sink.states), within=20.0)
    finally:
        await driver.stop()
    error = next(s for s in sink.states if s.health is Health.FAILED).last_error or ""
    assert "BadIdentityTokenRejected" in error and "set username and password" in error, error
    assert not any(s.quality is Quality.GOOD for s in sink.samples)


def test_password_file_must_exist_and_not_come_with_a_password(tmp_path: Path, server: SecureServer) -> None:
    missing = tmp_path / "no-such-file"
    with pytest.raises(ConfigError) as caught:
        config_for(server.sim.sim, opcua={"username": USER, "password_file": str(missing)})
    assert any(p.key == "connections.line_opcua.password_file" and str(missing) in p.message
               for p in caught.value.problems), caught.value
    secret = tmp_path / "secret"
    secret.write_text(PASSWORD, encoding="utf-8")
    with pytest.raises(ConfigError, match="password or password_file, not both"):
        config_for(server.sim.sim, opcua={"username": USER, "password": PASSWORD, "password_file": str(secret)})
    with pytest.raises(ConfigError, match="without username"):
        config_for(server.sim.sim, opcua={"password_file": str(secret)})


# Trusting the server --------------------------------------------------------------------------------
async def test_sign_and_encrypt_refuses_an_untrusted_server_then_connects_once_trusted(
        tmp_path: Path, server: SecureServer) -> None:
    trust_dir = tmp_path / "pki" / "trusted"
    trust_dir.mkdir(parents=True)
    options = OpcUaOptions(endpoint=server.sim.sim.opcua_endpoint, reconnect_min_s=0.2, reconnect_max_s=0.5,
                           **server.secure("Basic256Sha256", "SignAndEncrypt", username=USER, password=PASSWORD,
                                           trust_dir=str(trust_dir)))
    tag = TagBinding(name="bath_temp", interval_s=0.2, data_type=DataType.FLOAT64,
                     address=parse_address("opcua://x/nsu=urn:station-hmi:anodizing-line;s=Bath.Temperature"))
    sink = RecordingSink()
    driver = OpcUaDriver(connection="line", options=options, tags=[tag], sink=sink)
    await driver.start()
    try:
        await until(lambda: any(s.health is Health.FAILED for s in sink.states), within=20.0)
        refused = next(s for s in sink.states if s.health is Health.FAILED)
        assert "not trusted" in (refused.last_error or "")
        assert str(trust_dir) in (refused.last_error or "") and "copy" in (refused.last_error or "")
        assert not any(s.quality is Quality.GOOD for s in sink.samples)
        rejected = list((tmp_path / "pki" / "rejected").glob("*.der"))
        assert len(rejected) == 1
        shutil.copy(rejected[0], trust_dir)       # what the admin does, as the message says
        await until(lambda: any(s.quality is Quality.GOOD for s in sink.samples), within=20.0)
        assert sink.states[-1].health is Health.OK
    finally:
        await driver.stop()


# A secure connection must say whom it trusts ----------------------------------------------------------
def test_a_secure_connection_without_trust_dir_is_refused_unless_trust_any_server(
        tmp_path: Path, server: SecureServer) -> None:
    from hmi.config import load_config

    path = tmp_path / "station.toml"
    path.write_text(f"""
[station]
id = "T-1"
name = "t"

[connections.press]
driver = "opcua"
endpoint = "{server.sim.sim.opcua_endpoint}"
security_policy = "Basic256Sha256"
security_mode = "SignAndEncrypt"
certificate = "{server.certificate}"
private_key = "{server.private_key}"
""", encoding="utf-8")
    with pytest.raises(ConfigError) as caught:
        load_config(path)
    text = str(caught.value)
    assert str(path) in text and "connections.press" in text
    assert "trust_dir" in text and "trust_any_server = true" in text
    path.write_text(path.read_text(encoding="utf-8") + "trust_any_server = true\n", encoding="utf-8")
    assert load_config(path).connections["press"].options()["trust_any_server"] is True


async def test_trust_any_server_warns_at_every_start(server: SecureServer, caplog: pytest.LogCaptureFixture) -> None:
    options = OpcUaOptions(endpoint=server.sim.sim.opcua_endpoint, reconnect_min_s=0.2, reconnect_max_s=0.5,
                           **server.secure("Basic256Sha256", "SignAndEncrypt", username=USER, password=PASSWORD))
    caplog.set_level(logging.WARNING, logger="plugins.opcua.driver")
    for _ in range(2):
        driver = OpcUaDriver(connection="line", options=options, tags=[], sink=RecordingSink())
        await driver.start()
        await driver.stop()
    warnings = [r for r in caplog.records if "trust_any_server = true" in r.getMessage()]
    assert len(warnings) == 2 and "ANY server certificate" in warnings[0].getMessage()


# A server that refuses the station's certificate --------------------------------------------------------
@pytest.fixture(scope="module")
def picky_pki(tmp_path_factory: pytest.TempPathFactory) -> tuple[Any, Any]:
    folder = tmp_path_factory.mktemp("picky-pki")
    server_pki = create_certificate(folder=folder / "server", application_uri="urn:picky:server",
                                    common_name="picky", server=True, name="server", host_name="localhost")
    station_pki = create_certificate(folder=folder / "own", application_uri="urn:station-hmi:client",
                                     common_name="ANO-01")
    return server_pki, station_pki


@pytest.mark.parametrize("style", ["fault", "clear", "err"])
async def test_a_server_that_refuses_the_station_certificate_says_which_file_to_trust(
        picky_pki: tuple[Any, Any], style: str) -> None:
    from tests.peers.picky_opcua import PickyOpcUaServer

    server_pki, station_pki = picky_pki
    picky = PickyOpcUaServer(certificate=server_pki.certificate, private_key=server_pki.private_key, style=style)
    picky.start()
    try:
        options = OpcUaOptions(endpoint=picky.endpoint, security_policy="Basic256Sha256",
                               security_mode="SignAndEncrypt", certificate=str(station_pki.certificate),
                               private_key=str(station_pki.private_key), trust_any_server=True,
                               reconnect_min_s=0.2, reconnect_max_s=0.5)
        tag = TagBinding(name="state", interval_s=0.5, data_type=DataType.INT32,
                         address=parse_address("opcua://x/i=2259"))
        sink = RecordingSink()
        driver = OpcUaDriver(connection="line", options=options, tags=[tag], sink=sink)
        await driver.start()
        try:
            await until(lambda: any(s.health is Health.FAILED for s in sink.states), within=20.0)
        finally:
            await driver.stop()
    finally:
        picky.stop()
    failed = next(s for s in sink.states if s.health is Health.FAILED)
    name = station_pki.certificate.name
    assert f"the server refused this station's certificate: trust {name} on the server" in (failed.last_error or "")
    assert not any(s.quality is Quality.GOOD for s in sink.samples)


# hmi browse takes the connection's security ---------------------------------------------------------
def test_browse_reaches_a_server_that_refuses_security_none(
        picky_pki: tuple[Any, Any], tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from hmi.cli.main import main
    from tests.peers.picky_opcua import PickyOpcUaServer

    server_pki, station_pki = picky_pki
    strict = PickyOpcUaServer(certificate=server_pki.certificate, private_key=server_pki.private_key, style="",
                              secure_only=True)
    strict.start()
    try:
        assert main(["browse", strict.endpoint, "--timeout", "5"]) != 0      # security None: refused
        capsys.readouterr()
        config = tmp_path / "station.toml"
        config.write_text(f"""
[station]
id = "T-1"
name = "t"

[connections.press]
driver = "opcua"
endpoint = "{strict.endpoint}"
security_policy = "Basic256Sha256"
security_mode = "SignAndEncrypt"
certificate = "{station_pki.certificate}"
private_key = "{station_pki.private_key}"
trust_any_server = true
""", encoding="utf-8")
        code = main(["browse", "--config", str(config), "--connection", "press"])
        by_config = capsys.readouterr()
        code_flags = main(["browse", strict.endpoint, "--security-policy", "Basic256Sha256", "--security-mode",
                           "SignAndEncrypt", "--certificate", str(station_pki.certificate), "--private-key",
                           str(station_pki.private_key), "--trust-any-server"])
        by_flags = capsys.readouterr()
    finally:
        strict.stop()
    assert code == 0, by_config
    assert "variable(s)" in by_config.err
    assert code_flags == 0, by_flags
    assert by_flags.out == by_config.out


def test_browse_refuses_a_secure_connection_that_names_no_trust(picky_pki: tuple[Any, Any],
                                                               capsys: pytest.CaptureFixture[str]) -> None:
    from hmi.cli.main import main

    _server_pki, station_pki = picky_pki
    code = main(["browse", "opc.tcp://127.0.0.1:1", "--security-policy", "Basic256Sha256", "--security-mode",
                 "SignAndEncrypt", "--certificate", str(station_pki.certificate), "--private-key",
                 str(station_pki.private_key)])
    err = capsys.readouterr().err
    assert code != 0 and "trust_dir" in err and "Traceback" not in err
