"""SignAndEncrypt with the station's certificate; an untrusted server certificate is refused clearly."""

from __future__ import annotations

import asyncio
import shutil
from pathlib import Path

import pytest

from hmi.config import DataType
from hmi.equipment.certs import create_certificate
from hmi.equipment.driver import TagBinding
from hmi.status import ComponentStatus, Health
from hmi.tags import Quality, Sample
from hmi.tags.address import parse_address
from plugins.opcua.driver import OpcUaDriver, OpcUaOptions
from tests.equipment_support import ThreadedSimulator

pytestmark = [pytest.mark.integration, pytest.mark.slow]


class Sink:
    def __init__(self) -> None:
        self.samples: list[Sample] = []
        self.states: list[ComponentStatus] = []

    def publish(self, sample: Sample) -> None:
        self.samples.append(sample)

    def set_state(self, state: ComponentStatus) -> None:
        self.states.append(state)

    def alive(self) -> None:
        pass


async def _until(predicate, within: float = 20.0) -> None:  # type: ignore[no-untyped-def]
    loop = asyncio.get_running_loop()
    deadline = loop.time() + within
    while loop.time() < deadline:
        if predicate():
            return
        await asyncio.sleep(0.05)
    raise AssertionError("condition not met in time")


async def test_sign_and_encrypt_refuses_an_untrusted_server_then_connects_once_trusted(tmp_path: Path) -> None:
    server_pki = create_certificate(folder=tmp_path / "server", application_uri="urn:station-hmi:simulator",
                                    common_name="simulator", server=True, name="server", host_name="localhost")
    station_pki = create_certificate(folder=tmp_path / "pki" / "own", application_uri="urn:station-hmi:client",
                                     common_name="ANO-01")
    trust_dir = tmp_path / "pki" / "trusted"
    trust_dir.mkdir()
    sim = ThreadedSimulator(seed=3, certificate=str(server_pki.certificate), private_key=str(server_pki.private_key))
    try:
        options = OpcUaOptions(endpoint=sim.sim.opcua_endpoint, security_policy="Basic256Sha256",
                               security_mode="SignAndEncrypt", certificate=str(station_pki.certificate),
                               private_key=str(station_pki.private_key), trust_dir=str(trust_dir),
                               reconnect_min_s=0.2, reconnect_max_s=0.5)
        tag = TagBinding(name="bath_temp", interval_s=0.2, data_type=DataType.FLOAT64,
                         address=parse_address("opcua://x/nsu=urn:station-hmi:anodizing-line;s=Bath.Temperature"))
        sink = Sink()
        driver = OpcUaDriver(connection="line", options=options, tags=[tag], sink=sink)
        await driver.start()
        try:
            await _until(lambda: any(s.health is Health.FAILED for s in sink.states))
            refused = next(s for s in sink.states if s.health is Health.FAILED)
            assert "not trusted" in (refused.last_error or "")
            assert str(trust_dir) in (refused.last_error or "") and "copy" in (refused.last_error or "")
            assert not any(s.quality is Quality.GOOD for s in sink.samples)
            rejected = list((tmp_path / "pki" / "rejected").glob("*.der"))
            assert len(rejected) == 1
            shutil.copy(rejected[0], trust_dir)       # what the admin does, as the message says
            await _until(lambda: any(s.quality is Quality.GOOD for s in sink.samples))
            assert sink.states[-1].health is Health.OK
        finally:
            await driver.stop()
    finally:
        sim.close()
