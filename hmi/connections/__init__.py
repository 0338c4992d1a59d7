"""Keeping outside connections alive: one supervisor owns reconnects, backoff and health."""
