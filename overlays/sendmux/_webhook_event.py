"""``sendmux.WebhookEvent``, the type of a delivered event, importable without loading the generated models."""

from __future__ import annotations

TYPE_CHECKING = False  # importing typing would cost a receiver's cold start more than this package does
if TYPE_CHECKING:
    from sendmux_client.models import EventType
    from sendmux_client.models import WebhookEventPayload as _Fields
else:
    _Fields = object


class WebhookEvent(_Fields):
    """A delivered event: the generated ``WebhookEventPayload`` plus ``.type``.

    The generator names the body's ``type`` key ``type_``; ``.type`` reads the same value. A type newer than
    this package stays a plain ``str``, and unknown keys are kept in ``additional_properties``. Events come from
    ``verify_webhook`` and ``DeliveryPayload``; their class derives from this one and from the generated model,
    which loads with the first event parsed, so importing this class costs next to nothing.
    """

    __slots__ = ()

    @property
    def type(self) -> EventType | str:
        """The event type: an ``EventType`` member, or the plain string of a type this package does not know."""
        return self.type_
