"""Keep full garbage collections short in a long-running station process.

A full collection walks every tracked object, and the loop stands still while it does: with
asyncua's address space or the station's screens loaded, that was 100–250 ms (measured in
benchmarks/opcua_latency.py). What exists once start-up is over lives until the process ends, so it
is moved out of the collector's sight; only what is made afterwards is ever walked again.
"""

from __future__ import annotations

import gc


def settle_after_start() -> None:
    """Call once, after start-up: collect what start-up left behind, then freeze the rest."""
    gc.collect()
    gc.freeze()
