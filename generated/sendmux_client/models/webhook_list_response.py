from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Literal, Self, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.cursor_pagination import CursorPagination
    from ..models.response_meta import ResponseMeta
    from ..models.webhook_subscription import WebhookSubscription


T = TypeVar("T", bound="WebhookListResponse")


@_attrs_define
class WebhookListResponse:
    ok: Literal[True]
    data: list[WebhookSubscription]
    pagination: CursorPagination
    meta: ResponseMeta
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        ok = self.ok

        data = []
        for data_item_data in self.data:
            data_item = data_item_data.to_dict()
            data.append(data_item)

        pagination = self.pagination.to_dict()

        meta = self.meta.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "ok": ok,
                "data": data,
                "pagination": pagination,
                "meta": meta,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.cursor_pagination import CursorPagination
        from ..models.response_meta import ResponseMeta
        from ..models.webhook_subscription import WebhookSubscription

        d = dict(src_dict)
        ok = cast(Literal[True], d.pop("ok"))
        if ok != True:
            raise ValueError(f"ok must match const True, got '{ok}'")

        data = []
        _data = d.pop("data")
        for data_item_data in _data:
            data_item = WebhookSubscription.from_dict(data_item_data)

            data.append(data_item)

        pagination = CursorPagination.from_dict(d.pop("pagination"))

        meta = ResponseMeta.from_dict(d.pop("meta"))

        webhook_list_response = cls(
            ok=ok,
            data=data,
            pagination=pagination,
            meta=meta,
        )

        webhook_list_response.additional_properties = d
        return webhook_list_response

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
