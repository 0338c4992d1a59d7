"""REST connector: the contract in plugins/mes/openapi.yaml, spoken with httpx.

TLS verification is on by default; a private CA is given with ``ca_file``. A station authenticates
with a bearer token or a client certificate. httpx and ssl errors stop here: the engine only sees
``EventOutcome``, ``MesUnavailable`` and ``MesConfigurationError`` (an untrusted server certificate,
refused credentials, a client certificate the MES refuses).
"""

from __future__ import annotations

import email.utils
import ssl
import time
from collections.abc import Sequence
from typing import Any

import httpx

from hmi.outbox import OutboxEvent
from hmi.sync.connector import (
    ConnectorContext,
    EventOutcome,
    MasterdataBundle,
    MesBatchRefused,
    MesConfigurationError,
    MesUnavailable,
    Outcome,
)
from plugins.mes.options import RestOptions
from plugins.tls_client import client_tls_context

_STATUS = {"accepted": Outcome.DELIVERED, "duplicate": Outcome.DELIVERED, "rejected": Outcome.REJECTED,
           "deferred": Outcome.DEFERRED, "retry": Outcome.TRANSIENT}


def retry_after_seconds(value: str | None, *, now: float | None = None) -> float | None:
    """Retry-After as seconds: either a number or an HTTP date."""
    if not value:
        return None
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, when.timestamp() - (now if now is not None else time.time()))


class RestConnector:
    config_model = RestOptions
    name = "rest"

    def __init__(self, *, options: RestOptions, context: ConnectorContext) -> None:
        self._options = options
        self._context = context
        self._client: httpx.AsyncClient | None = None

    def warnings(self) -> list[str]:
        return self._options.warnings()

    @classmethod
    def from_options(cls, options: dict[str, Any], context: ConnectorContext) -> RestConnector:
        return cls(options=RestOptions.model_validate(options), context=context)

    def _ssl_context(self) -> ssl.SSLContext | bool:
        opts = self._options
        if not opts.base_url.startswith("https"):
            return True
        if not opts.verify:
            return False
        return client_tls_context(ca_file=opts.ca_file, client_cert=opts.client_cert, client_key=opts.client_key,
                                  verify=True, resolve=self._context.resolve)

    async def open(self) -> None:
        if self._client is not None:
            return
        opts = self._options
        headers = {"User-Agent": f"station-hmi/{self._context.station_id}"}
        if opts.token is not None:
            headers["Authorization"] = f"Bearer {opts.token.get_secret_value()}"
        try:
            verify = self._ssl_context()
        except (OSError, ssl.SSLError) as exc:
            raise MesConfigurationError(f"cannot load the TLS files for {opts.base_url}: {exc}") from None
        self._client = httpx.AsyncClient(base_url=opts.base_url.rstrip("/") + "/", headers=headers, verify=verify,
                                         timeout=opts.timeout_s)

    async def close(self) -> None:
        if self._client is not None:
            await self._client.aclose()
            self._client = None

    async def _request(self, method: str, path: str, **kwargs: Any) -> httpx.Response:
        await self.open()
        assert self._client is not None
        url = self._options.base_url
        try:
            response = await self._send(method, path, **kwargs)
        except httpx.ConnectError as exc:
            cause = exc.__context__ or exc.__cause__
            if isinstance(cause, ssl.SSLCertVerificationError) or "CERTIFICATE_VERIFY_FAILED" in str(exc):
                detail = getattr(cause, "verify_message", None) or str(exc)
                raise MesConfigurationError(
                    f"the MES at {url} presented a certificate this station does not trust ({detail});"
                    " check [mes] ca_file") from None
            raise MesUnavailable(f"cannot reach the MES at {url}: {exc or type(exc).__name__}") from None
        except httpx.TimeoutException:
            raise MesUnavailable(f"the MES at {url} did not answer within {self._options.timeout_s:g} s") from None
        except httpx.HTTPError as exc:
            raise MesUnavailable(f"talking to the MES at {url} failed: {exc or type(exc).__name__}") from None
        if response.status_code in (401, 403):
            raise MesConfigurationError(f"the MES refused this station's credentials ({response.status_code})")
        if response.status_code == 429 or response.status_code >= 500:
            raise MesUnavailable(f"the MES answered {response.status_code}: {_error_text(response)}",
                                 retry_after=retry_after_seconds(response.headers.get("Retry-After")))
        return response

    async def _send(self, method: str, path: str, **kwargs: Any) -> httpx.Response:
        """One request; a TLS handshake the MES ended for our client certificate is a configuration error."""
        assert self._client is not None
        url = self._options.base_url
        try:
            return await self._client.request(method, path, **kwargs)
        except (httpx.HTTPError, ssl.SSLError) as exc:   # an alert after the handshake comes as a bare SSLError
            refused = _client_certificate_refused(exc)
            if refused is None:
                if isinstance(exc, ssl.SSLError):
                    raise MesUnavailable(f"TLS with the MES at {url} failed: {exc}") from None
                raise
            has = "this station's client certificate" if self._options.client_cert else "a client certificate"
            raise MesConfigurationError(
                f"the MES at {url} refused the TLS connection: it wants {has} it trusts ({refused});"
                " check [mes] client_cert and client_key, and that the MES trusts their CA") from None

    async def send_batch(self, events: Sequence[OutboxEvent]) -> list[EventOutcome]:
        station = self._context.station_id
        response = await self._request("POST", f"stations/{station}/events",
                                       json={"events": [e.envelope() for e in events]})
        if response.status_code in (400, 422):
            # Refused for what it holds: the engine bisects the batch to find the event the MES refuses.
            raise MesBatchRefused(f"the MES refused the batch ({response.status_code}): {_error_text(response)}")
        if response.status_code in (404, 405):
            raise MesConfigurationError(f"the MES at {self._options.base_url} has no events endpoint"
                                        f" ({response.status_code}); check [mes] base_url")
        if response.status_code >= 400:
            raise MesUnavailable(f"the MES refused the batch ({response.status_code}): {_error_text(response)}")
        try:
            results = response.json()["results"]
            return [EventOutcome(str(r["event_id"]), _STATUS.get(str(r["status"]), Outcome.TRANSIENT),
                                 str(r.get("reason", "")), r.get("retry_after")) for r in results]
        except (ValueError, KeyError, TypeError) as exc:
            raise MesUnavailable(f"the MES's answer does not follow the contract ({exc!r})") from None

    async def fetch_masterdata(self, etag: str | None) -> MasterdataBundle | None:
        station = self._context.station_id
        headers = {"If-None-Match": etag} if etag else {}
        response = await self._request("GET", f"stations/{station}/masterdata", headers=headers)
        if response.status_code == 304:
            return None
        if response.status_code >= 400:
            raise MesUnavailable(f"master data: the MES answered {response.status_code}: {_error_text(response)}")
        try:
            data = response.json()
        except ValueError:
            raise MesUnavailable("master data: the MES's answer is not JSON") from None
        version = str(data.get("version") or response.headers.get("ETag") or "") if isinstance(data, dict) else ""
        return MasterdataBundle(version=version, etag=response.headers.get("ETag"), data=data, source="mes:rest")


# What OpenSSL says when the server ended the handshake over the client's certificate (or its absence).
_CLIENT_CERT_ALERTS = ("CERTIFICATE_REQUIRED", "BAD_CERTIFICATE", "UNKNOWN_CA", "CERTIFICATE_UNKNOWN",
                       "CERTIFICATE_EXPIRED", "CERTIFICATE_REVOKED", "UNSUPPORTED_CERTIFICATE", "ACCESS_DENIED")


def _client_certificate_refused(exc: BaseException) -> str | None:
    """The OpenSSL alert in the error's causes when the server refused our certificate, else None."""
    seen: set[int] = set()
    cause: BaseException | None = exc
    while cause is not None and id(cause) not in seen:
        seen.add(id(cause))
        if isinstance(cause, ssl.SSLError) and not isinstance(cause, ssl.SSLCertVerificationError):
            reason = str(getattr(cause, "reason", "") or "")
            if "ALERT" in reason and any(alert in reason for alert in _CLIENT_CERT_ALERTS):
                return reason.lower().replace("_", " ")
        cause = cause.__cause__ or cause.__context__
    return None


def _error_text(response: httpx.Response) -> str:
    try:
        body = response.json()
        if isinstance(body, dict) and "error" in body:
            return str(body["error"])
    except ValueError:
        pass
    return response.text[:200] or response.reason_phrase
