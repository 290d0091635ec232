from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Literal, Self, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.api_error_info import ApiErrorInfo
    from ..models.response_meta import ResponseMeta


T = TypeVar("T", bound="ApiError")


@_attrs_define
class ApiError:
    """The error envelope every failed request answers with."""

    ok: Literal[False]
    error: ApiErrorInfo
    meta: ResponseMeta
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        ok = self.ok

        error = self.error.to_dict()

        meta = self.meta.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "ok": ok,
                "error": error,
                "meta": meta,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.api_error_info import ApiErrorInfo
        from ..models.response_meta import ResponseMeta

        d = dict(src_dict)
        ok = cast(Literal[False], d.pop("ok"))
        if ok != False:
            raise ValueError(f"ok must match const False, got '{ok}'")

        error = ApiErrorInfo.from_dict(d.pop("error"))

        meta = ResponseMeta.from_dict(d.pop("meta"))

        api_error = cls(
            ok=ok,
            error=error,
            meta=meta,
        )

        api_error.additional_properties = d
        return api_error

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
