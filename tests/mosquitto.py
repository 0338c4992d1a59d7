"""A real mosquitto broker for a test: its own config and persistence folder, a free loopback port."""

from __future__ import annotations

import asyncio
import getpass
import shutil
import socket
import subprocess
from pathlib import Path


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class Mosquitto:
    def __init__(self, *, folder: Path, tls: tuple[Path, Path, Path] | None = None,
                 users: dict[str, str] | None = None) -> None:
        """``tls`` = (ca, server cert, server key): the listener speaks TLS only. ``users`` (name: password):
        only they may log in (a password file, no anonymous login)."""
        self.folder = folder
        self.port = free_port()
        self._process: asyncio.subprocess.Process | None = None
        folder.mkdir(parents=True, exist_ok=True)
        # mosquitto started as root drops to user 'mosquitto', which cannot write the test's folder.
        anonymous = "false" if users else "true"
        lines = [f"user {getpass.getuser()}", f"listener {self.port} 127.0.0.1", f"allow_anonymous {anonymous}",
                 "persistence true",
                 f"persistence_location {folder}/", "autosave_interval 1", "max_inflight_messages 1000",
                 "max_queued_messages 100000", f"log_dest file {folder}/mosquitto.log"]
        if tls is not None:
            ca, cert, key = tls
            lines += [f"cafile {ca}", f"certfile {cert}", f"keyfile {key}"]
        if users:
            passwords = folder / "passwords"
            passwords.write_text("", encoding="utf-8")
            for name, password in users.items():
                subprocess.run([shutil.which("mosquitto_passwd") or "/usr/bin/mosquitto_passwd", "-b", str(passwords),
                                name, password], check=True, capture_output=True)
            lines.append(f"password_file {passwords}")
        self.config = folder / "mosquitto.conf"
        self.config.write_text("\n".join(lines) + "\n", encoding="utf-8")

    @staticmethod
    def available() -> bool:
        return shutil.which("mosquitto") is not None or Path("/usr/sbin/mosquitto").exists()

    async def start(self) -> None:
        binary = shutil.which("mosquitto") or "/usr/sbin/mosquitto"
        self._process = await asyncio.create_subprocess_exec(binary, "-c", str(self.config),
                                                             stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        for _ in range(200):
            try:
                _reader, writer = await asyncio.open_connection("127.0.0.1", self.port)
                writer.close()
                await writer.wait_closed()
                return
            except OSError:
                await asyncio.sleep(0.02)
        raise RuntimeError(f"mosquitto did not start; see {self.folder}/mosquitto.log")

    async def stop(self) -> None:
        if self._process is not None:
            self._process.terminate()                  # SIGTERM: mosquitto saves its persistence file
            await asyncio.wait_for(self._process.wait(), 10)
            self._process = None

    async def restart(self) -> None:
        await self.stop()
        await self.start()
