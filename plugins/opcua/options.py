"""The OPC-UA connection's options: checked when the config is read, without loading asyncua."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field, model_validator

from hmi.config import Strict

POLICIES = ("None", "Basic256Sha256", "Aes128_Sha256_RsaOaep", "Aes256_Sha256_RsaPss")


class OpcUaOptions(Strict):
    endpoint: Annotated[str, Field(pattern=r"^opc\.tcp://")]
    security_policy: Literal["None", "Basic256Sha256", "Aes128_Sha256_RsaOaep", "Aes256_Sha256_RsaPss"] = "None"
    security_mode: Literal["None", "Sign", "SignAndEncrypt"] = "None"
    certificate: str = ""    # the station's certificate (made by 'hmi certs create')
    private_key: str = ""
    application_uri: str = "urn:station-hmi:client"
    trust_dir: str = ""      # trusted server certificates; empty = accept any server certificate
    username: str = ""
    password: str = ""
    publishing_interval_s: Annotated[float, Field(gt=0, le=60)] = 0.1
    queue_size: Annotated[int, Field(ge=0, le=1000)] = 1
    timeout_s: Annotated[float, Field(gt=0, le=120)] = 4.0
    watchdog_s: Annotated[float, Field(gt=0, le=60)] = 1.0
    reconnect_min_s: Annotated[float, Field(gt=0)] = 0.5
    reconnect_max_s: Annotated[float, Field(gt=0)] = 30.0
    # Python handles a few thousand monitored items per subscription; larger sets are split.
    max_items_per_subscription: Annotated[int, Field(ge=1)] = 1000

    @model_validator(mode="after")
    def _security_consistent(self) -> OpcUaOptions:
        if (self.security_policy == "None") != (self.security_mode == "None"):
            raise ValueError("security_policy and security_mode must both be None or both be set")
        if self.security_policy != "None" and not (self.certificate and self.private_key):
            raise ValueError("a secure connection needs certificate and private_key (make them with 'hmi certs create')")
        return self
