from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Literal, Self, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.response_meta import ResponseMeta
    from ..models.webhook_test_result import WebhookTestResult


T = TypeVar("T", bound="WebhookTestResponse")


@_attrs_define
class WebhookTestResponse:
    ok: Literal[True]
    data: WebhookTestResult
    meta: ResponseMeta
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        ok = self.ok

        data = self.data.to_dict()

        meta = self.meta.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "ok": ok,
                "data": data,
                "meta": meta,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.response_meta import ResponseMeta
        from ..models.webhook_test_result import WebhookTestResult

        d = dict(src_dict)
        ok = cast(Literal[True], d.pop("ok"))
        if ok != True:
            raise ValueError(f"ok must match const True, got '{ok}'")

        data = WebhookTestResult.from_dict(d.pop("data"))

        meta = ResponseMeta.from_dict(d.pop("meta"))

        webhook_test_response = cls(
            ok=ok,
            data=data,
            meta=meta,
        )

        webhook_test_response.additional_properties = d
        return webhook_test_response

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
