"""Which server certificates the station trusts: the DER/PEM files in a trust folder.

An unknown server certificate is saved next to the trust folder (``rejected/``) and refused with a
message that says exactly which file to copy where to trust it.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives.serialization import Encoding


class UntrustedServer(Exception):
    pass


def fingerprint(cert: x509.Certificate) -> str:
    return hashlib.sha256(cert.public_bytes(Encoding.DER)).hexdigest()


def _load(path: Path) -> x509.Certificate | None:
    data = path.read_bytes()
    try:
        return x509.load_pem_x509_certificate(data) if b"-----BEGIN" in data else x509.load_der_x509_certificate(data)
    except ValueError:
        return None


def trusted_fingerprints(trust_dir: Path) -> set[str]:
    if not trust_dir.is_dir():
        return set()
    found = set()
    for path in trust_dir.iterdir():
        if path.suffix.lower() in (".der", ".pem", ".crt", ".cer") and path.is_file():
            cert = _load(path)
            if cert is not None:
                found.add(fingerprint(cert))
    return found


def check_trusted(cert: x509.Certificate, *, trust_dir: Path, endpoint: str) -> None:
    """Return if ``cert`` is in ``trust_dir``; else save it under rejected/ and raise UntrustedServer."""
    fp = fingerprint(cert)
    if fp in trusted_fingerprints(trust_dir):
        return
    rejected = trust_dir.parent / "rejected"
    rejected.mkdir(parents=True, exist_ok=True)
    target = rejected / f"server-{fp[:16]}.der"
    target.write_bytes(cert.public_bytes(Encoding.DER))
    subject = cert.subject.rfc4514_string() or "(no subject)"
    raise UntrustedServer(
        f"the server certificate of {endpoint} is not trusted ({subject}, SHA-256 {fp[:16]}…). "
        f"If this is the right server, trust it: copy {target} into {trust_dir} "
        f"(or run 'hmi certs trust {target} --trust-dir {trust_dir}'), then the station connects on its next retry."
    )
