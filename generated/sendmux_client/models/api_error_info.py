from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.error_code import ErrorCode
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.api_error_detail import ApiErrorDetail


T = TypeVar("T", bound="ApiErrorInfo")


@_attrs_define
class ApiErrorInfo:
    code: ErrorCode | str
    """ An `ErrorCode`, or a newer code this document does not know yet. """
    message: str
    """ For people; the wording may change. """
    retryable: bool
    """ Whether the same request may succeed if sent again later. """
    param: str | Unset = UNSET
    """ The request field at fault, when there is one (the first issue's `field` on multi-issue validation). """
    doc_url: str | Unset = UNSET
    """ Link to this code in the error reference. """
    errors: list[ApiErrorDetail] | Unset = UNSET
    """ Every validation issue, on 400/422. """
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        code: str
        if isinstance(self.code, ErrorCode):
            code = self.code.value
        else:
            code = self.code

        message = self.message

        retryable = self.retryable

        param = self.param

        doc_url = self.doc_url

        errors: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.errors, Unset):
            errors = []
            for errors_item_data in self.errors:
                errors_item = errors_item_data.to_dict()
                errors.append(errors_item)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "code": code,
                "message": message,
                "retryable": retryable,
            }
        )
        if param is not UNSET:
            field_dict["param"] = param
        if doc_url is not UNSET:
            field_dict["doc_url"] = doc_url
        if errors is not UNSET:
            field_dict["errors"] = errors

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.api_error_detail import ApiErrorDetail

        d = dict(src_dict)

        def _parse_code(data: object) -> ErrorCode | str:
            try:
                if not isinstance(data, str):
                    raise TypeError()
                componentsschemas_any_error_code_type_0 = ErrorCode(data)

                return componentsschemas_any_error_code_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(ErrorCode | str, data)

        code = _parse_code(d.pop("code"))

        message = d.pop("message")

        retryable = d.pop("retryable")

        param = d.pop("param", UNSET)

        doc_url = d.pop("doc_url", UNSET)

        _errors = d.pop("errors", UNSET)
        errors: list[ApiErrorDetail] | Unset = UNSET
        if _errors is not UNSET:
            errors = []
            for errors_item_data in _errors:
                errors_item = ApiErrorDetail.from_dict(errors_item_data)

                errors.append(errors_item)

        api_error_info = cls(
            code=code,
            message=message,
            retryable=retryable,
            param=param,
            doc_url=doc_url,
            errors=errors,
        )

        api_error_info.additional_properties = d
        return api_error_info

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
