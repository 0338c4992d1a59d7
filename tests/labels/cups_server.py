"""A private CUPS server for tests: its own ServerRoot in a temporary folder, on 127.0.0.1:<free port>,
with a cups-pdf queue whose output folder the test owns.

cups-pdf reads its settings only from /etc/cups (``cups-pdf-<name>.conf`` for a device URI
``cups-pdf:/<name>``), so a uniquely named file is written there for the test and removed after.
cupsd and cups-pdf need root; without it the tests that use this are skipped, saying why.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import tempfile
import time
import uuid
from pathlib import Path

CUPS_PDF_CONF_DIR = Path("/etc/cups")


class CupsUnavailable(RuntimeError):
    pass


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class PrivateCups:
    def __init__(self) -> None:
        # Not under pytest's tmp_path: its parents are private to root, and CUPS filters run as lp.
        self.root = Path(tempfile.mkdtemp(prefix="hmi-cups-"))
        self.port = _free_port()
        self.server = f"127.0.0.1:{self.port}"
        self.tag = "hmitest" + uuid.uuid4().hex[:8]
        self.output = self.root / "pdf-out"
        self._conf = CUPS_PDF_CONF_DIR / f"cups-pdf-{self.tag}.conf"
        self._process: subprocess.Popen[bytes] | None = None

    @staticmethod
    def why_not() -> str | None:
        if os.geteuid() != 0:
            return "cupsd and the cups-pdf backend need root"
        for tool in ("cupsd", "lpadmin", "lp", "lpstat"):
            if shutil.which(tool) is None and not Path(f"/usr/sbin/{tool}").exists():
                return f"{tool} is not installed (Debian cups, cups-client)"
        if not Path("/usr/lib/cups/backend/cups-pdf").exists():
            return "the cups-pdf backend is not installed (Debian printer-driver-cups-pdf)"
        return None

    def start(self) -> PrivateCups:
        reason = self.why_not()
        if reason:
            raise CupsUnavailable(reason)
        for sub in ("spool/tmp", "cache", "state/certs", "log", "ppd", "cups-pdf-spool"):
            (self.root / sub).mkdir(parents=True, exist_ok=True)
        self.output.mkdir(parents=True, exist_ok=True)
        self.root.chmod(0o755)  # cupsd's filters run as lp and must reach the spool
        (self.root / "cupsd.conf").write_text(
            f"Listen 127.0.0.1:{self.port}\nBrowsing No\nWebInterface No\nDefaultAuthType None\nLogLevel warn\n"
            "MaxLogSize 0\nJobRetryInterval 1\n"
            "<Location />\n  Order allow,deny\n  Allow all\n</Location>\n"
            "<Policy default>\n  <Limit All>\n    Order deny,allow\n  </Limit>\n</Policy>\n", encoding="utf-8")
        (self.root / "cups-files.conf").write_text(
            f"ServerRoot {self.root}\nRequestRoot {self.root / 'spool'}\nTempDir {self.root / 'spool/tmp'}\n"
            f"CacheDir {self.root / 'cache'}\nStateDir {self.root / 'state'}\n"
            f"ErrorLog {self.root / 'log/error_log'}\nAccessLog {self.root / 'log/access_log'}\n"
            f"PageLog {self.root / 'log/page_log'}\nServerBin /usr/lib/cups\nDataDir /usr/share/cups\n"
            "User lp\nGroup lp\nSystemGroup root\nFileDevice Yes\n", encoding="utf-8")
        self._conf.write_text(f"Out {self.output}\nAnonDirName {self.output}\nSpool {self.root / 'cups-pdf-spool'}\n"
                              "Grp root\nLabel 0\nUserUMask 0000\n", encoding="utf-8")
        cupsd = shutil.which("cupsd") or "/usr/sbin/cupsd"
        self._process = subprocess.Popen(
            [cupsd, "-f", "-c", str(self.root / "cupsd.conf"), "-s", str(self.root / "cups-files.conf")],
            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        deadline = time.monotonic() + 15
        while True:
            if self._process.poll() is not None:
                err = self._process.stderr.read().decode(errors="replace") if self._process.stderr else ""
                code = self._process.returncode
                self.stop()
                raise CupsUnavailable(f"cupsd exited with {code}: {err.strip()}")
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=0.2).close()
                break
            except OSError:
                if time.monotonic() > deadline:
                    self.stop()
                    raise CupsUnavailable("cupsd did not listen within 15 s") from None
                time.sleep(0.05)
        return self

    def add_pdf_queue(self, name: str) -> None:
        lpadmin = shutil.which("lpadmin") or "/usr/sbin/lpadmin"
        subprocess.run([lpadmin, "-h", self.server, "-p", name, "-v", f"cups-pdf:/{self.tag}",
                        "-P", "/usr/share/ppd/cups-pdf/CUPS-PDF_opt.ppd", "-E"],
                       check=True, capture_output=True, timeout=30)

    def pdfs(self) -> list[Path]:
        return sorted(self.output.rglob("*.pdf"))

    def wait_for_pdf(self, *, count: int = 1, timeout_s: float = 30.0) -> list[Path]:
        """The PDFs cups-pdf wrote, once ``count`` are complete (the backend writes, then renames)."""
        deadline = time.monotonic() + timeout_s
        while time.monotonic() < deadline:
            found = self.pdfs()
            if len(found) >= count and all(p.stat().st_size > 0 for p in found):
                time.sleep(0.2)
                if [p.stat().st_size for p in found] == [p.stat().st_size for p in self.pdfs()]:
                    return found
            time.sleep(0.1)
        log = (self.root / "log/error_log")
        detail = log.read_text(errors="replace")[-2000:] if log.exists() else "(no log)"
        raise AssertionError(f"cups-pdf wrote {len(self.pdfs())} PDF(s), expected {count}; cupsd log:\n{detail}")

    def stop(self) -> None:
        if self._process is not None and self._process.poll() is None:
            self._process.terminate()
            try:
                self._process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self._process.kill()
                self._process.wait()
        if self._process is not None and self._process.stderr:
            self._process.stderr.close()
        self._process = None
        self._conf.unlink(missing_ok=True)

    def remove(self) -> None:
        self.stop()
        shutil.rmtree(self.root, ignore_errors=True)
