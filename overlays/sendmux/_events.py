"""The retained delivery: :class:`DeliveryPayload`, whose ``payload`` is a :class:`~sendmux.WebhookEvent`, so a
stored body can be replayed through the same handler as the events ``verify_webhook`` returns."""

from __future__ import annotations

import typing
from typing import Any, Self

from sendmux_client.models import WebhookDeliveryPayload

from ._event import WebhookEvent

__all__ = ["DeliveryPayload"]


class DeliveryPayload(WebhookDeliveryPayload):
    """A retained delivery: the generated model whose ``payload`` is a ``sendmux.WebhookEvent``."""

    __slots__ = ()
    payload: WebhookEvent  # type: ignore[assignment]  # the generated model's fields, as the class of every event

    @classmethod
    def from_dict(cls, src_dict: typing.Mapping[str, Any]) -> Self:
        return cls.adopt(super().from_dict(src_dict))

    @classmethod
    def adopt(cls, parsed: WebhookDeliveryPayload) -> Self:
        """Retype a parsed generated model in place (this subclass adds no field: ``__slots__ = ()`` over the same
        attrs layout) and hold its payload's fields as a ``WebhookEvent``, so nothing is parsed twice."""
        parsed.__class__ = cls
        delivery = typing.cast(Self, parsed)
        delivery.payload = WebhookEvent._from_model(parsed.payload)
        return delivery
