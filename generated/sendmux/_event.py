"""``WebhookEvent``: the class of every event a webhook delivery carries, with the fields of the generated
``WebhookEventPayload``. It imports no model and no attrs, so ``from sendmux import WebhookEvent`` stays cheap; the
models load with the first event (``sendmux._decoders`` builds it), or with ``to_dict``/``from_dict``, which go
through the generated model.

Generated from openapi.yaml by codegen/event_decoders.py: do not edit.
"""

from __future__ import annotations

import operator
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import datetime
    from typing import Self

    from sendmux_client.models import EventType, WebhookEventData, WebhookEventPayload

__all__ = ["WebhookEvent"]

_FIELDS = ("id", "type_", "team_public_id", "occurred_at", "data", "additional_properties")
_values = operator.attrgetter(*_FIELDS)


class WebhookEvent:
    """The JSON body of a delivery. Verify the signature over the raw bytes before parsing.

    Every event is one (``verify_webhook``, ``WebhookEvent(...)``, ``WebhookEvent.from_dict``), with the fields of
    the generated ``WebhookEventPayload``, ``.type`` for its ``type_``, and the keys this package does not
    know in ``additional_properties``."""

    __slots__ = (*_FIELDS, "__weakref__")
    __match_args__ = ("id", "type_", "team_public_id", "occurred_at", "data")
    id: str
    """`evt_…`, equal to `X-Sendmux-Event-Id`; the same on every retry."""
    type_: EventType | str
    """An `EventType`, or a newer type this document does not know yet."""
    team_public_id: str
    """The owning team, `team_…`."""
    occurred_at: datetime.datetime
    """When the underlying mail event happened."""
    data: WebhookEventData
    """The stable facts of an event. All 15 keys are always present; those that do not apply are null."""
    additional_properties: dict[str, Any]
    """The keys this package does not know, as they were in the JSON."""

    def __init__(
        self,
        id: str,
        type_: EventType | str,
        team_public_id: str,
        occurred_at: datetime.datetime,
        data: WebhookEventData,
    ) -> None:
        self.id = id
        self.type_ = type_
        self.team_public_id = team_public_id
        self.occurred_at = occurred_at
        self.data = data
        self.additional_properties = {}

    def to_dict(self) -> dict[str, Any]:
        """The event as JSON-ready data, written by the generated ``WebhookEventPayload.to_dict``."""
        from sendmux_client.models import WebhookEventPayload

        model = WebhookEventPayload(self.id, self.type_, self.team_public_id, self.occurred_at, self.data)
        model.additional_properties = self.additional_properties
        return model.to_dict()

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        """The event read by the generated ``WebhookEventPayload.from_dict``, which does not check types
        (``verify_webhook`` does)."""
        from sendmux_client.models import WebhookEventPayload

        return cls._from_model(WebhookEventPayload.from_dict(src_dict))

    @classmethod
    def _from_model(cls, model: WebhookEventPayload) -> Self:
        event = cls(model.id, model.type_, model.team_public_id, model.occurred_at, model.data)
        event.additional_properties = model.additional_properties
        return event

    @property
    def additional_keys(self) -> list[str]:
        return list(self.additional_properties.keys())

    def __getitem__(self, key: str) -> Any:
        return self.additional_properties[key]

    def __setitem__(self, key: str, value: Any) -> None:
        self.additional_properties[key] = value

    def __delitem__(self, key: str) -> None:
        del self.additional_properties[key]

    def __contains__(self, key: str) -> bool:
        return key in self.additional_properties

    def __eq__(self, other: object) -> bool:
        if other.__class__ is not self.__class__:
            return NotImplemented
        return bool(_values(self) == _values(other))

    def __repr__(self) -> str:
        fields = ", ".join(f"{name}={value!r}" for name, value in zip(_FIELDS, _values(self), strict=True))
        return f"{self.__class__.__name__}({fields})"

    def __getstate__(self) -> dict[str, Any]:
        return dict(zip(_FIELDS, _values(self), strict=True))

    def __setstate__(self, state: dict[str, Any]) -> None:
        for name, value in state.items():
            setattr(self, name, value)

    @property
    def type(self) -> EventType | str:
        """``type_``, under its JSON name: An `EventType`, or a newer type this document does not know yet."""
        return self.type_
