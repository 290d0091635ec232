from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.event_type import EventType

if TYPE_CHECKING:
    from ..models.webhook_event_data import WebhookEventData


T = TypeVar("T", bound="WebhookEventPayload")


@_attrs_define
class WebhookEventPayload:
    """The JSON body of a delivery. Verify the signature over the raw bytes before parsing."""

    id: str
    """ `evt_…`, equal to `X-Sendmux-Event-Id`; the same on every retry. """
    type_: EventType | str
    """ An `EventType`, or a newer type this document does not know yet. """
    team_public_id: str
    """ The owning team, `team_…`. """
    occurred_at: datetime.datetime
    """ When the underlying mail event happened. """
    data: WebhookEventData
    """ The stable facts of an event. All 15 keys are always present; those that do not apply are null. """
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        type_: str
        if isinstance(self.type_, EventType):
            type_ = self.type_.value
        else:
            type_ = self.type_

        team_public_id = self.team_public_id

        occurred_at = self.occurred_at.isoformat()

        data = self.data.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "type": type_,
                "team_public_id": team_public_id,
                "occurred_at": occurred_at,
                "data": data,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.webhook_event_data import WebhookEventData

        d = dict(src_dict)
        id = d.pop("id")

        def _parse_type_(data: object) -> EventType | str:
            try:
                if not isinstance(data, str):
                    raise TypeError()
                componentsschemas_any_event_type_type_0 = EventType(data)

                return componentsschemas_any_event_type_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(EventType | str, data)

        type_ = _parse_type_(d.pop("type"))

        team_public_id = d.pop("team_public_id")

        occurred_at = datetime.datetime.fromisoformat(d.pop("occurred_at"))

        data = WebhookEventData.from_dict(d.pop("data"))

        webhook_event_payload = cls(
            id=id,
            type_=type_,
            team_public_id=team_public_id,
            occurred_at=occurred_at,
            data=data,
        )

        webhook_event_payload.additional_properties = d
        return webhook_event_payload

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
