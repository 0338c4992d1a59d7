"""The OPC-UA connection's options: checked when the config is read, without loading asyncua."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Literal

from pydantic import Field, field_validator, model_validator

from hmi.config import Strict

POLICIES = ("None", "Basic256Sha256", "Aes128_Sha256_RsaOaep", "Aes256_Sha256_RsaPss")


class OpcUaOptions(Strict):
    endpoint: Annotated[str, Field(pattern=r"^opc\.tcp://")]
    security_policy: Literal["None", "Basic256Sha256", "Aes128_Sha256_RsaOaep", "Aes256_Sha256_RsaPss"] = "None"
    security_mode: Literal["None", "Sign", "SignAndEncrypt"] = "None"
    certificate: str = ""    # the station's certificate (made by 'hmi certs create')
    private_key: str = ""
    application_uri: str = "urn:station-hmi:client"
    trust_dir: str = ""      # trusted server certificates (a secure connection needs it ...
    trust_any_server: bool = False   # ... unless this is set, for commissioning: any server certificate, with a warning
    username: str = ""
    password: str = ""
    password_file: str = ""  # instead of password: a file holding it (read at each connect), kept out of station.toml
    publishing_interval_s: Annotated[float, Field(gt=0, le=60)] = 0.1
    queue_size: Annotated[int, Field(ge=0, le=1000)] = 1
    timeout_s: Annotated[float, Field(gt=0, le=120)] = 4.0
    watchdog_s: Annotated[float, Field(gt=0, le=60)] = 1.0
    reconnect_min_s: Annotated[float, Field(gt=0)] = 0.5
    reconnect_max_s: Annotated[float, Field(gt=0)] = 30.0
    # Python handles a few thousand monitored items per subscription; larger sets are split.
    max_items_per_subscription: Annotated[int, Field(ge=1)] = 1000

    @field_validator("password_file")
    @classmethod
    def _password_file_exists(cls, value: str) -> str:
        if value and not Path(value).expanduser().is_file():
            raise ValueError(f"{value} not found (expected a file holding the OPC-UA password)")
        return value

    @model_validator(mode="after")
    def _security_consistent(self) -> OpcUaOptions:
        if (self.security_policy == "None") != (self.security_mode == "None"):
            raise ValueError("security_policy and security_mode must both be None or both be set")
        if self.security_policy != "None" and not (self.certificate and self.private_key):
            raise ValueError("a secure connection needs certificate and private_key (make them with 'hmi certs create')")
        if self.security_policy != "None" and not self.trust_dir and not self.trust_any_server:
            raise ValueError("trust_dir: a secure connection needs the folder of trusted server certificates "
                             "(trust_dir, made by 'hmi certs create'), or trust_any_server = true to accept any "
                             "server certificate while commissioning")
        if self.password and self.password_file:
            raise ValueError("set password or password_file, not both")
        if (self.password or self.password_file) and not self.username:
            raise ValueError("password/password_file given without username")
        return self

    def read_password(self) -> str:
        """The password, from password_file when set (read now, so a changed file takes effect on reconnect)."""
        if not self.password_file:
            return self.password
        path = Path(self.password_file).expanduser()
        try:
            return path.read_text(encoding="utf-8").rstrip("\r\n")
        except (OSError, UnicodeDecodeError) as exc:
            reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else type(exc).__name__
            raise PasswordFileUnreadable(f"password_file {path}: cannot read it ({reason})") from None


class PasswordFileUnreadable(Exception):
    pass
