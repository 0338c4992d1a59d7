"""An OPC-UA server that drops the station's subscriptions while the session lives on.

Plant servers do this when a subscription's lifetime runs out under load, or when they restart their
subscription engine after a configuration download: the session, the channel and reads all keep
working, but the Publish requests already sent are never answered again, so no data and no
keep-alive arrive. asyncua's client does not notice (its publish loop waits forever); nothing the
simulator does looks like this. Others answer the next Publish with BadNoSubscription, and asyncua's
publish loop ends for good on that answer: no subscription of the session gets data again. It is
``OpcUaPeer`` with these two commands.
"""

from __future__ import annotations

from typing import Any

from asyncua import ua
from asyncua.common import utils

from tests.peers.opcua_peer import OpcUaPeer


class ForgetfulOpcUa(OpcUaPeer):
    def forget_subscriptions(self) -> int:
        """Delete every subscription server-side without a word to the client; how many there were."""
        return int(self._call(self._forget()))

    def refuse_next_publish(self) -> None:
        """Answer the next Publish request (of any session) with BadNoSubscription, once."""
        self._call(self._refuse_next_publish())

    def subscription_count(self) -> int:
        return int(self._call(self._count()))

    async def _forget(self) -> int:
        service = self._server.iserver.subscription_service
        ids = list(service.subscriptions)
        await service.delete_subscriptions(ids)
        return len(ids)

    async def _count(self) -> int:
        return len(self._server.iserver.subscription_service.subscriptions)

    async def _refuse_next_publish(self) -> None:
        service = self._server.iserver.subscription_service
        publish = service.publish

        def refuse_once(acks: Any) -> Any:
            service.publish = publish
            raise utils.ServiceError(ua.StatusCodes.BadNoSubscription)

        service.publish = refuse_once
