"""An OPC-UA server that revises the publishing interval and honours ModifySubscription, as plant
servers do (a minimum publishing interval of 250 ms is common).

On a revised interval asyncua's client modifies the subscription to a keep-alive of 75 % of the
session timeout (22 s for the station's 30 s sessions); a server that honours that sends a keep-alive
only every 22 s, so a subscription that went quiet would be seen that late. asyncua's own server
ignores ModifySubscription, so it never shows this. It is ``ForgetfulOpcUa`` (it can also drop the
subscriptions) with both behaviours.
"""

from __future__ import annotations

from typing import Any

from asyncua import ua

from tests.peers.forgetful_opcua import ForgetfulOpcUa


class RevisingOpcUa(ForgetfulOpcUa):
    def __init__(self, *, min_publishing_interval_ms: float = 250.0) -> None:
        super().__init__()
        self.min_publishing_interval_ms = min_publishing_interval_ms
        self.keepalive_counts: list[int] = []    # the keep-alive counts in force, in the order set

    async def _start(self) -> None:
        await super()._start()
        service = self._server.iserver.subscription_service
        create = service.create_subscription

        async def create_revised(params: ua.CreateSubscriptionParameters, *args: Any, **kwargs: Any) -> Any:
            params.RequestedPublishingInterval = max(params.RequestedPublishingInterval,
                                                     self.min_publishing_interval_ms)
            result = await create(params, *args, **kwargs)
            self.keepalive_counts.append(result.RevisedMaxKeepAliveCount)
            return result

        def modify(params: ua.ModifySubscriptionParameters) -> ua.ModifySubscriptionResult:
            sub = service.subscriptions[params.SubscriptionId]
            sub.data.RevisedPublishingInterval = max(params.RequestedPublishingInterval, self.min_publishing_interval_ms)
            sub.data.RevisedMaxKeepAliveCount = params.RequestedMaxKeepAliveCount
            sub.data.RevisedLifetimeCount = params.RequestedLifetimeCount
            self.keepalive_counts.append(params.RequestedMaxKeepAliveCount)
            result = ua.ModifySubscriptionResult()
            result.RevisedPublishingInterval = sub.data.RevisedPublishingInterval
            result.RevisedMaxKeepAliveCount = sub.data.RevisedMaxKeepAliveCount
            result.RevisedLifetimeCount = sub.data.RevisedLifetimeCount
            return result

        service.create_subscription = create_revised
        service.modify_subscription = modify
