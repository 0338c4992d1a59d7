"""CUPS queues: the label's PDF goes to a named queue through ``lp``, with the label's media size.

``server`` (host:port) picks a CUPS server other than the default one. ``lpstat`` tells whether
the queue exists, is enabled and accepting jobs.
"""

from __future__ import annotations

import asyncio
import re
import shutil
from pathlib import Path
from typing import Annotated

from pydantic import Field

from hmi.config import Strict
from hmi.labels.printer import PrinterError, PrinterState, PrinterStatus, PrintPayload
from hmi.labels.render import LabelFormat

_REQUEST_ID = re.compile(r"request id is (\S+)")


class CupsConfig(Strict):
    queue: Annotated[str, Field(min_length=1, pattern=r"^[^\s/#]+$")]
    server: str = ""           # host:port; empty = the system's CUPS
    timeout_s: Annotated[float, Field(gt=0, le=120)] = 15.0
    options: dict[str, str] = Field(default_factory=dict)   # extra lp -o options (e.g. darkness for a thermal driver)


class CupsPrinter:
    config_model = CupsConfig

    def __init__(self, *, name: str, config: CupsConfig, data_dir: Path) -> None:
        self.name = name
        self.config = config
        self.format = LabelFormat.PDF

    def describe(self) -> str:
        return f"CUPS queue {self.config.queue}" + (f" on {self.config.server}" if self.config.server else "")

    def _server_args(self) -> list[str]:
        return ["-h", self.config.server] if self.config.server else []

    async def _run(self, argv: list[str], stdin: bytes | None = None) -> tuple[int, str, str]:
        program = shutil.which(argv[0])
        if program is None:
            raise PrinterError(f"{argv[0]} is not installed (Debian package cups-client)")
        process = await asyncio.create_subprocess_exec(
            program, *argv[1:], stdin=asyncio.subprocess.PIPE if stdin is not None else asyncio.subprocess.DEVNULL,
            stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE,
            env={"LANG": "C", "LC_ALL": "C", "PATH": "/usr/bin:/bin"})
        try:
            out, err = await asyncio.wait_for(process.communicate(stdin), self.config.timeout_s)
        except TimeoutError:
            process.kill()
            await process.wait()
            raise PrinterError(f"{argv[0]} did not answer within {self.config.timeout_s:g} s") from None
        return process.returncode or 0, out.decode(errors="replace"), err.decode(errors="replace")

    async def send(self, payload: PrintPayload) -> str:
        if payload.format is not LabelFormat.PDF:
            raise PrinterError(f"{self.name} prints PDF, not {payload.format.value}")
        media = f"Custom.{payload.width_mm:g}x{payload.height_mm:g}mm"
        argv = ["lp", *self._server_args(), "-d", self.config.queue, "-t", payload.title,
                "-o", f"media={media}", "-o", "fit-to-page=false"]
        for key, value in self.config.options.items():
            argv += ["-o", f"{key}={value}"]
        argv.append("-")
        code, out, err = await self._run(argv, stdin=payload.content)
        found = _REQUEST_ID.search(out)
        if code != 0 or found is None:
            problem = (err or out).strip() or f"lp exited with {code}"
            if not await self._scheduler_running():  # lp then says "printer does not exist", which misleads
                raise PrinterError(f"CUPS at {self.config.server or 'this computer'} is not running ({problem})")
            raise PrinterError(f"{self.describe()}: {problem}")
        return found[1]

    async def _scheduler_running(self) -> bool:
        code, out, _ = await self._run(["lpstat", *self._server_args(), "-r"])
        return code == 0 and "is running" in out

    async def status(self) -> PrinterStatus:
        try:
            if not await self._scheduler_running():
                where = self.config.server or "this computer"
                return PrinterStatus(PrinterState.OFFLINE, f"CUPS at {where} is not running")
            code, out, err = await self._run(["lpstat", *self._server_args(), "-p", self.config.queue])
        except PrinterError as exc:
            return PrinterStatus(PrinterState.OFFLINE, str(exc))
        text = (out + err).strip()
        if code != 0 and "Invalid destination" in text:   # CUPS answers, but has no such queue
            where = self.config.server or "this computer"
            return PrinterStatus(PrinterState.FAULT, f"queue {self.config.queue!r} does not exist on CUPS at {where}",
                                 ("no such queue",))
        if code != 0:
            return PrinterStatus(PrinterState.OFFLINE, text or f"lpstat exited with {code}")
        if "disabled" in out:
            return PrinterStatus(PrinterState.FAULT, text, ("queue disabled",))
        if "now printing" in out:
            return PrinterStatus(PrinterState.BUSY, text)
        return PrinterStatus(PrinterState.READY, text.splitlines()[0] if text else "idle")
