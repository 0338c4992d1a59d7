"""PIN and badge hashing. scrypt with a per-user salt; badges are looked up by their SHA-256."""

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


def badge_hash(badge: str) -> str:
    return hashlib.sha256(badge.strip().encode()).hexdigest()


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode()


def _unb64(text: str) -> bytes:
    return base64.b64decode(text.encode())
