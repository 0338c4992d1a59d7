"""An OPC-UA server that refuses the station's certificate the way plant servers do.

asyncua's own server checks a client certificate only at CreateSession and answers with a proper
error. Plant servers (KEPServerEX, Prosys, PLC servers) refuse an untrusted client certificate
already at OpenSecureChannel: they cannot encrypt for a certificate they do not trust, so they answer
in the clear (security policy None) with a ServiceFault ``BadSecurityChecksFailed``, or with a
transport ERR message, and close the socket. asyncua then fails to parse the "secure" answer
(NotEnoughData, AssertionError) instead of saying what happened. This peer is an asyncua server for
the parts that work (endpoints, the None channel) and answers a secure OpenSecureChannel like them.
"""

from __future__ import annotations

import asyncio
import struct
import threading
from collections.abc import Coroutine
from pathlib import Path
from typing import Any, ClassVar

from asyncua import Server, ua
from asyncua.server.uaprocessor import UaProcessor
from asyncua.ua.ua_binary import nodeid_to_binary, struct_to_binary, uatcp_to_binary

from plugins.simulators.opcua_server import SECURE_POLICIES, free_port

NONE_POLICY = "http://opcfoundation.org/UA/SecurityPolicy#None"


def _string(text: str) -> bytes:
    data = text.encode("utf-8")
    return struct.pack("<i", len(data)) + data


def service_fault_in_the_clear(status: int, *, policy: str = NONE_POLICY, request_id: int = 1) -> bytes:
    """An OPN message carrying a ServiceFault in the clear (neither signed nor encrypted), as a picky
    server sends it: under the None policy, or under the requested policy's name."""
    fault = ua.ServiceFault()
    fault.ResponseHeader.ServiceResult = ua.StatusCode(status)
    body = nodeid_to_binary(ua.FourByteNodeId(ua.ObjectIds.ServiceFault_Encoding_DefaultBinary)) + struct_to_binary(fault)
    payload = (struct.pack("<I", 0) + _string(policy) + struct.pack("<ii", -1, -1)
               + struct.pack("<II", 1, request_id) + body)
    return b"OPNF" + struct.pack("<I", 8 + len(payload)) + payload


class _PickyProcessor:
    """Installed on UaProcessor for the picky servers only (the others in the process are untouched)."""

    servers: ClassVar[dict[int, str]] = {}    # id(internal server) -> "fault" | "clear" | "err"
    _original: ClassVar[Any] = None

    @classmethod
    def install(cls) -> None:
        if cls._original is not None:
            return
        cls._original = UaProcessor.open_secure_channel

        def open_secure_channel(self: UaProcessor, algohdr: Any, seqhdr: Any, body: Any) -> None:
            style = cls.servers.get(id(self.iserver))
            if style is None or algohdr.SecurityPolicyURI == NONE_POLICY:
                cls._original(self, algohdr, seqhdr, body)
                return
            if style == "err":
                message = ua.ErrorMessage(ua.StatusCode(ua.StatusCodes.BadSecurityChecksFailed),
                                          "certificate untrusted")
                self._transport.write(uatcp_to_binary(ua.MessageType.Error, message))
            elif style == "clear":
                self._transport.write(service_fault_in_the_clear(ua.StatusCodes.BadSecurityChecksFailed,
                                                                 policy=algohdr.SecurityPolicyURI))
            else:
                self._transport.write(service_fault_in_the_clear(ua.StatusCodes.BadSecurityChecksFailed))
            self._transport.close()

        UaProcessor.open_secure_channel = open_secure_channel  # type: ignore[method-assign]


class PickyOpcUaServer:
    """A server with a certificate and every secure policy that trusts no client certificate
    (``style`` says how it refuses; "" accepts every certificate). With ``secure_only`` it refuses
    sessions without security (BadSecurityModeRejected), as most plant servers do."""

    def __init__(self, *, certificate: Path, private_key: Path, style: str = "fault", secure_only: bool = False) -> None:
        self._secure_only = secure_only
        self.port = free_port()
        self.endpoint = f"opc.tcp://127.0.0.1:{self.port}/picky"
        self._certificate = certificate
        self._private_key = private_key
        self._style = style
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._loop.run_forever, name="picky-opcua", daemon=True)
        self._server: Any = None

    def start(self) -> None:
        self._thread.start()
        self._call(self._start())

    def stop(self) -> None:
        self._call(self._stop())
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(timeout=10)
        self._loop.close()

    def _call(self, coro: Coroutine[Any, Any, Any]) -> Any:
        return asyncio.run_coroutine_threadsafe(coro, self._loop).result(timeout=60)

    async def _start(self) -> None:
        _PickyProcessor.install()
        server = Server()
        await server.init()
        server.set_endpoint(self.endpoint)
        await server.load_certificate(str(self._certificate))
        await server.load_private_key(str(self._private_key))
        server.set_security_policy(SECURE_POLICIES if self._secure_only
                                   else [ua.SecurityPolicyType.NoSecurity, *SECURE_POLICIES])
        await server.start()
        if self._style:
            _PickyProcessor.servers[id(server.iserver)] = self._style
        self._server = server

    async def _stop(self) -> None:
        server, self._server = self._server, None
        if server is not None:
            _PickyProcessor.servers.pop(id(server.iserver), None)
            await server.stop()
        me = asyncio.current_task()
        others = [t for t in asyncio.all_tasks() if t is not me]
        for task in others:
            task.cancel()
        await asyncio.gather(*others, return_exceptions=True)
