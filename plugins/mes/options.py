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
