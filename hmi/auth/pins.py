"""PIN and badge hashing. scrypt with a per-user salt for PINs; badges by a keyed hash.

A badge is looked up by its hash, so it cannot have a per-user salt; it is an HMAC with the station's
key (the audit key file, kept outside station.db), so a copy of station.db alone does not let anyone
test badge numbers. Badges stored by an earlier release (plain SHA-256) are re-hashed at first use.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets

from hmi.refusal import Refusal

_N, _R, _P = 2**14, 8, 1


class PinRejected(Refusal, ValueError):
    """The PIN breaks a rule; the reason is shown to the person choosing it."""


def check_pin_rules(pin: str, *, min_length: int) -> None:
    if not pin.isdecimal() or not pin.isascii():
        raise PinRejected("a PIN is made of digits only")
    if not min_length <= len(pin) <= 12:
        raise PinRejected("a PIN has {min_length} to 12 digits", min_length=min_length)
    if len(set(pin)) == 1:
        raise PinRejected("a PIN must not repeat one digit")


def hash_pin(pin: str) -> str:
    salt = secrets.token_bytes(16)
    digest = hashlib.scrypt(pin.encode(), salt=salt, n=_N, r=_R, p=_P, dklen=32)
    return f"scrypt${_N}${_R}${_P}${_b64(salt)}${_b64(digest)}"


def verify_pin(pin: str, stored: str) -> bool:
    try:
        scheme, n, r, p, salt, digest = stored.split("$")
        if scheme != "scrypt":
            return False
        actual = hashlib.scrypt(pin.encode(), salt=_unb64(salt), n=int(n), r=int(r), p=int(p), dklen=32)
    except (ValueError, TypeError):
        return False
    return hmac.compare_digest(actual, _unb64(digest))


BADGE_KEYED = "hmac$"


def badge_hash(badge: str, key: bytes | None = None) -> str:
    """The stored form of a badge: keyed when the station has its key, plain SHA-256 (legacy) otherwise."""
    if key is None:
        return hashlib.sha256(badge.strip().encode()).hexdigest()
    return BADGE_KEYED + hmac.new(key, b"badge\n" + badge.strip().encode(), hashlib.sha256).hexdigest()


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode()


def _unb64(text: str) -> bytes:
    return base64.b64decode(text.encode())
