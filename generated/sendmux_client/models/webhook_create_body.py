from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar

from attrs import define as _attrs_define

from ..models.event_type import EventType
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.webhook_filters_input import WebhookFiltersInput


T = TypeVar("T", bound="WebhookCreateBody")


@_attrs_define
class WebhookCreateBody:
    """A new subscription. Unknown keys are rejected."""

    url: str
    """ Endpoint that receives deliveries. Must use https. Choice: at most 2048 characters, and no user
    name or password (`https://user:password@...`): receivers authenticate a delivery by its signature,
    and credentials in the URL would be stored, shown to every key that may read webhooks and sent with
    each delivery. Such a URL is 422 `validation_error` naming `url`, and the answer does not repeat it.
     """
    event_types: list[EventType]
    """ At least one event type; the list replaces any previous one. """
    name: str | Unset = UNSET
    """ Label shown in the dashboard; without one the dashboard shows the URL's host. """
    filters: WebhookFiltersInput | Unset = UNSET
    """ Scope of inbound events. An empty list means every mailbox of the team. Replaces the whole scope. """
    enabled: bool | Unset = True
    """ Whether events are delivered. """

    def to_dict(self) -> dict[str, Any]:
        url = self.url

        event_types = []
        for componentsschemas_event_type_list_item_data in self.event_types:
            componentsschemas_event_type_list_item = componentsschemas_event_type_list_item_data.value
            event_types.append(componentsschemas_event_type_list_item)

        name = self.name

        filters: dict[str, Any] | Unset = UNSET
        if not isinstance(self.filters, Unset):
            filters = self.filters.to_dict()

        enabled = self.enabled

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "url": url,
                "event_types": event_types,
            }
        )
        if name is not UNSET:
            field_dict["name"] = name
        if filters is not UNSET:
            field_dict["filters"] = filters
        if enabled is not UNSET:
            field_dict["enabled"] = enabled

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.webhook_filters_input import WebhookFiltersInput

        d = dict(src_dict)
        url = d.pop("url")

        event_types = []
        _event_types = d.pop("event_types")
        for componentsschemas_event_type_list_item_data in _event_types:
            componentsschemas_event_type_list_item = EventType(componentsschemas_event_type_list_item_data)

            event_types.append(componentsschemas_event_type_list_item)

        name = d.pop("name", UNSET)

        _filters = d.pop("filters", UNSET)
        filters: WebhookFiltersInput | Unset
        if isinstance(_filters, Unset):
            filters = UNSET
        else:
            filters = WebhookFiltersInput.from_dict(_filters)

        enabled = d.pop("enabled", UNSET)

        webhook_create_body = cls(
            url=url,
            event_types=event_types,
            name=name,
            filters=filters,
            enabled=enabled,
        )

        return webhook_create_body
