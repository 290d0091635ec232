"""Turning a verified body into the typed event, and the retained delivery carrying one (loaded with the first)."""

from __future__ import annotations

import json
import typing
from typing import Any, Self

from sendmux_client.models import WebhookDeliveryPayload, WebhookEventPayload

from . import _verify
from ._decoders import decode_webhook_event_payload, json_type  # generated: generated/sendmux/_decoders.py
from .errors import WebhookVerificationError

__all__ = ["DeliveryPayload", "WebhookEvent", "parse_event"]


class WebhookEvent(_verify.WebhookEvent, WebhookEventPayload):
    """The class of every event this package returns: ``sendmux.WebhookEvent`` over the generated model."""

    # Plain subclasses of the slotted attrs class: no new fields, so no attrs decorator and no __dict__.
    __slots__ = ()

    @classmethod
    def from_dict(cls, src_dict: typing.Mapping[str, Any]) -> Self:
        return super(_verify.WebhookEvent, cls).from_dict(src_dict)  # the generated one: the shell's calls this


class DeliveryPayload(WebhookDeliveryPayload):
    """A retained delivery: the generated model whose ``payload`` is a ``sendmux.WebhookEvent``, so a stored
    body can be replayed through the same handler as the events ``verify_webhook`` returns."""

    __slots__ = ()
    payload: _verify.WebhookEvent

    @classmethod
    def from_dict(cls, src_dict: typing.Mapping[str, Any]) -> Self:
        return cls.adopt(super().from_dict(src_dict))

    @classmethod
    def adopt(cls, parsed: WebhookDeliveryPayload) -> Self:
        """Retype a parsed generated model in place. Neither subclass adds a field (both are ``__slots__ = ()``
        over the same attrs layout), so nothing is parsed twice."""
        parsed.__class__ = cls
        parsed.payload.__class__ = WebhookEvent
        return typing.cast(Self, parsed)


def parse_event(body: bytes) -> WebhookEvent:
    """The event in a verified body; ``WebhookVerificationError`` if it is not JSON or not an event."""
    try:
        raw: Any = json.loads(body)
    except (ValueError, RecursionError) as exc:  # JSONDecodeError and UnicodeDecodeError are ValueErrors
        raise WebhookVerificationError(f"body is not JSON: {exc}") from exc
    if type(raw) is not dict:
        raise WebhookVerificationError(f"body is not a valid event: expected a JSON object, got {json_type(raw)}")
    try:
        return typing.cast(WebhookEvent, decode_webhook_event_payload(raw, WebhookEvent))
    except (TypeError, ValueError) as exc:
        raise WebhookVerificationError(f"body is not a valid event: {exc}") from exc
