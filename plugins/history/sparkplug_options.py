"""The Sparkplug B sink's options: checked when the config is read, without importing the MQTT client."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field

# A Sparkplug id (group, edge node, device) is one MQTT topic level without wildcards.
_ID = r"^[^/+#]+$"


class SparkplugOptions(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    host: Annotated[str, Field(min_length=1)]
    port: Annotated[int, Field(ge=1, le=65535)] = 1883
    group_id: Annotated[str, Field(min_length=1, pattern=_ID)] = "station-hmi"
    # Default: the station's id.
    edge_node_id: Annotated[str, Field(pattern=r"^([^/+#]+)?$")] = ""
    client_id: str = ""                # default spb-<group>-<node>: one session per edge node
    username: str = ""
    # The password is read from this file (one line), never written in station.toml.
    password_file: str = ""
    tls: bool = False
    ca_file: str = ""
    client_cert: str = ""
    client_key: str = ""
    verify: bool = True
    # 1: the broker's PUBACK acknowledges a batch, so the cursor advances only over delivered rows.
    # Sparkplug 3.0 asks for QoS 0 on DATA messages; 0 conforms, but rows can be lost when the link drops.
    qos: Literal[0, 1] = 1
    max_metrics_per_message: Annotated[int, Field(ge=1, le=100_000)] = 500
    keepalive_s: Annotated[int, Field(ge=5, le=3600)] = 30
    timeout_s: Annotated[float, Field(gt=0, le=300)] = 10.0
    max_inflight: Annotated[int, Field(ge=1, le=65535)] = 64

    def warnings(self) -> list[str]:
        """Settings that work but are unsafe: said at every start and by check-config."""
        found = []
        if self.tls and not self.verify:
            found.append("[history.sinks] verify = false: the broker's certificate is not checked, so anyone on the"
                         " network can pose as the broker; give its CA in ca_file instead")
        if self.password_file and not self.tls:
            found.append(f"[history.sinks] the MQTT password is sent without TLS to {self.host}:{self.port}: anyone"
                         " on the network can read it; set tls = true")
        if self.qos == 0:
            found.append("[history.sinks] qos = 0: the broker does not acknowledge data, so rows sent while the link"
                         " drops are lost to the namespace; use qos = 1")
        return found
