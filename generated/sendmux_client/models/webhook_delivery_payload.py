from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.event_type import EventType

if TYPE_CHECKING:
    from ..models.webhook_event_payload import WebhookEventPayload


T = TypeVar("T", bound="WebhookDeliveryPayload")


@_attrs_define
class WebhookDeliveryPayload:
    """The retained body of one delivery attempt."""

    id: str
    event_id: str
    event_type: EventType | str
    """ An `EventType`, or a newer type this document does not know yet. """
    delivery_attempt: int
    created_at: datetime.datetime
    expires_at: datetime.datetime
    payload: WebhookEventPayload
    """ The JSON body of a delivery. Verify the signature over the raw bytes before parsing. """
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        event_id = self.event_id

        event_type: str
        if isinstance(self.event_type, EventType):
            event_type = self.event_type.value
        else:
            event_type = self.event_type

        delivery_attempt = self.delivery_attempt

        created_at = self.created_at.isoformat()

        expires_at = self.expires_at.isoformat()

        payload = self.payload.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "event_id": event_id,
                "event_type": event_type,
                "delivery_attempt": delivery_attempt,
                "created_at": created_at,
                "expires_at": expires_at,
                "payload": payload,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.webhook_event_payload import WebhookEventPayload

        d = dict(src_dict)
        id = d.pop("id")

        event_id = d.pop("event_id")

        def _parse_event_type(data: object) -> EventType | str:
            try:
                if not isinstance(data, str):
                    raise TypeError()
                componentsschemas_any_event_type_type_0 = EventType(data)

                return componentsschemas_any_event_type_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(EventType | str, data)

        event_type = _parse_event_type(d.pop("event_type"))

        delivery_attempt = d.pop("delivery_attempt")

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        expires_at = datetime.datetime.fromisoformat(d.pop("expires_at"))

        payload = WebhookEventPayload.from_dict(d.pop("payload"))

        webhook_delivery_payload = cls(
            id=id,
            event_id=event_id,
            event_type=event_type,
            delivery_attempt=delivery_attempt,
            created_at=created_at,
            expires_at=expires_at,
            payload=payload,
        )

        webhook_delivery_payload.additional_properties = d
        return webhook_delivery_payload

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
