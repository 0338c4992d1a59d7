"""A printer that writes each label as a file: for stations without a printer, and for audits."""

from __future__ import annotations

import asyncio
import os
from pathlib import Path
from typing import Literal

from hmi.config import Strict
from hmi.labels.printer import PrinterError, PrinterState, PrinterStatus, PrintPayload
from hmi.labels.render import LabelFormat


class FolderPrinterConfig(Strict):
    path: str  # relative paths are inside the station's data folder
    format: Literal["pdf", "zpl"] = "pdf"


class FolderPrinter:
    config_model = FolderPrinterConfig

    def __init__(self, *, name: str, config: FolderPrinterConfig, data_dir: Path) -> None:
        self.name = name
        folder = Path(config.path).expanduser()
        self.folder = folder if folder.is_absolute() else data_dir / folder
        self.format = LabelFormat(config.format)

    def describe(self) -> str:
        return f"folder {self.folder} ({self.format.value})"

    async def send(self, payload: PrintPayload) -> str:
        return await asyncio.to_thread(self._write, payload)

    def _write(self, payload: PrintPayload) -> str:
        target = self.folder / f"{payload.job_uid}.{payload.format.value}"
        partial = target.with_suffix(target.suffix + ".part")
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            with open(partial, "wb") as handle:
                handle.write(payload.content)
                handle.flush()
                os.fsync(handle.fileno())
            os.replace(partial, target)
        except OSError as exc:
            raise PrinterError(f"cannot write {target}: {exc.strerror or exc}") from exc
        return str(target)

    async def status(self) -> PrinterStatus:
        if self.folder.is_dir() and os.access(self.folder, os.W_OK):
            return PrinterStatus(PrinterState.READY, f"writes to {self.folder}")
        if not self.folder.exists() and os.access(self.folder.parent, os.W_OK):
            return PrinterStatus(PrinterState.READY, f"will create {self.folder}")
        return PrinterStatus(PrinterState.OFFLINE, f"{self.folder} is not a writable folder")
