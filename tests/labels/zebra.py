"""A Zebra-like printer on 127.0.0.1: takes ZPL on raw TCP and answers ~HS with a settable status."""

from __future__ import annotations

import asyncio
import contextlib


def host_status(*, paper_out: bool = False, paused: bool = False, head_open: bool = False,
                ribbon_out: bool = False) -> bytes:
    one = f"030,{int(paper_out)},{int(paused)},1245,000,0,0,0,000,0,0,0"
    two = f"000,0,{int(head_open)},{int(ribbon_out)},0,2,4,0,00000000,1,000"
    return b"\x02" + one.encode() + b"\x03\r\n\x02" + two.encode() + b"\x03\r\n\x021234,0\x03\r\n"


class FakeZebra:
    def __init__(self) -> None:
        self.jobs: list[bytes] = []
        self.status = host_status()
        self.received = asyncio.Event()
        self._server: asyncio.Server | None = None
        self.port = 0
        self._handlers: set[asyncio.Task[None]] = set()

    async def start(self, port: int = 0) -> FakeZebra:
        self._server = await asyncio.start_server(self._handle, "127.0.0.1", port)
        self.port = self._server.sockets[0].getsockname()[1]
        return self

    async def stop(self) -> None:
        if self._server is not None:
            self._server.close()
            await self._server.wait_closed()
            self._server = None

    async def idle(self) -> None:
        """Wait until every connection has been handled (their tasks would count as leaks)."""
        for _ in range(250):
            if not self._handlers:
                return
            await asyncio.sleep(0.02)

    async def _handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        task = asyncio.current_task()
        assert task is not None
        self._handlers.add(task)
        task.add_done_callback(self._handlers.discard)
        data = b""
        try:
            while chunk := await reader.read(65536):
                if chunk.startswith(b"~HS"):
                    writer.write(self.status)
                    await writer.drain()
                    chunk = chunk[3:]
                data += chunk
        finally:
            if data.strip():
                self.jobs.append(data)
                self.received.set()
            writer.close()
            with contextlib.suppress(OSError):
                await writer.wait_closed()
