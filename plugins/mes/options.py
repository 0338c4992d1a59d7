"""The MES connectors' options: checked when the config is read, without loading httpx or the MQTT client."""

from __future__ import annotations

from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, SecretStr


class RestOptions(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    base_url: Annotated[str, Field(pattern=r"^https?://")]          # …/api/v1
    token: SecretStr | None = None                                   # bearer token
    ca_file: str = ""                                                # a private CA (PEM); empty = system CAs
    client_cert: str = ""                                            # PEM; with client_key for mutual TLS
    client_key: str = ""
    verify: bool = True                                              # never false outside a lab
    timeout_s: Annotated[float, Field(gt=0, le=300)] = 10.0

    def warnings(self) -> list[str]:
        """Settings that work but are unsafe: said at every start, on the sync screen and by check-config."""
        found = []
        if not self.verify:
            found.append("[mes] verify = false: the MES's certificate is not checked, so anyone on the network"
                         " can pose as the MES; give its CA in ca_file instead")
        if self.token is not None and self.base_url.startswith("http://"):
            found.append(f"[mes] the bearer token is sent over plain http:// ({self.base_url}): anyone on the"
                         " network can read it; use https://")
        return found


class MqttOptions(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    host: Annotated[str, Field(min_length=1)]
    port: Annotated[int, Field(ge=1, le=65535)] = 1883
    prefix: Annotated[str, Field(min_length=1, pattern=r"^[^+#]+$")] = "hmi"
    site: Annotated[str, Field(min_length=1)] = "site"
    client_id: str = ""                        # default hmi-<station id>: stable, so the session persists
    username: str = ""
    password: SecretStr | None = None
    tls: bool = False
    ca_file: str = ""
    client_cert: str = ""
    client_key: str = ""
    verify: bool = True
    keepalive_s: Annotated[int, Field(ge=5, le=3600)] = 30
    timeout_s: Annotated[float, Field(gt=0, le=300)] = 10.0
    max_inflight: Annotated[int, Field(ge=1, le=65535)] = 64

    def warnings(self) -> list[str]:
        """Settings that work but are unsafe: said at every start, on the sync screen and by check-config."""
        found = []
        if self.tls and not self.verify:
            found.append("[mes] verify = false: the broker's certificate is not checked, so anyone on the network"
                         " can pose as the broker; give its CA in ca_file instead")
        if self.password is not None and not self.tls:
            found.append(f"[mes] the MQTT password is sent without TLS to {self.host}:{self.port}: anyone on the"
                         " network can read it; set tls = true")
        return found
