"""The TLS context a station uses as a client (MES over HTTPS or MQTT, the Sparkplug broker): one set of rules."""

from __future__ import annotations

import ssl
from collections.abc import Callable
from pathlib import Path


def client_tls_context(*, ca_file: str, client_cert: str, client_key: str, verify: bool,
                       resolve: Callable[[str], Path]) -> ssl.SSLContext:
    """Verification on against ``ca_file`` (or the system's CAs), with a client certificate when one is given.

    ``verify = false`` is allowed for commissioning only; the options' warnings say so at every start.
    Paths are resolved against the config's folder by ``resolve``.
    """
    context = ssl.create_default_context(cafile=str(resolve(ca_file)) if ca_file else None)
    if not verify:
        context.check_hostname = False
        context.verify_mode = ssl.CERT_NONE
    if client_cert:
        context.load_cert_chain(str(resolve(client_cert)), str(resolve(client_key)) if client_key else None)
    return context
