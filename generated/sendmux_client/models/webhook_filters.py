from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="WebhookFilters")


@_attrs_define
class WebhookFilters:
    """Scope of inbound events. Mailbox filters apply to inbound events only (choice); outbound events reach every matching
    subscription.

    """

    mailbox_ids: list[str]
    """ `mbx_…` ids; empty means every mailbox of the team. """
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        mailbox_ids = self.mailbox_ids

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "mailbox_ids": mailbox_ids,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        mailbox_ids = cast(list[str], d.pop("mailbox_ids"))

        webhook_filters = cls(
            mailbox_ids=mailbox_ids,
        )

        webhook_filters.additional_properties = d
        return webhook_filters

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
