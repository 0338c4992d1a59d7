"""The OPC-UA driver's address grammar: a node id, after a connection name or an endpoint in the URL.

``opcua://press1/nsu=urn:example:press;s=Oven.Temp``  (a named connection)
``opcua://opc.tcp://127.0.0.1:4840/ns=2;i=17``        (an endpoint written in the URL)
``opcua://press1/ns=2;s=Levels?index=2``              (one element of an array variable)

Light to import (no asyncua): the station finds ``parse_url`` through ``hmi.equipment.addresses``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from hmi.tags.address import AddressError, TagAddress, is_endpoint

_NODE_START = re.compile(r"/(?=nsu=|ns=\d|i=\d|s=|g=|b=)")


def parse_url(raw: str, scheme: str, rest: str) -> TagAddress:
    if rest.startswith("opc.tcp://"):
        # The endpoint may have a path of its own: the node id starts at the first '/nsu=', '/ns=', '/i=' …
        node = _NODE_START.search(rest, len("opc.tcp://"))
        if node is None:
            raise AddressError(f"{raw!r}: after the endpoint write '/' and a node id (nsu=URI;s=Name)")
        node_path, node_options = _opcua_options(raw, rest[node.start() + 1:])
        return TagAddress(raw=raw, scheme=scheme, connection=None, endpoint=rest[:node.start()],
                          path=node_path, options=node_options)
    authority, sep, path = rest.partition("/")
    if not authority:
        raise AddressError(f"{raw!r}: the connection name (or host:port) is missing after '{scheme}://'")
    if not sep or not path:
        raise AddressError(f"{raw!r}: the part after '{authority}/' is missing")
    path, options = _opcua_options(raw, path)
    if is_endpoint(authority):
        return TagAddress(raw=raw, scheme=scheme, connection=None, endpoint=authority, path=path, options=options)
    return TagAddress(raw=raw, scheme=scheme, connection=authority, endpoint=None, path=path, options=options)


_OPCUA_INDEX = re.compile(r"^(.*)\?index=(\d+)$")


def _opcua_options(raw: str, path: str) -> tuple[str, dict[str, str]]:
    """An OPC-UA node may end in ``?index=N``: one element of an array variable, as a scalar tag."""
    match = _OPCUA_INDEX.match(path)
    if match is None:
        if re.search(r"\?index=", path):
            raise AddressError(f"{raw!r}: write the array element as '?index=N' with N a whole number from 0")
        return path, {}
    return match.group(1), {"index": match.group(2)}


_NODE = re.compile(r"^(?:(nsu=[^;]+|ns=\d+);)?(i=\d+|s=.+|g=[0-9a-fA-F-]{36}|b=.+)$")


@dataclass(frozen=True, slots=True)
class OpcUaNode:
    namespace_uri: str | None   # addressed by URI: survives a server that reorders its namespaces
    namespace_index: int | None
    identifier: str             # "s=Oven.Temp", "i=2258", …
    index: int | None = None    # one element of an array variable (``?index=N``)

    def with_index(self, index: int) -> str:
        return f"ns={index};{self.identifier}"


def parse_opcua_node(address: TagAddress) -> OpcUaNode:
    match = _NODE.match(address.path)
    if not match:
        raise AddressError(f"{address.raw!r}: {address.path!r} is not a node id; write 'nsu=URI;s=Name', "
                           "'ns=2;s=Name' or 'i=2258'")
    ns, ident = match.group(1), match.group(2)
    index = int(address.options["index"]) if "index" in address.options else None
    if ns is None:
        return OpcUaNode(namespace_uri=None, namespace_index=0, identifier=ident, index=index)
    if ns.startswith("nsu="):
        return OpcUaNode(namespace_uri=ns[4:], namespace_index=None, identifier=ident, index=index)
    return OpcUaNode(namespace_uri=None, namespace_index=int(ns[3:]), identifier=ident, index=index)
