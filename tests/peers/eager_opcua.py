"""An OPC-UA server whose new subscription publishes before the client has heard it was made.

Plant servers publish a new subscription's first message at once, from their own thread, and answer
CreateSubscription a little later. A client that already has Publish requests out (its earlier
subscriptions) then gets data for a subscription id it does not know yet, and asyncua warns
"Received data for unknown subscription". That first message carries no values (the monitored items
come after), so the warning is noise. asyncua's own server answers first, so it never shows this:
``EagerOpcUa`` is ``OpcUaPeer`` with CreateSubscription answered ``create_delay_s`` late.
"""

from __future__ import annotations

import asyncio
from typing import Any

from tests.peers.opcua_peer import OpcUaPeer


class EagerOpcUa(OpcUaPeer):
    def __init__(self, *, create_delay_s: float = 0.05) -> None:
        super().__init__()
        self.create_delay_s = create_delay_s

    async def _start(self) -> None:
        await super()._start()
        service = self._server.iserver.subscription_service
        create = service.create_subscription

        async def create_late(*args: Any, **kwargs: Any) -> Any:
            result = await create(*args, **kwargs)   # the subscription runs (and publishes) from here on
            await asyncio.sleep(self.create_delay_s)
            return result

        service.create_subscription = create_late
