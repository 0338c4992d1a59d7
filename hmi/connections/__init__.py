"""Keeping outside connections alive: background tasks that never die unnoticed."""
