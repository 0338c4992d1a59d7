"""A private PostgreSQL cluster for a test: initdb in a temporary folder, a free loopback port.

Tests run as root in CI and PostgreSQL refuses to run as root: the folder then belongs to the
``postgres`` system user (else ``nobody``) and the server runs as that user.
"""

from __future__ import annotations

import glob
import os
import pwd
import shutil
import subprocess
import tempfile
from pathlib import Path
from typing import Any

from tests.mosquitto import free_port

USER = "station"
PASSWORD = "edge-to-centre"


def binaries() -> Path | None:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), key=lambda p: int(p.split("/")[4]))
    return Path(found[-1]).parent if found else None


def _run_as() -> str | None:
    if os.geteuid() != 0:
        return None
    for name in ("postgres", "nobody"):
        try:
            pwd.getpwnam(name)
            return name
        except KeyError:
            continue
    raise RuntimeError("no unprivileged user to run PostgreSQL as (tried postgres, nobody)")


class Postgres:
    """One cluster; ``start``/``stop`` block (call them from a fixture or through asyncio.to_thread)."""

    def __init__(self, *, settings: dict[str, str] | None = None) -> None:
        bin_dir = binaries()
        if bin_dir is None:
            raise RuntimeError("PostgreSQL is not installed: run packaging/system-deps.sh --test")
        self.bin = bin_dir
        self.user = _run_as()
        self.folder = Path(tempfile.mkdtemp(prefix="hmi-pg-"))
        self.data = self.folder / "data"
        self.port = free_port()
        self.password_file = self.folder / "password"
        self.password_file.write_text(PASSWORD + "\n", encoding="utf-8")
        if self.user is not None:
            entry = pwd.getpwnam(self.user)
            os.chown(self.folder, entry.pw_uid, entry.pw_gid)
            os.chown(self.password_file, entry.pw_uid, entry.pw_gid)
        self.folder.chmod(0o755)
        self._initdb(settings or {})

    def _call(self, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
        return subprocess.run(args, user=self.user, cwd=self.folder, capture_output=True, text=True, check=check,
                              timeout=120)

    def _initdb(self, settings: dict[str, str]) -> None:
        self._call(str(self.bin / "initdb"), "-D", str(self.data), "-U", USER, "--auth=scram-sha-256",
                   f"--pwfile={self.password_file}", "-E", "UTF8", "--locale=C.UTF-8", "--no-sync")
        conf = {"listen_addresses": "'127.0.0.1'", "port": str(self.port),
                "unix_socket_directories": f"'{self.folder}'", "fsync": "off", "synchronous_commit": "off",
                "full_page_writes": "off", "max_connections": "40", "shared_buffers": "64MB",
                "log_min_messages": "warning", **settings}
        with (self.data / "postgresql.conf").open("a", encoding="utf-8") as out:
            out.writelines(f"{key} = {value}\n" for key, value in conf.items())

    def start(self) -> None:
        result = self._call(str(self.bin / "pg_ctl"), "-D", str(self.data), "-l", str(self.folder / "server.log"),
                            "-w", "-t", "60", "start", check=False)
        if result.returncode != 0:
            log = (self.folder / "server.log").read_text(encoding="utf-8", errors="replace")[-2000:]
            raise RuntimeError(f"PostgreSQL did not start: {result.stderr}\n{log}")

    def stop(self) -> None:
        self._call(str(self.bin / "pg_ctl"), "-D", str(self.data), "-m", "fast", "-w", "stop", check=False)

    def remove(self) -> None:
        self.stop()
        shutil.rmtree(self.folder, ignore_errors=True)

    def options(self, **extra: Any) -> dict[str, Any]:
        """The sink's station.toml keys for this cluster (no TLS on loopback unless a test gives it)."""
        return {"host": "127.0.0.1", "port": self.port, "dbname": "postgres", "user": USER,
                "password_file": str(self.password_file), "sslmode": "disable", **extra}

    def conninfo(self) -> str:
        return f"host=127.0.0.1 port={self.port} dbname=postgres user={USER} password={PASSWORD} sslmode=disable"

    def query(self, text: str, params: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
        import psycopg

        with psycopg.connect(self.conninfo(), autocommit=True) as conn:
            return conn.execute(text, params).fetchall()  # type: ignore[arg-type]
