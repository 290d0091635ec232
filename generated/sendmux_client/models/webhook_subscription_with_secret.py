from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.event_type import EventType

if TYPE_CHECKING:
    from ..models.webhook_filters import WebhookFilters


T = TypeVar("T", bound="WebhookSubscriptionWithSecret")


@_attrs_define
class WebhookSubscriptionWithSecret:
    """A subscription with its signing secret, as returned by create and rotate only."""

    id: str
    """ `whk_…` """
    name: None | str
    """ Label, or null when none was given. """
    url: str
    """ The https endpoint. """
    event_types: list[EventType | str]
    filters: WebhookFilters
    """ Scope of inbound events. Mailbox filters apply to inbound events only (choice); outbound events reach every
    matching subscription. """
    enabled: bool
    failing: bool
    """ True once the retry window for an event ran out; cleared by re-enabling. """
    created_at: datetime.datetime
    updated_at: datetime.datetime
    """ Changes on update and on secret rotation (choice), not when `failing` flips. """
    secret: str
    """ `whsec_…`. Opaque; HMAC key is its UTF-8 bytes. Shown only once. """
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        name: None | str
        name = self.name

        url = self.url

        event_types = []
        for event_types_item_data in self.event_types:
            event_types_item: str
            if isinstance(event_types_item_data, EventType):
                event_types_item = event_types_item_data.value
            else:
                event_types_item = event_types_item_data
            event_types.append(event_types_item)

        filters = self.filters.to_dict()

        enabled = self.enabled

        failing = self.failing

        created_at = self.created_at.isoformat()

        updated_at = self.updated_at.isoformat()

        secret = self.secret

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "name": name,
                "url": url,
                "event_types": event_types,
                "filters": filters,
                "enabled": enabled,
                "failing": failing,
                "created_at": created_at,
                "updated_at": updated_at,
                "secret": secret,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.webhook_filters import WebhookFilters

        d = dict(src_dict)
        id = d.pop("id")

        def _parse_name(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        name = _parse_name(d.pop("name"))

        url = d.pop("url")

        event_types = []
        _event_types = d.pop("event_types")
        for event_types_item_data in _event_types:

            def _parse_event_types_item(data: object) -> EventType | str:
                try:
                    if not isinstance(data, str):
                        raise TypeError()
                    componentsschemas_any_event_type_type_0 = EventType(data)

                    return componentsschemas_any_event_type_type_0
                except (TypeError, ValueError, AttributeError, KeyError):
                    pass
                return cast(EventType | str, data)

            event_types_item = _parse_event_types_item(event_types_item_data)

            event_types.append(event_types_item)

        filters = WebhookFilters.from_dict(d.pop("filters"))

        enabled = d.pop("enabled")

        failing = d.pop("failing")

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        updated_at = datetime.datetime.fromisoformat(d.pop("updated_at"))

        secret = d.pop("secret")

        webhook_subscription_with_secret = cls(
            id=id,
            name=name,
            url=url,
            event_types=event_types,
            filters=filters,
            enabled=enabled,
            failing=failing,
            created_at=created_at,
            updated_at=updated_at,
            secret=secret,
        )

        webhook_subscription_with_secret.additional_properties = d
        return webhook_subscription_with_secret

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
