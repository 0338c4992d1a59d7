"""A tag's source address is a URL whose scheme picks the driver (PyDM style).

``opcua://press1/nsu=urn:example:press;s=Oven.Temp``  (a named connection)
``modbus://plc2/hr/40001?type=float32&order=ABCD``    (holding register 40001 = offset 0)

The core keeps only the scheme -> driver lookup: the scheme is the name of an ``hmi.equipment`` entry
point, and that driver parses and validates the rest (its own ``hmi.equipment.addresses`` entry point,
light to import, or the driver's ``parse_address``). ``split_url`` is the common shape drivers may use:
a connection name or host:port, '/', a path, and options after '?'. Parsing never talks to equipment;
every mistake is an ``AddressError`` naming what is wrong and what was expected.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Protocol
from urllib.parse import parse_qsl


class AddressError(ValueError):
    """The address cannot be understood; the message says what was expected."""


@dataclass(frozen=True, slots=True)
class TagAddress:
    raw: str
    scheme: str
    # Either a connection name from station.toml, or an endpoint written in the URL.
    connection: str | None
    endpoint: str | None
    path: str
    options: dict[str, str] = field(default_factory=dict)


class AddressGrammar(Protocol):
    """A driver's parser: ``rest`` is what follows ``<scheme>://`` in ``raw``. Raises AddressError."""

    def __call__(self, raw: str, scheme: str, rest: str) -> TagAddress: ...


_SCHEME = re.compile(r"^([a-z][a-z0-9+.-]*)://(.*)$", re.IGNORECASE)
_HOSTPORT = re.compile(r"^(\[[0-9a-f:]+\]|[A-Za-z0-9.-]+):(\d{1,5})$")
_IP = re.compile(r"^\d{1,3}(\.\d{1,3}){3}$")


def parse_address(raw: str) -> TagAddress:
    text = raw.strip()
    match = _SCHEME.match(text)
    if not match:
        raise AddressError(f"{raw!r} is not an address; write it like 'opcua://conn/ns=2;s=Name' or "
                           "'modbus://conn/hr/40001'")
    scheme, rest = match.group(1).lower(), match.group(2)
    return address_grammar(scheme)(raw, scheme, rest)


def address_grammar(scheme: str) -> AddressGrammar:
    """The grammar of the driver named ``scheme``; ``split_url`` for a scheme no driver has (the connection
    it names then says what is wrong)."""
    from hmi.plugin_registry import PluginNotFound, plugin_attribute

    try:
        grammar = plugin_attribute("hmi.equipment", scheme, "addresses", attribute="parse_address")
    except PluginNotFound:
        return split_url
    except Exception as exc:   # a broken plugin: its tags say so, the others run
        raise AddressError(f"the {scheme} driver cannot read its addresses: {type(exc).__name__}: {exc}") from exc
    return grammar if callable(grammar) else split_url


def split_url(raw: str, scheme: str, rest: str, *, example: str = "key=value&key=value") -> TagAddress:
    """``<connection or host:port>/<path>[?key=value&…]``: options for any driver, checked by that driver."""
    authority, sep, path = rest.partition("/")
    if not authority:
        raise AddressError(f"{raw!r}: the connection name (or host:port) is missing after '{scheme}://'")
    if not sep or not path:
        raise AddressError(f"{raw!r}: the part after '{authority}/' is missing")
    options: dict[str, str] = {}
    if "?" in path:
        path, _, query = path.partition("?")
        try:
            options = {k.lower(): v for k, v in parse_qsl(query, strict_parsing=True)}
        except ValueError:
            raise AddressError(f"{raw!r}: the options after '?' must look like '{example}'") from None
    if is_endpoint(authority):
        return TagAddress(raw=raw, scheme=scheme, connection=None, endpoint=authority, path=path, options=options)
    return TagAddress(raw=raw, scheme=scheme, connection=authority, endpoint=None, path=path, options=options)


def is_endpoint(authority: str) -> bool:
    """host:port, an IP address or localhost: an endpoint written in the URL, not a connection name."""
    return bool(_HOSTPORT.match(authority) or _IP.match(authority) or authority == "localhost")
