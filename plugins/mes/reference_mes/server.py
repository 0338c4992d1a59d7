"""The reference MES's HTTP side (aiohttp): the contract in plugins/mes/openapi.yaml plus /sim controls."""

from __future__ import annotations

import asyncio
import hashlib
import json
import random
import ssl
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from aiohttp import web

from hmi.production.bundle_files import load_bundle_dir
from hmi.production.demo import demo_masterdata_dir
from plugins.mes.reference_mes.received import ReceivedEvents

API = "/api/v1"


@dataclass
class FailureControls:
    """What the MES does wrong on purpose. Changed from tests directly or through POST /sim/control."""

    down: bool = False                   # every API call answers 503
    delay_s: float = 0.0                 # answer this much later (timeouts)
    fail_next: int = 0                   # the next N event posts answer 500
    fail_rate: float = 0.0               # each event post answers 500 with this probability
    throttle_next: int = 0               # the next N event posts answer 429 with Retry-After
    retry_after_s: float = 1.0
    reject_event_ids: dict[str, str] = field(default_factory=dict)   # event id -> reason (4xx for that event)
    reject_types: dict[str, str] = field(default_factory=dict)       # event type -> reason
    # event id -> reason: a batch holding it is refused as a whole (400), as a strict MES validating
    # the whole request does
    refuse_batches_with: dict[str, str] = field(default_factory=dict)
    masterdata_status: int = 0           # nonzero: the master data endpoint answers with this status

    def update(self, changes: dict[str, Any]) -> None:
        for key, value in changes.items():
            if not hasattr(self, key):
                raise KeyError(key)
            setattr(self, key, value)


def strict_json(text: str) -> Any:
    """JSON as the standard has it: NaN and Infinity are refused, as most MES parsers do."""

    def refuse(constant: str) -> Any:
        raise ValueError(f"{constant} is not JSON")

    return json.loads(text, parse_constant=refuse)


def demo_masterdata() -> dict[str, Any]:
    """The demo set in resources/demo/masterdata, as the MES sends it (production's bundle format)."""
    bundle = load_bundle_dir(demo_masterdata_dir())
    bundle.pop("origin", None)  # file names of this machine mean nothing to the station
    for instruction in bundle["instructions"]:
        instruction.pop("source_file", None)
    return bundle


class ReferenceMes:
    def __init__(
        self,
        *,
        db_path: Path,
        host: str = "127.0.0.1",
        port: int = 0,
        token: str | None = None,
        ssl_context: ssl.SSLContext | None = None,
        masterdata: dict[str, Any] | None = None,
        seed: int | None = None,
    ) -> None:
        self.received = ReceivedEvents(path=db_path)
        self.controls = FailureControls()
        self._host = host
        self._port = port
        self._token = token
        self._ssl = ssl_context
        self._rng = random.Random(seed)
        self.masterdata: dict[str, Any] = masterdata if masterdata is not None else demo_masterdata()
        self.requests = 0
        self._runner: web.AppRunner | None = None
        self.port = port

    # Lifecycle ----------------------------------------------------------------------------------
    def app(self) -> web.Application:
        app = web.Application(client_max_size=64 * 1024 * 1024)
        app.router.add_get(f"{API}/health", self._health)
        app.router.add_post(f"{API}/stations/{{station_id}}/events", self._events)
        app.router.add_get(f"{API}/stations/{{station_id}}/masterdata", self._masterdata)
        app.router.add_get("/sim/control", self._get_control)
        app.router.add_post("/sim/control", self._set_control)
        app.router.add_put("/sim/masterdata", self._put_masterdata)
        app.router.add_get("/sim/received", self._received)
        return app

    async def start(self) -> None:
        self._runner = web.AppRunner(self.app(), access_log=None, shutdown_timeout=1.0)
        await self._runner.setup()
        site = web.TCPSite(self._runner, self._host, self._port, ssl_context=self._ssl, reuse_address=True)
        await site.start()
        server = site._server
        if server is not None and server.sockets:  # type: ignore[attr-defined]
            self.port = server.sockets[0].getsockname()[1]  # type: ignore[attr-defined]

    async def stop(self) -> None:
        """Stop listening (the MES is 'down' in the hardest way: connections are refused)."""
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None
        await _handshakes_ended()

    def close(self) -> None:
        self.received.close()

    @property
    def base_url(self) -> str:
        scheme = "https" if self._ssl else "http"
        return f"{scheme}://{self._host}:{self.port}{API}"

    # Handlers -----------------------------------------------------------------------------------
    async def _gate(self, request: web.Request) -> web.Response | None:
        self.requests += 1
        waited = 0.0
        while waited < self.controls.delay_s:   # slow, until told otherwise
            await asyncio.sleep(0.05)
            waited += 0.05
        if self.controls.down:
            return web.json_response({"error": "the MES is down for maintenance"}, status=503)
        if self._token and request.headers.get("Authorization") != f"Bearer {self._token}":
            return web.json_response({"error": "missing or wrong bearer token"}, status=401)
        return None

    async def _health(self, request: web.Request) -> web.Response:
        return await self._gate(request) or web.json_response({"status": "ok"})

    async def _events(self, request: web.Request) -> web.Response:
        refused = await self._gate(request)
        if refused is not None:
            return refused
        controls = self.controls
        if controls.throttle_next > 0:
            controls.throttle_next -= 1
            return web.json_response({"error": "too many requests"}, status=429,
                                     headers={"Retry-After": f"{controls.retry_after_s:g}"})
        if controls.fail_next > 0 or (controls.fail_rate and self._rng.random() < controls.fail_rate):
            controls.fail_next = max(0, controls.fail_next - 1)
            return web.json_response({"error": "internal error (simulated)"}, status=500)
        try:
            body = await request.json(loads=strict_json)
        except (json.JSONDecodeError, ValueError) as exc:
            return web.json_response({"error": f"the body is not strict JSON: {exc}"}, status=400)
        events = body.get("events") if isinstance(body, dict) else None
        if not isinstance(events, list):
            return web.json_response({"error": "expected {\"events\": [...]}"}, status=400)
        for raw in events:
            reason = controls.refuse_batches_with.get(str(raw.get("event_id"))) if isinstance(raw, dict) else None
            if reason is not None:
                return web.json_response({"error": f"event {raw['event_id']}: {reason}"}, status=400)
        rejects = dict(controls.reject_event_ids)
        for raw in events:
            if isinstance(raw, dict) and raw.get("type") in controls.reject_types:
                rejects[str(raw.get("event_id"))] = controls.reject_types[raw["type"]]
        verdicts = await asyncio.to_thread(self.received.record, request.match_info["station_id"], events,
                                           rejects=rejects)
        return web.json_response({"results": [
            {"event_id": v.event_id, "status": v.status, **({"reason": v.reason} if v.reason else {})}
            for v in verdicts
        ]})

    def masterdata_etag(self) -> str:
        return '"' + hashlib.sha256(json.dumps(self.masterdata, sort_keys=True).encode()).hexdigest()[:20] + '"'

    async def _masterdata(self, request: web.Request) -> web.Response:
        refused = await self._gate(request)
        if refused is not None:
            return refused
        if self.controls.masterdata_status:
            return web.json_response({"error": "master data unavailable (simulated)"},
                                     status=self.controls.masterdata_status)
        etag = self.masterdata_etag()
        if request.headers.get("If-None-Match") == etag:
            return web.Response(status=304, headers={"ETag": etag})
        return web.json_response(self.masterdata, headers={"ETag": etag})

    async def _get_control(self, request: web.Request) -> web.Response:
        return web.json_response(self.controls.__dict__)

    async def _set_control(self, request: web.Request) -> web.Response:
        try:
            self.controls.update(await request.json())
        except (KeyError, json.JSONDecodeError, AttributeError) as exc:
            return web.json_response({"error": f"unknown control {exc}"}, status=400)
        return web.json_response(self.controls.__dict__)

    async def _put_masterdata(self, request: web.Request) -> web.Response:
        self.masterdata = await request.json()
        return web.json_response({"etag": self.masterdata_etag()})

    async def _received(self, request: web.Request) -> web.Response:
        return web.json_response(self.received.counts())


async def _handshakes_ended(grace_s: float = 1.0) -> None:
    """End TLS handshakes the server accepted and never finished (a client that distrusts the certificate).

    The listening socket is closed by then, but asyncio runs each handshake in a task of its own, which
    lasts until the client closes (a moment, on a busy machine) or up to a minute when the client's attempt
    was itself cancelled half-way. Given a short grace, they are cancelled: a stopped MES holds nothing open.
    """
    loop = asyncio.get_running_loop()

    def handshakes() -> list[asyncio.Task[object]]:
        return [t for t in asyncio.all_tasks(loop)
                if getattr(t.get_coro(), "__qualname__", "").endswith("_accept_connection2")]

    pending = handshakes()
    if pending:
        _, still = await asyncio.wait(pending, timeout=grace_s)
        for task in still:
            task.cancel()
        await asyncio.gather(*still, return_exceptions=True)
