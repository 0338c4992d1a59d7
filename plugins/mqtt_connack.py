"""What a broker's CONNACK refusal means, for the plugins that speak MQTT (the MES connector, the Sparkplug sink)."""

from __future__ import annotations

import aiomqtt


def login_refused(exc: aiomqtt.MqttError) -> bool:
    """CONNACK refused the login: bad user name or password, or not authorised (MQTT 3.1.1 and 5 codes)."""
    rc = getattr(exc, "rc", None)
    code = getattr(rc, "value", rc)
    return code in (4, 5, 134, 135)
