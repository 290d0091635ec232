from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar, cast

from attrs import define as _attrs_define

T = TypeVar("T", bound="WebhookFiltersInput")


@_attrs_define
class WebhookFiltersInput:
    """Scope of inbound events. An empty list means every mailbox of the team. Replaces the whole scope."""

    mailbox_ids: list[str]
    """ `mbx_…` ids. """

    def to_dict(self) -> dict[str, Any]:
        mailbox_ids = self.mailbox_ids

        field_dict: dict[str, Any] = {}

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

        webhook_filters_input = cls(
            mailbox_ids=mailbox_ids,
        )

        return webhook_filters_input
