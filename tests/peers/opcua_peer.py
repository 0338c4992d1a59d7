"""An OPC-UA server that publishes what other vendors' servers publish and the simulator never does:
NaN, arrays (one with a null element), an Uncertain status with a value, and a value that never changes.

It is an asyncua server on its own thread (asyncua leaves server-side tasks behind on stop, which
the test loop's leak check would count).
"""

from __future__ import annotations

import asyncio
import datetime as dt
import math
import threading
from collections.abc import Coroutine
from typing import Any

from asyncua import Server, ua

from plugins.simulators.opcua_server import free_port

NAMESPACE = "urn:station-hmi:test-peer"

# name -> (variant type, initial value, status code)
VARIABLES: dict[str, tuple[ua.VariantType, Any, int]] = {
    "NotANumber": (ua.VariantType.Double, math.nan, ua.StatusCodes.Good),
    "Steady": (ua.VariantType.Float, 3.25, ua.StatusCodes.Good),
    "Levels": (ua.VariantType.Double, [1.5, 2.5, 3.5], ua.StatusCodes.Good),
    "Uncertain": (ua.VariantType.Double, 43.0, ua.StatusCodes.UncertainLastUsableValue),
    "Names": (ua.VariantType.String, ["first", None, "third"], ua.StatusCodes.Good),   # a null string inside
}


class OpcUaPeer:
    def __init__(self) -> None:
        self.port = free_port()
        self.endpoint = f"opc.tcp://127.0.0.1:{self.port}/peer"
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._loop.run_forever, name="opcua-peer", daemon=True)
        self._server: Any = None
        self.nodes: dict[str, Any] = {}

    def address(self, name: str) -> str:
        return f"nsu={NAMESPACE};s={name}"

    def start(self) -> None:
        self._thread.start()
        self._call(self._start())

    def stop(self) -> None:
        self._call(self._stop())
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(timeout=10)
        self._loop.close()

    def set(self, name: str, value: Any, *, status: int = ua.StatusCodes.Good) -> None:
        self._call(self._write(name, value, status))

    def _call(self, coro: Coroutine[Any, Any, Any]) -> Any:
        return asyncio.run_coroutine_threadsafe(coro, self._loop).result(timeout=60)

    async def _start(self) -> None:
        server = Server()
        await server.init()
        server.set_endpoint(self.endpoint)
        server.set_security_policy([ua.SecurityPolicyType.NoSecurity])
        idx = await server.register_namespace(NAMESPACE)
        for name, (vtype, value, _status) in VARIABLES.items():
            self.nodes[name] = await server.nodes.objects.add_variable(
                ua.NodeId.from_string(f"ns={idx};s={name}"), ua.QualifiedName(name, idx), ua.Variant(value, vtype))
        await server.start()
        self._server = server
        for name, (_vtype, value, status) in VARIABLES.items():
            await self._write(name, value, status)

    async def _write(self, name: str, value: Any, status: int) -> None:
        stamp = dt.datetime.now(dt.UTC)
        await self._server.write_attribute_value(
            self.nodes[name].nodeid, ua.DataValue(ua.Variant(value, VARIABLES[name][0]), StatusCode=ua.StatusCode(status),
                                                  SourceTimestamp=stamp, ServerTimestamp=stamp))

    async def _stop(self) -> None:
        server, self._server = self._server, None
        if server is not None:
            await server.stop()
        me = asyncio.current_task()
        others = [t for t in asyncio.all_tasks() if t is not me]
        for task in others:
            task.cancel()
        await asyncio.gather(*others, return_exceptions=True)
