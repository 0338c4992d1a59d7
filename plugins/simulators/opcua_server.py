"""A real asyncua server with the anodizing line's variables, addressed by namespace URI."""

from __future__ import annotations

import contextlib
import datetime as dt
import hmac
import logging
import socket
from typing import Any

from asyncua import Server, ua
from asyncua.crypto.permission_rules import User, UserRole
from asyncua.server.user_managers import UserManager

from plugins.simulators import scalar_copy

log = logging.getLogger(__name__)

NAMESPACE = "urn:station-hmi:anodizing-line"

# node id (s=…) -> (OPC-UA type, writable)
VARIABLES: dict[str, tuple[Any, bool]] = {
    "Line.State": (ua.VariantType.Int32, False),
    "Line.StateText": (ua.VariantType.String, False),
    "Line.PartCounter": (ua.VariantType.UInt32, False),
    "Line.FaultCode": (ua.VariantType.Int32, False),       # 0: none; a PLC fault code while in fault
    "Bath.Temperature": (ua.VariantType.Double, False),
    "Bath.TemperatureSetpoint": (ua.VariantType.Double, True),
    "Bath.Concentration": (ua.VariantType.Double, False),
    "Quality.PartNo": (ua.VariantType.UInt32, False),
    "Quality.ColourDeltaE": (ua.VariantType.Double, False),
    "Quality.Thickness": (ua.VariantType.Double, False),
}


# Every policy the station can use, in both modes; the client picks one.
SECURE_POLICIES = [
    ua.SecurityPolicyType.Basic256Sha256_Sign,
    ua.SecurityPolicyType.Basic256Sha256_SignAndEncrypt,
    ua.SecurityPolicyType.Aes128Sha256RsaOaep_Sign,
    ua.SecurityPolicyType.Aes128Sha256RsaOaep_SignAndEncrypt,
    ua.SecurityPolicyType.Aes256Sha256RsaPss_Sign,
    ua.SecurityPolicyType.Aes256Sha256RsaPss_SignAndEncrypt,
]


class PasswordUsers(UserManager):
    """An asyncua user manager that lets in only the listed user names with their passwords.

    Returning None makes asyncua refuse the session with BadUserAccessDenied, as a real server does.
    """

    def __init__(self, *, users: dict[str, str]) -> None:
        self._users = dict(users)

    def get_user(self, iserver: Any, username: str | None = None, password: str | None = None,
                 certificate: Any = None) -> User | None:
        expected = self._users.get(username or "")
        if expected is None or password is None:
            return None
        if not hmac.compare_digest(expected.encode("utf-8"), password.encode("utf-8")):
            return None
        return User(role=UserRole.User, name=username)


def free_port(host: str = "127.0.0.1") -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((host, 0))
        return int(sock.getsockname()[1])


class OpcUaSimServer:
    def __init__(self, *, host: str = "127.0.0.1", port: int = 0, certificate: str = "", private_key: str = "",
                 bench_items: int = 0, extra_namespaces: int = 0, users: dict[str, str] | None = None) -> None:
        self.host = host
        self.port = port or free_port(host)
        self.certificate = certificate
        self.private_key = private_key
        self.bench_items = bench_items
        self.extra_namespaces = extra_namespaces
        self.users = dict(users or {})   # empty: anonymous clients are welcome
        self._server: Any = None
        self.nodes: dict[str, Any] = {}
        self.bench_nodes: list[Any] = []

    @property
    def endpoint(self) -> str:
        return f"opc.tcp://{self.host}:{self.port}/station-hmi/sim"

    @property
    def running(self) -> bool:
        return self._server is not None

    async def start(self) -> None:
        scalar_copy.install()
        server = Server(user_manager=PasswordUsers(users=self.users)) if self.users else Server()
        await server.init()
        if self.users:
            server.set_identity_tokens([ua.UserNameIdentityToken])
        server.set_endpoint(self.endpoint)
        server.set_server_name("Station HMI anodizing line simulator")
        if self.certificate:
            await server.load_certificate(self.certificate)
            await server.load_private_key(self.private_key)
            server.set_security_policy([ua.SecurityPolicyType.NoSecurity, *SECURE_POLICIES])
        else:
            server.set_security_policy([ua.SecurityPolicyType.NoSecurity])
        # Extra namespaces registered first shift our index: clients must address by URI.
        for n in range(self.extra_namespaces):
            await server.register_namespace(f"urn:station-hmi:filler-{n}")
        idx = await server.register_namespace(NAMESPACE)
        line = await server.nodes.objects.add_object(ua.NodeId.from_string(f"ns={idx};s=AnodizingLine"), ua.QualifiedName("AnodizingLine", idx))
        self.nodes = {}
        for name, (vtype, writable) in VARIABLES.items():
            initial: str | int | float = "" if vtype is ua.VariantType.String else 0
            if vtype is ua.VariantType.Double:
                initial = 0.0
            var = await line.add_variable(ua.NodeId.from_string(f"ns={idx};s={name}"), ua.QualifiedName(name, idx), ua.Variant(initial, vtype))
            if writable:
                await var.set_writable()
            self.nodes[name] = var
        self.bench_nodes = []
        if self.bench_items:
            bench = await server.nodes.objects.add_object(ua.NodeId.from_string(f"ns={idx};s=Bench"), ua.QualifiedName("Bench", idx))
            for i in range(self.bench_items):
                name = f"Bench.Item{i:04d}"
                self.bench_nodes.append(await bench.add_variable(ua.NodeId.from_string(f"ns={idx};s={name}"), ua.QualifiedName(name, idx),
                                                                 ua.Variant(0.0, ua.VariantType.Double)))
        await server.start()
        self._server = server

    async def stop(self) -> None:
        server, self._server = self._server, None
        if server is not None:
            with contextlib.suppress(Exception):
                await server.stop()

    async def publish(self, values: dict[str, Any], *, now: dt.datetime | None = None) -> None:
        """Write values with their source timestamp (as a PLC would stamp them)."""
        if self._server is None:
            return
        stamp = now or dt.datetime.now(dt.UTC)
        for name, value in values.items():
            vtype = VARIABLES[name][0]
            await self._server.write_attribute_value(
                self.nodes[name].nodeid,
                ua.DataValue(ua.Variant(value, vtype), SourceTimestamp=stamp, ServerTimestamp=stamp))  # type: ignore[arg-type]

    async def publish_bench(self, value: float) -> None:
        if self._server is None:
            return
        for offset, node in enumerate(self.bench_nodes):
            stamp = dt.datetime.now(dt.UTC)  # stamped when written, as a PLC stamps each sample
            await self._server.write_attribute_value(
                node.nodeid, ua.DataValue(ua.Variant(value + offset, ua.VariantType.Double),
                                          SourceTimestamp=stamp, ServerTimestamp=stamp))  # type: ignore[arg-type]

    async def read(self, name: str) -> Any:
        return await self.nodes[name].read_value()
