"""A TLS front that asks every client for a certificate from its CA and refuses the others, as a plant's
nginx or API gateway in front of an MES does: the refusal is a TLS alert after the handshake (TLS 1.3),
not an HTTP status. aiohttp's server cannot play it (it resets the connection without the alert).

It refuses only: a client it accepts gets ``503`` (the tests check the refusals; the reference MES
with the same context checks that the right certificate works).
"""

from __future__ import annotations

import contextlib
import socket
import ssl
import threading
from pathlib import Path


class MutualTlsGate:
    def __init__(self, *, ca: Path, cert: Path, key: Path) -> None:
        self._context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH, cafile=str(ca))
        self._context.load_cert_chain(str(cert), str(key))
        self._context.verify_mode = ssl.CERT_REQUIRED
        self._server = socket.create_server(("127.0.0.1", 0))
        self.port = int(self._server.getsockname()[1])
        self.refusals: list[str] = []
        self._thread = threading.Thread(target=self._serve, name="mtls-gate", daemon=True)

    @property
    def base_url(self) -> str:
        return f"https://127.0.0.1:{self.port}/api/v1"

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        with contextlib.suppress(OSError):
            self._server.shutdown(socket.SHUT_RDWR)
        self._server.close()
        self._thread.join(timeout=5)

    def _serve(self) -> None:
        while True:
            try:
                conn, _ = self._server.accept()
            except OSError:
                return
            with contextlib.suppress(OSError):
                self._answer(conn)

    def _answer(self, conn: socket.socket) -> None:
        tls = self._context.wrap_socket(conn, server_side=True, do_handshake_on_connect=False)
        tls.settimeout(5)
        try:
            tls.do_handshake()
        except ssl.SSLError as exc:
            self.refusals.append(str(exc.reason))
            # Read what the client sent before closing, so that it gets the alert, not a reset.
            raw = socket.socket(fileno=tls.detach())
            raw.settimeout(1)
            with contextlib.suppress(OSError):
                while raw.recv(4096):
                    pass
            raw.close()
            return
        with tls:
            tls.recv(65536)
            tls.sendall(b"HTTP/1.1 503 Service Unavailable\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")
