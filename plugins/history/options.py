"""The PostgreSQL sink's options: checked when the config is read, without importing psycopg."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field


class PostgresOptions(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    host: Annotated[str, Field(min_length=1)]
    port: Annotated[int, Field(ge=1, le=65535)] = 5432
    dbname: Annotated[str, Field(min_length=1)] = "history"
    user: Annotated[str, Field(min_length=1)] = "station"
    # The password is read from this file (one line), never written in station.toml.
    password_file: str = ""
    # TLS: verify-full checks the server's certificate and name against ca_file (or the system CAs).
    sslmode: Literal["verify-full", "verify-ca", "require", "disable"] = "verify-full"
    ca_file: str = ""
    client_cert: str = ""
    client_key: str = ""
    schema_name: Annotated[str, Field(alias="schema", min_length=1, max_length=63,
                                      pattern=r"^[a-z_][a-z0-9_]*$")] = "station_history"
    # Without TimescaleDB, the tables are partitioned by month of ts.
    timescale: Literal["auto", "off"] = "auto"
    connect_timeout_s: Annotated[int, Field(ge=1, le=300)] = 10
    statement_timeout_s: Annotated[float, Field(gt=0, le=3600)] = 60.0

    def warnings(self) -> list[str]:
        """Settings that work but are unsafe: said at every start and by check-config."""
        found = []
        if self.sslmode in ("disable", "require"):
            found.append(f"[history.sinks] sslmode = {self.sslmode!r}: the server's certificate is not checked, so"
                         " anyone on the network can pose as the database; use verify-full with ca_file")
        return found
