"""The equipment simulator: the anodizing line served over OPC-UA and Modbus TCP on loopback.

OPC-UA carries the bath, the line state, the part counter and the per-part measurements; Modbus
(unit 1) carries the rectifier and the conveyor, as a separate PLC would:

  ir 30001 float32  rectifier voltage (V)      ir 30003 float32  rectifier current (A)
  ir 30005 uint16   conveyor speed x100         hr 40001 uint16   conveyor speed setpoint x100 (writable)
  hr 40011 uint32   part counter                coil 0           conveyor running
  di 0              rectifier on
"""

from __future__ import annotations

import asyncio
import contextlib
import logging

from hmi.config import DataType
from plugins.modbus import registers
from plugins.simulators.modbus_server import ModbusSimServer, RegisterBank
from plugins.simulators.opcua_server import NAMESPACE, OpcUaSimServer
from plugins.simulators.process import AnodizingProcess, MachineState

log = logging.getLogger(__name__)


class EquipmentSimulator:
    NAMESPACE = NAMESPACE

    def __init__(self, *, host: str = "127.0.0.1", opcua_port: int = 0, modbus_port: int = 0, seed: int = 0,
                 fault_every_s: float = 0.0, tick_s: float = 0.1, bench_items: int = 0, certificate: str = "",
                 private_key: str = "", extra_namespaces: int = 0, users: dict[str, str] | None = None,
                 stops_every_s: float = 0.0, stop_scale: float = 1.0) -> None:
        self.process = AnodizingProcess(seed=seed, fault_every_s=fault_every_s, stops_every_s=stops_every_s,
                                        stop_scale=stop_scale)
        self.tick_s = tick_s
        self.opcua = OpcUaSimServer(host=host, port=opcua_port, certificate=certificate, private_key=private_key,
                                    bench_items=bench_items, extra_namespaces=extra_namespaces, users=users)
        self.bank = RegisterBank(units=(1,), size=10000)
        self.modbus = ModbusSimServer(bank=self.bank, host=host, port=modbus_port)
        self._task: asyncio.Task[None] | None = None
        self._bench_value = 0.0
        self.bank.set(1, "hr", 0, [round(self.process.conveyor_speed_setpoint * 100)])

    @property
    def opcua_endpoint(self) -> str:
        return self.opcua.endpoint

    async def start(self) -> None:
        await self.opcua.start()
        await self.modbus.start()
        await self._publish()
        self._task = asyncio.create_task(self._run(), name="equipment-simulator")

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
            self._task = None
        await self.modbus.stop()
        await self.opcua.stop()

    async def stop_opcua(self) -> None:
        await self.opcua.stop()

    async def start_opcua(self) -> None:
        await self.opcua.start()
        await self._publish()

    async def drop_connections(self, *, outage_s: float = 2.0) -> None:
        """A flaky network: Modbus clients are cut off, the OPC-UA server disappears for ``outage_s``."""
        self.modbus.drop_connections()
        await self.opcua.stop()
        await asyncio.sleep(outage_s)
        await self.start_opcua()

    async def _run(self) -> None:
        loop = asyncio.get_running_loop()
        next_at = loop.time()
        while True:
            next_at += self.tick_s
            await asyncio.sleep(max(0.0, next_at - loop.time()))
            try:
                await self._take_setpoints()
                self.process.step(self.tick_s)
                await self._publish()
                if self.opcua.bench_nodes:
                    self._bench_value += 1.0
                    await self.opcua.publish_bench(self._bench_value)
            except Exception:
                log.exception("simulator tick failed")

    async def _take_setpoints(self) -> None:
        if self.opcua.running:
            value = await self.opcua.read("Bath.TemperatureSetpoint")
            if isinstance(value, float) and 5.0 <= value <= 40.0:
                self.process.bath_temp_setpoint_c = value
        raw = self.bank.get(1, "hr", 0)[0]
        self.process.conveyor_speed_setpoint = max(0.0, min(raw / 100.0, 5.0))

    async def _publish(self) -> None:
        p = self.process
        await self.opcua.publish({
            "Line.State": int(p.state),
            "Line.StateText": p.state.name.lower(),
            "Line.PartCounter": p.part_counter,
            "Line.FaultCode": p.fault_code,
            "Bath.Temperature": round(p.bath_temp_c, 3),
            "Bath.TemperatureSetpoint": p.bath_temp_setpoint_c,
            "Bath.Concentration": round(p.bath_conc_gl, 2),
            "Quality.PartNo": p.last_part.part_no,
            "Quality.ColourDeltaE": p.last_part.colour_delta_e,
            "Quality.Thickness": p.last_part.thickness_um,
        })
        bank = self.bank
        bank.set(1, "ir", 0, registers.encode(p.rectifier_voltage_v, DataType.FLOAT32))
        bank.set(1, "ir", 2, registers.encode(p.rectifier_current_a, DataType.FLOAT32))
        bank.set(1, "ir", 4, [round(p.conveyor_speed_m_min * 100)])
        bank.set(1, "hr", 10, registers.encode(p.part_counter, DataType.UINT32))
        bank.set(1, "co", 0, [1 if p.state is MachineState.RUNNING else 0])
        bank.set(1, "di", 0, [1 if p.rectifier_voltage_v > 1.0 else 0])
