"""The Modbus connection's options: checked when the config is read, without loading pymodbus."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field

from hmi.config import Strict
from plugins.modbus.blocks import MAX_BITS, MAX_REGISTERS


class ModbusOptions(Strict):
    host: str = "127.0.0.1"
    port: Annotated[int, Field(ge=1, le=65535)] = 502
    unit: Annotated[int, Field(ge=0, le=255)] = 1
    # Connections sharing a gateway name are serialized (one request in flight per gateway).
    gateway: str = ""
    timeout_s: Annotated[float, Field(gt=0, le=60)] = 1.0
    # Unanswered requests in a row before every tag of the connection goes BAD ("no answer from …"):
    # a silent device is BAD within timeout_s × retries.
    retries: Annotated[int, Field(ge=1, le=10)] = 3
    max_gap: Annotated[int, Field(ge=0, le=124)] = 10
    max_registers: Annotated[int, Field(ge=1, le=MAX_REGISTERS)] = MAX_REGISTERS
    max_bits: Annotated[int, Field(ge=1, le=MAX_BITS)] = MAX_BITS
    reconnect_min_s: Annotated[float, Field(gt=0)] = 0.5
    reconnect_max_s: Annotated[float, Field(gt=0)] = 30.0
    # RTU over serial (configurable, not covered by the tests here): set serial_port to use it.
    serial_port: str = ""
    baudrate: int = 19200
    parity: Literal["N", "E", "O"] = "N"
