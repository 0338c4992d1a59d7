"""Zebra-compatible printers on raw TCP (port 9100): ZPL in, and ~HS host status out.

With ``check_status`` the printer is asked before each job; a job is not sent to a printer
that says it is out of paper, out of ribbon, has its head open or is paused (it stays queued).
"""

from __future__ import annotations

import asyncio
import contextlib
from pathlib import Path
from typing import Annotated

from pydantic import Field

from hmi.config import Strict
from hmi.labels.printer import PrinterError, PrinterState, PrinterStatus, PrintPayload
from hmi.labels.render import LabelFormat

STX, ETX = b"\x02", b"\x03"


class ZplTcpConfig(Strict):
    host: Annotated[str, Field(min_length=1)]
    port: Annotated[int, Field(ge=1, le=65535)] = 9100
    timeout_s: Annotated[float, Field(gt=0, le=60)] = 5.0
    check_status: bool = True


def parse_host_status(answer: bytes) -> PrinterStatus:
    """Parse the three ~HS strings (<STX>…<ETX>); unknown or short answers are UNKNOWN, not READY."""
    frames = [part.split(ETX, 1)[0].decode("ascii", "replace") for part in answer.split(STX)[1:]]
    if len(frames) < 2:
        return PrinterStatus(PrinterState.UNKNOWN, "the printer's status answer was incomplete")
    one, two = frames[0].split(","), frames[1].split(",")
    if len(one) < 3 or len(two) < 4:
        return PrinterStatus(PrinterState.UNKNOWN, "the printer's status answer was not understood")
    faults = []
    if one[1].strip() == "1":
        faults.append("paper out")
    if one[2].strip() == "1":
        faults.append("paused")
    if len(one) > 5 and one[5].strip() == "1":
        faults.append("receive buffer full")
    if two[2].strip() == "1":
        faults.append("head open")
    if two[3].strip() == "1":
        faults.append("ribbon out")
    details = {"labels_in_buffer": one[4].strip() if len(one) > 4 else "?"}
    if faults:
        return PrinterStatus(PrinterState.FAULT, ", ".join(faults), tuple(faults), details)
    return PrinterStatus(PrinterState.READY, "ready", (), details)


class ZplTcpPrinter:
    config_model = ZplTcpConfig

    def __init__(self, *, name: str, config: ZplTcpConfig, data_dir: Path) -> None:
        self.name = name
        self.config = config
        self.format = LabelFormat.ZPL

    def describe(self) -> str:
        return f"ZPL on {self.config.host}:{self.config.port}"

    async def _connect(self) -> tuple[asyncio.StreamReader, asyncio.StreamWriter]:
        try:
            return await asyncio.wait_for(asyncio.open_connection(self.config.host, self.config.port),
                                          self.config.timeout_s)
        except (OSError, TimeoutError) as exc:
            raise PrinterError(f"{self.describe()} is not reachable ({exc.__class__.__name__}: {exc})") from exc

    async def send(self, payload: PrintPayload) -> str:
        if payload.format is not LabelFormat.ZPL:
            raise PrinterError(f"{self.name} prints ZPL, not {payload.format.value}")
        if self.config.check_status:
            status = await self.status()
            if status.state is not PrinterState.READY:
                raise PrinterError(f"{self.name}: {status.summary}")
        _, writer = await self._connect()
        try:
            writer.write(payload.content)
            await asyncio.wait_for(writer.drain(), self.config.timeout_s)
        except (OSError, TimeoutError) as exc:
            raise PrinterError(f"{self.describe()}: sending failed ({exc})") from exc
        finally:
            writer.close()
            with contextlib.suppress(OSError):
                await writer.wait_closed()
        return f"{self.config.host}:{self.config.port}"

    async def status(self) -> PrinterStatus:
        try:
            reader, writer = await self._connect()
        except PrinterError as exc:
            return PrinterStatus(PrinterState.OFFLINE, str(exc))
        try:
            writer.write(b"~HS")
            await writer.drain()
            answer = b""
            while answer.count(ETX) < 3:
                chunk = await asyncio.wait_for(reader.read(1024), self.config.timeout_s)
                if not chunk:
                    break
                answer += chunk
        except (OSError, TimeoutError) as exc:
            return PrinterStatus(PrinterState.UNKNOWN, f"no status answer ({exc.__class__.__name__})")
        finally:
            writer.close()
            with contextlib.suppress(OSError):
                await writer.wait_closed()
        return parse_host_status(answer)
