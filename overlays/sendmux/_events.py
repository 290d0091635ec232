"""The retained delivery: :class:`DeliveryPayload`, whose ``payload`` is a :class:`~sendmux.WebhookEvent`, so a
stored body can be replayed through the same handler as the events ``verify_webhook`` returns."""

from __future__ import annotations

import typing
from typing import Any, Self

from sendmux_client.models import WebhookDeliveryPayload

from ._verify import WebhookEvent, model_class

__all__ = ["DeliveryPayload", "WebhookEvent"]


class DeliveryPayload(WebhookDeliveryPayload):
    """A retained delivery: the generated model whose ``payload`` is a ``sendmux.WebhookEvent``."""

    __slots__ = ()
    payload: WebhookEvent

    @classmethod
    def from_dict(cls, src_dict: typing.Mapping[str, Any]) -> Self:
        return cls.adopt(super().from_dict(src_dict))

    @classmethod
    def adopt(cls, parsed: WebhookDeliveryPayload) -> Self:
        """Retype a parsed generated model in place. Neither subclass adds a field (both are ``__slots__ = ()``
        over the same attrs layout), so nothing is parsed twice."""
        parsed.__class__ = cls
        parsed.payload.__class__ = model_class()
        return typing.cast(Self, parsed)
