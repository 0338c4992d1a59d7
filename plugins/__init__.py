"""Connectors to the outside world, each behind an interface from hmi and found through entry points."""
