"""The error a store raises when it cannot be used; outside the store so screens can name it without reaching storage."""

from __future__ import annotations


class StoreError(Exception):
    """The store cannot be used as it is. The message says what to do; the file was left untouched."""
