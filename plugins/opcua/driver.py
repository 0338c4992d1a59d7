"""The OPC-UA driver: subscriptions with monitored items, reconnect with a NEW client each time.

asyncua has no high-level reconnection, and a Client reused after losing its connection can hang
(asyncua#1660): on loss this driver drops the client, waits (capped exponential backoff with
jitter), makes a new Client and re-creates the subscriptions. Nodes are addressed by namespace
URI (nsu=) and resolved against the server's namespace array on every connect.
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import logging
import math
import time
from pathlib import Path
from typing import Any, ClassVar

from asyncua import Client, ua
from asyncua.common.subscription import DataChangeEvent, OverflowPolicy, StatusChangeEvent
from asyncua.crypto import security_policies

from hmi.connections.supervisor import ConnectionSupervisor, NeedsConfiguration, TaskFailed, Unavailable
from hmi.equipment.driver import DriverSink, EquipmentDriver, TagBinding, WriteError
from hmi.shutdown import cancel_and_wait
from hmi.status import ComponentStatus, Health
from hmi.tags.address import AddressError
from hmi.tags.sample import Quality, Sample, Scalar, Value
from hmi.wait import wait_event
from plugins.opcua.address import parse_opcua_node, parse_url
from plugins.opcua.options import OpcUaOptions, PasswordFileUnreadable
from plugins.opcua.trust import UntrustedServer, check_trusted

log = logging.getLogger(__name__)


class _CleanCloseNoise(logging.Filter):
    """asyncua logs a traceback at ERROR whenever the server goes away or ends the session during a
    publish, warns about closing a channel that is already closed, and about notifications for a
    subscription it is still setting up. The driver reports a loss itself (status, tags BAD, one log
    line), so at the default level these are only noise; with --verbose (DEBUG) they are kept."""

    QUIET_CODES = frozenset({ua.StatusCodes.BadSessionClosed, ua.StatusCodes.BadSessionIdInvalid,
                             ua.StatusCodes.BadConnectionClosed, ua.StatusCodes.BadSecureChannelClosed,
                             ua.StatusCodes.BadServerHalted, ua.StatusCodes.BadShutdown})
    QUIET_MESSAGES = ("close_secure_channel was called but connection is closed",
                      "close_session was called but connection is closed",
                      "Received data for unknown subscription")

    def filter(self, record: logging.LogRecord) -> bool:
        if logging.getLogger("asyncua").isEnabledFor(logging.DEBUG):
            return True
        if record.msg in self.QUIET_MESSAGES or any(str(record.msg).startswith(m) for m in self.QUIET_MESSAGES):
            return False
        exc = record.exc_info[1] if record.exc_info else None
        if isinstance(exc, ConnectionError | OSError | asyncio.CancelledError):
            return False
        return not (isinstance(exc, ua.UaStatusCodeError) and getattr(exc, "code", None) in self.QUIET_CODES)


for _name in ("asyncua.client.ua_session.UaSession", "asyncua.client.ua_client.UaClient",
              "asyncua.client.ua_client.UASocketProtocol"):
    logging.getLogger(_name).addFilter(_CleanCloseNoise())

# The config's policy names (as in the OPC-UA policy URIs) -> asyncua's classes, whose names differ.
POLICY_CLASSES: dict[str, type[security_policies.SecurityPolicy]] = {
    "Basic256Sha256": security_policies.SecurityPolicyBasic256Sha256,
    "Aes128_Sha256_RsaOaep": security_policies.SecurityPolicyAes128Sha256RsaOaep,
    "Aes256_Sha256_RsaPss": security_policies.SecurityPolicyAes256Sha256RsaPss,
}


def quality_of(status: Any) -> Quality:
    if status is None:
        return Quality.GOOD
    if status.is_good():
        return Quality.GOOD
    if status.is_uncertain():
        return Quality.UNCERTAIN
    return Quality.BAD


def _plain(value: Any) -> Scalar | None:
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, dt.datetime):
        return value.isoformat()
    if isinstance(value, bytes):
        return value.hex()
    return str(value)


def _shaped(value: Any, binding: TagBinding | None) -> tuple[Value, str | None]:
    """The value as the tag wants it (a scalar, a list, or one element), or None and why it does not fit."""
    index = None
    if binding is not None and binding.address.options.get("index") is not None:
        index = int(binding.address.options["index"])
    if isinstance(value, list | tuple):
        if index is not None:
            if index >= len(value):
                return None, f"the array has {len(value)} element(s): there is no index {index}"
            element = _plain(value[index])
            if element is None:
                return None, f"element {index} of the array is empty (null)"
            return element, None
        if binding is None or binding.array:
            elements = [_plain(item) for item in value]
            empty = [n for n, v in enumerate(elements) if v is None]
            if empty:   # dropping them would shift every later element into another's position
                where = ", ".join(str(n) for n in empty[:5]) + (", …" if len(empty) > 5 else "")
                return None, f"the array has empty (null) element(s) at {where} of {len(elements)}"
            return [v for v in elements if v is not None], None
        return None, (f"the server sends an array of {len(value)} value(s): set array = true on the tag, "
                      "or take one element with '?index=N' at the end of its address")
    if index is not None:
        return None, "the server sends a single value, not an array: remove '?index=' from the address"
    if binding is not None and binding.array:
        return None, "the server sends a single value, not an array: remove array = true from the tag"
    return _plain(value), None


def _epoch(stamp: dt.datetime | None) -> float:
    if stamp is None:
        return time.time()
    if stamp.tzinfo is None:
        stamp = stamp.replace(tzinfo=dt.UTC)
    return stamp.timestamp()


def sample_of(tag: str, dv: Any, binding: TagBinding | None = None) -> Sample:
    """A DataValue as a Sample: Bad values carry no value, so they can never look good; an array
    reaches a tag only as a list (``array = true``) or as the element its address names."""
    status = getattr(dv, "StatusCode", None)
    quality = quality_of(status)
    ts = _epoch(dv.SourceTimestamp or dv.ServerTimestamp)
    if quality is Quality.BAD:
        return Sample(tag=tag, ts=ts, value=None, quality=quality, error=f"server says {getattr(status, 'name', '?')}")
    value, problem = _shaped(dv.Value.Value if dv.Value is not None else None, binding)
    if problem is not None:
        return Sample(tag=tag, ts=ts, value=None, quality=Quality.BAD, error=problem)
    return Sample(tag=tag, ts=ts, value=value, quality=quality,
                  error=None if quality is Quality.GOOD else f"server says {getattr(status, 'name', '?')}")


def _require_files(*paths: str) -> None:
    for path in paths:
        if not Path(path).is_file():
            raise FileNotFoundError(f"{path} not found (make the station certificate with 'hmi certs create')")


# Status codes of a refused ActivateSession, in words an integrator acts on.
LOGIN_REFUSED: dict[int, str] = {
    ua.StatusCodes.BadUserAccessDenied: "the server refused the user name or password",
    ua.StatusCodes.BadIdentityTokenInvalid: "the server could not accept the user name/password token",
    ua.StatusCodes.BadIdentityTokenRejected:
        "the server does not accept this kind of login (it may require a user name and password, or not allow them)",
}


def login_refused(exc: BaseException) -> bool:
    return isinstance(exc, ua.UaStatusCodeError) and exc.code in LOGIN_REFUSED


def describe(exc: BaseException) -> str:
    if login_refused(exc):
        code = ua.StatusCode(exc.code)  # type: ignore[attr-defined]
        return f"login refused: {LOGIN_REFUSED[exc.code]} ({code.name})"  # type: ignore[attr-defined]
    if isinstance(exc, ua.UaStatusCodeError):
        return f"{type(exc).__name__}: {exc}"
    if isinstance(exc, TimeoutError | asyncio.TimeoutError):
        return "no answer (timeout)"
    if isinstance(exc, ConnectionRefusedError):
        return "connection refused (is the server running?)"
    return str(exc) or type(exc).__name__


STOP_TIMEOUT_S = 3.0
KEEPALIVES_MISSED = 3     # a subscription with no publish answer (data or keep-alive) for this many is dead


class CertificateRefused(Exception):
    """The server would not open a secure channel with the station's certificate."""


def _abort(client: Any) -> None:
    """Close a client's socket at once, without the OPC-UA goodbye."""
    with contextlib.suppress(Exception):
        client.uaclient.protocol.transport.abort()


def new_client(options: OpcUaOptions) -> Any:
    client = Client(options.endpoint, timeout=options.timeout_s)
    client.application_uri = options.application_uri
    client.session_timeout = 30000
    # asyncua's own stale-subscription watchdog re-creates a silent subscription without a word; the
    # driver's watchdog sees it instead, and the supervisor shows it FAILED and reconnects.
    client._stale_check_margin = math.inf
    return client


async def secure(client: Any, o: OpcUaOptions) -> None:
    """Set up login and security on a new client, as the connection's options say (driver and browse)."""
    if o.username:
        client.set_user(o.username)
        client.set_password(o.read_password())
    if o.security_policy == "None":
        return
    policy = POLICY_CLASSES[o.security_policy]
    mode = getattr(ua.MessageSecurityMode, o.security_mode)
    if o.trust_dir:
        trust_dir = Path(o.trust_dir)

        async def validate(cert: Any, _app: Any) -> None:
            check_trusted(cert, trust_dir=trust_dir, endpoint=o.endpoint)

        client.certificate_validator = validate
    _require_files(o.certificate, o.private_key)
    await client.set_security(policy, certificate=o.certificate, private_key=o.private_key, mode=mode)
    _name_channel_refusals(client, o)


def _name_channel_refusals(client: Any, o: OpcUaOptions) -> None:
    """A server that does not trust the station's certificate refuses the secure channel in ways asyncua
    cannot parse (an answer in the clear, a bare ERR, a closed socket: 'connection lost', NotEnoughData,
    AssertionError). Any failure of the secure OpenSecureChannel, short of a timeout, is that refusal."""
    original = client.open_secure_channel

    async def open_secure_channel(*args: Any, **kwargs: Any) -> Any:
        try:
            return await original(*args, **kwargs)
        except (TimeoutError, asyncio.CancelledError, UntrustedServer):
            raise
        except Exception as exc:
            name = Path(o.certificate).name
            raise CertificateRefused(
                f"the server refused this station's certificate: trust {name} on the server "
                f"(the file is {o.certificate}; the server answered: {describe(exc)})") from exc

    client.open_secure_channel = open_secure_channel


class OpcUaDriver(EquipmentDriver):
    config_model: ClassVar[type[OpcUaOptions]] = OpcUaOptions
    parse_address = staticmethod(parse_url)   # also its own light entry point (hmi.equipment.addresses)

    @classmethod
    def one_shot_options(cls, endpoint: str) -> dict[str, Any]:
        return {"endpoint": endpoint, "reconnect_max_s": 2.0}

    def __init__(self, *, connection: str, options: OpcUaOptions, tags: list[TagBinding], sink: DriverSink) -> None:
        super().__init__(connection=connection, options=options, tags=tags, sink=sink)
        self._opts = options
        self._client: Any = None
        self._task: asyncio.Task[None] | None = None
        self._nodes: dict[str, Any] = {}            # tag -> Node of the current client
        self._tags_of: dict[Any, list[str]] = {}    # NodeId -> tags
        self._variant_types: dict[str, Any] = {}
        self._bad: dict[str, str] = {}              # tag -> why it has no monitored item
        self._lost = asyncio.Event()
        self._lost_reason = "the server ended the subscription"
        self._lost_failed = False    # the subscription died while the connection lived: FAILED, not CONNECTING
        # (subscription, monotonic time it was made, its keep-alive period in s as the server agreed it)
        self._subscriptions: list[tuple[Any, float, float]] = []
        self._consumers: list[asyncio.Task[None]] = []   # one per subscription of the current client
        self._stopping = False
        self._supervisor: ConnectionSupervisor | None = None
        self._warned_plaintext = False

    async def start(self) -> None:
        self._stopping = False
        if self._opts.username and self._opts.security_policy == "None" and not self._warned_plaintext:
            self._warned_plaintext = True
            log.warning("opcua %s: security_policy is None, so the channel is not encrypted: the password of user %r "
                        "goes over the network in plain text unless the server asks for an encrypted user token. "
                        "Use security_policy/security_mode Sign or SignAndEncrypt.", self.connection, self._opts.username)
        if self._opts.trust_any_server and self._opts.security_policy != "None":
            log.warning("opcua %s: trust_any_server = true: the station accepts ANY server certificate, so it "
                        "cannot tell %s from an impostor. Set trust_dir (and trust the server's certificate with "
                        "'hmi certs trust') once commissioning is done.", self.connection, self._opts.endpoint)
        self.sink.set_state(ComponentStatus(Health.CONNECTING, f"connecting to {self._opts.endpoint}"))
        self._supervisor = ConnectionSupervisor(name=f"opcua {self.connection}", connection=self,
                                                report=self.sink.set_state, initial_s=self._opts.reconnect_min_s,
                                                max_s=self._opts.reconnect_max_s)
        self._task = asyncio.create_task(self._supervisor.run(), name=f"opcua-{self.connection}")

    async def stop(self) -> None:
        """Ends within a few seconds whatever the connection is doing (connecting, backing off, closing)."""
        self._stopping = True
        task, self._task = self._task, None
        await cancel_and_wait([task], timeout_s=STOP_TIMEOUT_S, what=f"opcua {self.connection}")
        client, self._client = self._client, None
        if client is not None:   # the task overran: at least close its socket
            _abort(client)

    # Connection life (run by the ConnectionSupervisor) -------------------------------------------
    async def connect(self) -> str:
        """A NEW client each time (asyncua#1660), secured, connected and subscribed."""
        client = self._client = self._new_client()
        try:
            await self._secure(client)
            await client.connect()
            await self._subscribe(client)
        except (UntrustedServer, CertificateRefused, PasswordFileUnreadable, FileNotFoundError) as exc:
            raise NeedsConfiguration(str(exc)) from exc
        except Exception as exc:
            error = describe(exc)
            log.debug("opcua %s: %s", self.connection, error, exc_info=True)
            if login_refused(exc):
                raise NeedsConfiguration(error + self._login_hint()) from exc
            raise Unavailable(error) from exc
        self.sink.alive()
        return f"connected to {self._opts.endpoint}"

    async def serve(self) -> None:
        try:
            await self._watch(self._client)
        except TaskFailed:
            raise
        except Exception as exc:
            raise Unavailable(describe(exc)) from exc

    async def close(self) -> None:
        client, self._client = self._client, None
        self._nodes.clear()
        self._subscriptions.clear()
        await self._drop_consumers()
        if client is not None:
            await self._discard(client)

    def _login_hint(self) -> str:
        o = self._opts
        if not o.username:
            return f"; connection {self.connection} logs in anonymously: set username and password (or password_file)"
        secret = f"password_file {o.password_file}" if o.password_file else "password"
        return f"; check username {o.username!r} and {secret} of connection {self.connection}"

    def _new_client(self) -> Any:
        return new_client(self._opts)

    async def _secure(self, client: Any) -> None:
        await secure(client, self._opts)

    async def _discard(self, client: Any) -> None:
        """Drop a client that may be half-dead; never reuse it (asyncua#1660).

        Only errors are ignored here: a cancellation (the station stopping) must go through, or
        the reconnect loop would go on and ``stop()`` would wait for it forever.
        """
        try:
            with contextlib.suppress(Exception):
                await asyncio.wait_for(client.disconnect(), timeout=2)
        finally:
            _abort(client)

    async def _watch(self, client: Any) -> None:
        """The subscriptions' own publish answers (data or keep-alive, about every ``watchdog_s``) are the
        alive signal: a subscription that goes quiet lets its values go STALE at once, and FAILED (BAD)
        once it is dead. Reading ServerStatus only tells whether the session itself still answers."""
        self._lost.clear()
        self._lost_reason = "the server ended the subscription"
        self._lost_failed = False
        state_node = client.get_node(ua.ObjectIds.Server_ServerStatus_State)
        loop = asyncio.get_running_loop()
        next_read = loop.time() + self._opts.watchdog_s
        tick = min(0.25, self._opts.watchdog_s)
        while True:
            if await wait_event(self._lost, tick):
                raise TaskFailed(self._lost_reason) if self._lost_failed else ConnectionError(self._lost_reason)
            dead = self._dead_subscription(client)
            if dead is not None:
                raise TaskFailed(dead)
            if self._subscriptions and not self._overdue():
                self.sink.alive()
            if loop.time() >= next_read:
                await asyncio.wait_for(state_node.read_value(), timeout=self._opts.timeout_s)
                next_read = loop.time() + self._opts.watchdog_s
                if not self._subscriptions:   # no tags: the session answering is all there is to vouch for
                    self.sink.alive()

    def _dead_subscription(self, client: Any) -> str | None:
        """Why the subscriptions stopped while the session lives, or None. A server that drops a
        subscription (its lifetime ran out, it restarted its subscription engine) or answers Publish with
        an error only goes quiet: no data and no keep-alives, while reads still work."""
        if not self._subscriptions:
            return None
        publisher = getattr(client.uaclient, "_publish_task", None)
        if publisher is not None and publisher.done():
            error = None if publisher.cancelled() else publisher.exception()
            # asyncua's loop returns, for good, when the server answers a Publish with BadNoSubscription.
            why = f": {describe(error)}" if error is not None else " (the server says this session has no subscription)"
            return f"the subscription's publish loop ended{why}; subscribing again"
        now = time.monotonic()
        for sub, made, keepalive_s in self._subscriptions:
            last = sub.last_publish_at if sub.last_publish_at is not None else made
            if now - last > KEEPALIVES_MISSED * keepalive_s + self._opts.timeout_s:
                return (f"the server stopped answering subscription {sub.subscription_id} (no data or keep-alive "
                        f"for {now - last:.0f} s; it may have dropped it); subscribing again")
        return None

    def _overdue(self) -> bool:
        """A subscription whose keep-alive (or data) is late: its values are no longer vouched for."""
        now = time.monotonic()
        for sub, made, keepalive_s in self._subscriptions:
            last = sub.last_publish_at if sub.last_publish_at is not None else made
            if now - last > keepalive_s + max(0.5, 0.5 * keepalive_s):
                return True
        return False

    async def _agree_keepalive(self, sub: Any) -> float:
        """Ask for our keep-alive period again, and return the period the server grants.

        When a server revises the publishing interval, asyncua modifies the subscription to a keep-alive
        of 75 % of the session timeout (22 s): a quiet subscription would then be seen that late.
        A server that refuses to modify it keeps what it granted; its answer is the truth either way."""
        requested = sub.parameters
        interval_ms = max(1.0, float(requested.RequestedPublishingInterval))
        params = ua.ModifySubscriptionParameters()
        params.SubscriptionId = sub.subscription_id
        params.RequestedPublishingInterval = interval_ms
        params.RequestedMaxKeepAliveCount = max(1, math.ceil(max(1.0, self._opts.watchdog_s) * 1000 / interval_ms))
        params.RequestedLifetimeCount = max(10000, 3 * params.RequestedMaxKeepAliveCount)
        params.MaxNotificationsPerPublish = 10000
        params.Priority = 0
        try:
            result = await sub.update(params)
        except ua.uaerrors.UaError as exc:   # not supported: the values asyncua asked for stand
            log.debug("opcua %s: cannot modify subscription %s: %s", self.connection, sub.subscription_id, exc)
            return float(requested.RequestedPublishingInterval) / 1000 * max(1, requested.RequestedMaxKeepAliveCount)
        period = float(result.RevisedPublishingInterval) / 1000 * max(1, result.RevisedMaxKeepAliveCount)
        if period > 2 * max(1.0, self._opts.watchdog_s):
            log.warning("opcua %s: the server grants a keep-alive only every %.1f s (asked for about %g s): "
                        "a subscription that goes quiet is seen that late", self.connection, period,
                        max(1.0, self._opts.watchdog_s))
        return period

    def _subscription_parameters(self) -> Any:
        """Keep-alives about every watchdog period (at least 1 s): a dead subscription is seen within a
        few of them, not after asyncua's default of 75 % of the session timeout (22 s)."""
        interval_ms = self._opts.publishing_interval_s * 1000
        params = ua.CreateSubscriptionParameters()
        params.RequestedPublishingInterval = interval_ms
        params.RequestedMaxKeepAliveCount = max(1, math.ceil(max(1.0, self._opts.watchdog_s) * 1000 / interval_ms))
        params.RequestedLifetimeCount = max(10000, 3 * params.RequestedMaxKeepAliveCount)
        params.MaxNotificationsPerPublish = 10000
        params.PublishingEnabled = True
        params.Priority = 0
        return params

    # Subscriptions -----------------------------------------------------------------------------
    async def _resolve(self, client: Any) -> None:
        namespaces = await client.get_namespace_array()
        self._nodes.clear()
        self._tags_of.clear()
        for name, tag in self.tags.items():
            try:
                spec = parse_opcua_node(tag.address)
            except AddressError as exc:
                self._bad[name] = str(exc)
                continue
            if spec.namespace_uri is not None:
                if spec.namespace_uri not in namespaces:
                    self._bad[name] = f"{tag.address.raw}: the server has no namespace {spec.namespace_uri!r}"
                    continue
                index = namespaces.index(spec.namespace_uri)
            else:
                index = spec.namespace_index or 0
            try:
                node = client.get_node(spec.with_index(index))
            except Exception as exc:
                self._bad[name] = f"{tag.address.raw}: {exc}"
                continue
            self._nodes[name] = node
            self._tags_of.setdefault(node.nodeid, []).append(name)

    async def _subscribe(self, client: Any) -> None:
        self._bad.clear()
        await self._resolve(client)
        groups: dict[tuple[float, float], list[str]] = {}
        for name in self._nodes:
            tag = self.tags[name]
            groups.setdefault((tag.interval_s, tag.deadband), []).append(name)
        size = self._opts.max_items_per_subscription
        for (interval, deadband), names in groups.items():
            for first in range(0, len(names), size):
                chunk = names[first:first + size]
                # Iterator mode: the notifications of one publish response are queued and read in
                # one go, not dispatched as a task per value (asyncua's handler mode).
                backlog = 8 * len(chunk) * max(1, self._opts.queue_size)
                sub = await client.create_subscription(self._subscription_parameters(), None,
                                                       queue_maxsize=backlog, overflow=OverflowPolicy.DROP_OLDEST)
                self._subscriptions.append((sub, time.monotonic(), await self._agree_keepalive(sub)))
                self._consumers.append(asyncio.create_task(self._consume(sub), name=f"opcua-{self.connection}-sub"))
                mfilter = None
                if deadband > 0:
                    mfilter = ua.DataChangeFilter()
                    mfilter.Trigger = ua.DataChangeTrigger.StatusValue
                    mfilter.DeadbandType = 1  # absolute
                    mfilter.DeadbandValue = deadband
                results = await sub._subscribe([self._nodes[n] for n in chunk], ua.AttributeIds.Value,
                                               mfilter=mfilter, queuesize=self._opts.queue_size,
                                               sampling_interval=interval * 1000)
                for name, result in zip(chunk, results, strict=False):
                    if isinstance(result, ua.StatusCode):
                        self._bad[name] = f"{self.tags[name].address.raw}: {result.name} ({result.doc})"
        now = time.time()
        for name, error in self._bad.items():
            log.error("opcua %s: tag %s: %s", self.connection, name, error)
            self._nodes.pop(name, None)
            self.sink.publish(Sample(tag=name, ts=now, value=None, quality=Quality.BAD, error=error))

    async def _consume(self, sub: Any) -> None:
        try:
            async for event in sub:
                try:
                    if isinstance(event, DataChangeEvent):
                        self._on_change(event.node, event.data.monitored_item.Value)
                    elif isinstance(event, StatusChangeEvent):
                        self._status_changed(event)
                except Exception:   # one bad notification must not end the subscription's reader
                    log.exception("opcua %s: cannot handle a notification", self.connection)
        except asyncio.CancelledError:
            raise
        except Exception as exc:   # the reader itself died: said at once, then reconnect (below)
            self._lost_reason = f"subscription reader failed: {type(exc).__name__}: {exc}"
            self._lost_failed = True
            log.error("opcua %s: %s (reconnecting)", self.connection, self._lost_reason, exc_info=True)
        finally:
            self._lost.set()    # the subscription ended: reconnect and subscribe again

    def _status_changed(self, event: StatusChangeEvent) -> None:
        """asyncua tells a lost connection as BadShutdown (the peer may come back: CONNECTING); any other
        status is the server ending a subscription of a live session (e.g. BadTimeout): FAILED."""
        status = getattr(event.notification, "Status", None)
        code = getattr(status, "value", None)
        if code is not None and code != ua.StatusCodes.BadShutdown:
            self._lost_reason = f"the server ended the subscription ({status.name}); subscribing again"  # type: ignore[union-attr]
            self._lost_failed = True
        self._lost.set()

    async def _drop_consumers(self) -> None:
        consumers, self._consumers = self._consumers, []
        await cancel_and_wait(consumers, timeout_s=1.0, what=f"opcua {self.connection} subscriptions")

    def _on_change(self, node: Any, dv: Any) -> None:
        for name in self._tags_of.get(node.nodeid, ()):
            if name not in self._bad:
                self.sink.publish(sample_of(name, dv, self.tags[name]))

    # One-off read and write --------------------------------------------------------------------
    async def read(self, tag: str) -> Sample:
        if tag in self._bad:
            return Sample(tag=tag, ts=time.time(), value=None, quality=Quality.BAD, error=self._bad[tag])
        node = self._nodes.get(tag)
        if node is None:
            return Sample(tag=tag, ts=time.time(), value=None, quality=Quality.BAD, error="not connected")
        try:
            # Not raised on a non-Good status: an Uncertain value is a value (as subscriptions deliver it).
            dv = await node.read_data_value(raise_on_bad_status=False)
        except Exception as exc:
            return Sample(tag=tag, ts=time.time(), value=None, quality=Quality.BAD, error=describe(exc))
        return sample_of(tag, dv, self.tags.get(tag))

    async def write(self, tag: str, value: Value) -> None:
        node = self._nodes.get(tag)
        if node is None:
            raise WriteError(self._bad.get(tag, f"{tag}: not connected to {self._opts.endpoint}"))
        try:
            vtype = self._variant_types.get(tag)
            if vtype is None:
                vtype = self._variant_types[tag] = await node.read_data_type_as_variant_type()
            await node.write_value(ua.DataValue(ua.Variant(value, vtype)))
        except Exception as exc:
            raise WriteError(f"{tag}: {describe(exc)}") from None


async def browse(options: OpcUaOptions, *, max_nodes: int = 5000) -> list[tuple[str, str, str]]:
    """Every variable under Objects as (nsu= address, data type, current value), for 'hmi browse'.

    Connects as a connection with these options would (security, trust, login), since most plant
    servers refuse security None.
    """
    client = new_client(options)
    await secure(client, options)
    found: list[tuple[str, str, str]] = []
    async with client:
        namespaces = await client.get_namespace_array()
        pending = [client.nodes.objects]
        seen: set[Any] = set()
        while pending and len(found) < max_nodes:
            node = pending.pop()
            for child in await node.get_children():
                if child.nodeid in seen or child.nodeid.NamespaceIndex == 0:
                    continue
                seen.add(child.nodeid)
                node_class = await child.read_node_class()
                if node_class == ua.NodeClass.Variable:
                    nid = child.nodeid
                    text = nid.to_string().split(";", 1)[-1]
                    uri = namespaces[nid.NamespaceIndex]
                    try:
                        dv = await child.read_data_value()
                        kind = dv.Value.VariantType.name if dv.Value is not None else "?"
                        value = repr(_plain(dv.Value.Value if dv.Value is not None else None))
                    except Exception as exc:
                        kind, value = "?", describe(exc)
                    found.append((f"nsu={uri};{text}", kind, value))
                if node_class in (ua.NodeClass.Object, ua.NodeClass.Variable):
                    pending.append(child)
    return sorted(found)


